"""Who sees which application (issue 11 tests): another office's or another kiosk's is 404."""
import pytest

from emitra.applications.tests.conftest import decide, file_and_pay, person


@pytest.fixture
def at_chaksu(apps_demo, client_as):
    return file_and_pay(client_as(apps_demo.operator), apps_demo.kiosk, office="REVENUE-JPR-CHAKSU")


def test_an_officer_of_another_office_gets_404_and_cannot_decide(at_chaksu, client_as):
    sanganer = client_as(person("TEHSIL.SANGANER"))
    number = at_chaksu.number
    assert sanganer.get(f"/dept/applications/{number}/").status_code == 404
    assert decide(sanganer, number, "approve").status_code == 404
    assert sanganer.get(f"/dept/applications/{number}/certificate.pdf").status_code == 404
    assert number not in sanganer.get("/dept/applications/").content.decode()
    at_chaksu.refresh_from_db()
    assert at_chaksu.state == "submitted"
    # the tehsil's own office, and the district's collectorate above it, see it
    assert client_as(person("TEHSIL.CHAKSU")).get(f"/dept/applications/{number}/").status_code == 200
    assert number in client_as(person("COLLECTOR.JAIPUR")).get("/dept/applications/").content.decode()
    # another department's officer does not
    assert client_as(person("REGISTRAR.SANGANER")).get(f"/dept/applications/{number}/").status_code == 404


def test_another_kiosk_gets_404_for_every_page_of_the_application(at_chaksu, apps_demo, client_as):
    other = client_as(apps_demo.other_holder)
    code, number = apps_demo.other_kiosk.code, at_chaksu.number
    for path in ("", "edit/", "office/", "acknowledgement/", "acknowledgement.pdf", "certificate.pdf"):
        assert other.get(f"/k/{code}/applications/{number}/{path}").status_code == 404, path
    # nor through its own kiosk's code
    own = apps_demo.kiosk.code
    assert other.get(f"/k/{own}/applications/{number}/").status_code == 404
    assert other.post(f"/k/{code}/applications/{number}/resubmit/").status_code == 404
    # the kiosk's LSP officer oversees the kiosk but does not read its citizens' applications
    assert client_as(apps_demo.lsp_jaipur).get(f"/k/{own}/applications/{number}/").status_code == 404


def test_a_citizen_sees_only_applications_filed_with_their_sso_id(at_chaksu, apps_demo, client_as):
    citizen = client_as(apps_demo.citizen)
    page = citizen.get("/citizen/").content.decode()
    assert at_chaksu.number in page and at_chaksu.fee_line.receipt.number in page
    assert citizen.get(f"/citizen/applications/{at_chaksu.number}/").status_code == 200
    stranger = client_as(apps_demo.lsp_jodhpur)
    assert at_chaksu.number not in stranger.get("/citizen/").content.decode()
    assert stranger.get(f"/citizen/applications/{at_chaksu.number}/").status_code == 404
