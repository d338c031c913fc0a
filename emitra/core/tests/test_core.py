"""Money formatting, the health probe, the audit page and the deploy checks."""
import subprocess
import sys

import pytest

from emitra.core.money import AmountError, format_paise, paise_to_input, parse_rupees


@pytest.mark.parametrize("paise,text", [(0, "₹0.00"), (5, "₹0.05"), (12345650, "₹1,23,456.50"),
                                        (10_00_00_000_00, "₹10,00,00,000.00"), (-150, "-₹1.50")])
def test_amounts_are_shown_with_indian_grouping(paise, text):
    assert format_paise(paise) == text


@pytest.mark.parametrize("paise,text", [(0, "0.00"), (5, "0.05"), (12345650, "123456.50"), (-150, "-1.50"),
                                        (-5, "-0.05")])
def test_plain_amounts_for_forms_and_exports_have_no_grouping_and_keep_the_sign(paise, text):
    assert paise_to_input(paise) == text


@pytest.mark.parametrize("text,paise", [("1,23,456.5", 12345650), ("₹10", 1000), (" 0.01 ", 1)])
def test_typed_rupees_become_paise(text, paise):
    assert parse_rupees(text) == paise


@pytest.mark.parametrize("text", ["", "abc", "0", "-5", "1.001", "1e3x", "NaN", "Infinity", "1" * 20])
def test_bad_amounts_are_refused(text):
    with pytest.raises(AmountError):
        parse_rupees(text)


@pytest.mark.django_db
def test_healthz_answers_when_the_database_does(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.content == b"ok\n"


@pytest.mark.django_db
def test_doit_filters_the_audit_log(cast, client_as):
    from emitra.network import services

    services.add_kiosk_user(cast.kiosk, cast.holder, sso_id="CITIZEN.DEMO", role="kiosk_operator")
    doit = client_as(cast.doit)
    body = doit.get("/doit/audit/", {"kiosk": cast.kiosk.code, "action": "kiosk_user"}).content.decode()
    assert "kiosk_user.added" in body and "CITIZEN.DEMO" in body
    body = doit.get("/doit/audit/", {"kiosk": cast.other_kiosk.code, "action": "kiosk_user"}).content.decode()
    assert "kiosk_user.added" not in body
    assert doit.get("/doit/audit/", {"date_from": "not-a-date", "page": "x"}).status_code == 200


@pytest.mark.django_db
def test_the_pages_switch_to_hindi(client):
    r = client.post("/i18n/setlang/", {"language": "hi", "next": "/"}, follow=True)
    assert 'lang="hi"' in r.content.decode()


def test_emitra_check_passes_the_deploy_checks_on_production_settings(tmp_path):
    result = subprocess.run([sys.executable, "-m", "emitra.cli", "check"], capture_output=True, text=True,
                            env={"EMITRA_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_the_audit_log_filters_say_beside_the_field_what_is_wrong(cast, client_as):
    """Issue 9 items 6 and 18: a control character or a date that is none is a message
    beside its field; the other filters still apply; dates read DD-MM-YYYY."""
    doit = client_as(cast.doit)
    r = doit.get("/doit/audit/", {"kiosk": "KJ\x00PR", "date_from": "31-02-2026"})
    body = r.content.decode()
    assert r.status_code == 200
    assert "There is no such date" in body and "control or direction-changing" in body
    r = doit.get("/doit/audit/", {"date_from": "01-01-2100"})
    assert "Nothing matches." in r.content.decode() and 'value="01-01-2100"' in r.content.decode()


@pytest.mark.django_db
def test_a_hostile_search_or_filter_in_the_query_string_is_left_out_with_a_message(cast, client_as):
    """Issue 9 item 6: the query-string values no form reads (DoIT's kiosk and ledger-account
    searches, the LSP statement's LSP, the catalogue's department, the deposit's kiosk) never
    take a NUL or control character to a query: the default and a message instead."""
    from emitra.core.text import QUERY_REFUSED

    doit = client_as(cast.doit)
    for path, name in (("/doit/", "q"), ("/doit/wallet/accounts/", "q"), ("/lsp/commission/", "lsp"),
                       ("/doit/wallet/deposits/", "kiosk")):
        r = doit.get(path, {name: "KJ\x00\x1b[31m"})
        assert r.status_code == 200, (path, r.status_code)
        assert str(QUERY_REFUSED) in r.content.decode(), path
    r = client_as(cast.operator).get(f"/k/{cast.kiosk.code}/services/", {"department": "PH\x00ED"})
    assert r.status_code == 200 and str(QUERY_REFUSED) in r.content.decode()
