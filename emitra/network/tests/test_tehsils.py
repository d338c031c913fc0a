"""A kiosk's tehsil, recorded by its LSP or DoIT (issue 11 req. 2)."""
from emitra.network.models import Kiosk


def test_the_kiosks_lsp_records_its_tehsil_and_nobody_else_may(cast, client_as):
    kiosk = cast.kiosk
    Kiosk.objects.filter(pk=kiosk.pk).update(tehsil=None)
    assert client_as(cast.holder).post(f"/k/{kiosk.code}/tehsil/", {"tehsil": "JPR-AMER"}).status_code == 404
    assert client_as(cast.lsp_jodhpur).post(f"/k/{kiosk.code}/tehsil/", {"tehsil": "JPR-AMER"}).status_code == 404
    kiosk.refresh_from_db()
    assert kiosk.tehsil is None
    lsp = client_as(cast.lsp_jaipur)
    assert 'name="tehsil"' in lsp.get(f"/k/{kiosk.code}/").content.decode()
    lsp.post(f"/k/{kiosk.code}/tehsil/", {"tehsil": "JDH-OSIAN"})  # another district's: refused
    kiosk.refresh_from_db()
    assert kiosk.tehsil is None
    lsp.post(f"/k/{kiosk.code}/tehsil/", {"tehsil": "JPR-AMER"})
    kiosk.refresh_from_db()
    assert kiosk.tehsil.code == "JPR-AMER"
    assert "Amer" in client_as(cast.holder).get(f"/k/{kiosk.code}/").content.decode()
