"""DigiLocker (F30, issue 11 req. 7) end to end over HTTP: a no-JavaScript browser (requests, forms
read from the pages), the portal on pytest-django's live server signed in through its bundled SSO
provider, and the local DigiLocker (emitra.documents.digilocker_server) on its own port speaking the
Authorized Partner API: authorization code with PKCE, the consent page, issued documents, files."""
import hashlib
from urllib.parse import urlsplit

import pytest

from emitra import pagecheck
from emitra.accounts.tests.oidc_browser import (
    Browser,
    find_form,
    query,
    sign_in_at_provider,
    start_sign_in,
    submit_buttons,
    with_query,
)
from emitra.documents.digilocker_server import DEMO_PIN, s256
from emitra.documents.models import Blob, Document, LockerGrant
from emitra.documents.tests.conftest import CLIENT_ID, SECRET, code_sent_to

pytestmark = pytest.mark.django_db(transaction=True)

INCOME = "in.gov.rajasthan.revenue-INCER-RJ2026000123"
CASTE = "in.gov.rajasthan.revenue-CASCR-RJ2025004567"
AADHAAR = "in.gov.uidai-ADHAR-XXXXXXXX0007"
MARKSHEET = "in.gov.rajasthan.rbse-SSCER-2001123456"  # listed, but the issuer gives no file


def signed_in(portal, sso_id):
    from emitra.demo.cast import DEMO_PASSWORD

    browser = Browser(portal)
    page = sign_in_at_provider(browser, start_sign_in(browser), provider_prefix=portal + "/sso/",
                               login_field="sso_id", login=sso_id, password=DEMO_PASSWORD)
    assert page.status == 200 and sso_id in page.text, page.text[:500]
    return browser


def checked(page):
    """The portal page passes the suite's page check (size budget, valid HTML, forms)."""
    assert page.status < 500, (page.status, page.url, page.text[:500])
    pagecheck.check_page(urlsplit(page.url).path, page.response.content)
    return page


def to_consent(browser, start_path):
    """Follow the portal's DigiLocker button to DigiLocker's consent page; (the authorization request, page)."""
    page = browser.get(start_path)
    authorize = next(r.headers["Location"] for r in page.chain if "/oauth2/1/authorize" in r.headers.get("Location", ""))
    assert page.status == 200 and "/oauth2/1/authorize" in page.url, (page.status, page.urls())
    return query(authorize), page


def consent(browser, page, *, decision="allow", username="9414000007", pin=DEMO_PIN, stop_before=None):
    form = find_form(page, has_field="pin")
    button = next(b for b in submit_buttons(form) if b.get("value") == decision)
    return browser.submit(page, form, {"username": username, "pin": pin}, button=button, stop_before=stop_before)


def connect(browser, start_path="/me/documents/digilocker/connect/"):
    request, page = to_consent(browser, start_path)
    return request, consent(browser, page)


def keep(browser, page, uri, kind=None):
    form = None
    for f in page.soup.find_all("form"):
        if f.find("input", {"name": "uri", "value": uri}):
            form = f
    assert form is not None, f"no form for {uri} on {page.url}: {page.text[:800]}"
    return browser.submit(page, form, {"kind": kind} if kind else None)


def messages_of(page):
    return " ".join(li.get_text(" ", strip=True) for li in page.soup.select("ul.messages li"))


def token_requests(server):
    return [c for c in server.calls if c == ("POST", "/oauth2/1/token")]


def test_a_citizen_copies_an_issued_document_from_digilocker_marked_as_verified_by_its_issuer(portal, digilocker,
                                                                                             kinds):
    browser = signed_in(portal, "CITIZEN.DEMO")
    mine = checked(browser.get("/me/documents/"))
    button = mine.soup.find("a", href="/me/documents/digilocker/connect/")
    assert button is not None and "DigiLocker" in button.get_text()

    request, page = to_consent(browser, button["href"])
    # the authorization request of the Authorized Partner API: code flow, PKCE S256, our state
    assert request["response_type"] == "code" and request["client_id"] == CLIENT_ID
    assert request["redirect_uri"] == portal + "/digilocker/callback/"
    assert request["code_challenge_method"] == "S256" and len(request["code_challenge"]) == 43
    assert len(request["state"]) >= 20
    assert "e-Mitra" in page.text and "Allow" in page.text

    page = checked(consent(browser, page))
    assert urlsplit(page.url).path == "/me/documents/digilocker/", page.urls()
    assert "Connected to DigiLocker: Kamla Devi." in messages_of(page)
    names = [td.find("b").get_text() for td in page.soup.select("table.documents tbody tr td:first-child")]
    assert names == ["Income Certificate", "Caste Certificate", "Aadhaar Card", "Class X Marksheet"]
    assert len(token_requests(digilocker)) == 1

    page = checked(keep(browser, page, INCOME))
    assert "Kept in the locker, verified by its issuer: Income Certificate." in messages_of(page)
    row = page.soup.find("b", string="Income Certificate").find_parent("tr")
    assert "In the locker" in row.get_text() and row.find("form") is None

    document = Document.objects.get()
    issued = next(d for d in digilocker.accounts[0].documents if d.uri == INCOME)
    assert (document.source, document.issuer_verified, document.digilocker_uri) == ("digilocker", True, INCOME)
    assert document.kind.code == "income_proof" and document.locker.person.sso_id == "CITIZEN.DEMO"
    assert document.blob.sha256 == hashlib.sha256(issued.content).hexdigest()
    assert document.kiosk is None

    mine = checked(browser.get("/me/documents/"))
    row = mine.soup.select_one("table.documents tbody tr")
    assert "Verified by the issuer (DigiLocker)" in row.get_text() and "from DigiLocker" in row.get_text()
    file = browser.session.get(portal + f"/documents/{document.token}/", timeout=20)
    assert file.status_code == 200 and file.content == issued.content

    # the same document again is the same document; another one is a second
    page = checked(keep(browser, checked(browser.get("/me/documents/digilocker/")), CASTE, kind="caste_proof"))
    assert Document.objects.count() == 2 and Blob.objects.count() == 2
    assert Document.objects.filter(issuer_verified=True).count() == 2


def test_a_document_uploaded_before_becomes_issuer_verified_when_digilocker_gives_the_same_bytes(portal, digilocker,
                                                                                                 kinds):
    from emitra.documents import services
    from emitra.documents.tests.conftest import upload

    issued = next(d for d in digilocker.accounts[0].documents if d.uri == AADHAAR)
    locker = services.locker_for_person(kinds.citizen)
    earlier = services.store_upload(locker, upload("aadhaar-scan.pdf", issued.content), kind="aadhaar",
                                    by=kinds.citizen)
    assert not earlier.issuer_verified

    browser = signed_in(portal, "CITIZEN.DEMO")
    _request, page = connect(browser)
    page = checked(keep(browser, page, AADHAAR))
    assert "in the locker already" in messages_of(page)
    earlier.refresh_from_db()
    assert (earlier.issuer_verified, earlier.source, earlier.digilocker_uri) == (True, "digilocker", AADHAAR)
    assert Document.objects.count() == 1 and Blob.objects.count() == 1


def test_a_tampered_state_is_refused_and_no_code_is_exchanged(portal, digilocker, kinds):
    browser = signed_in(portal, "CITIZEN.DEMO")
    _request, page = to_consent(browser, "/me/documents/digilocker/connect/")
    callback = portal + "/digilocker/callback/"
    page = consent(browser, page, stop_before=lambda url: url.startswith(callback))
    answer = page.pending
    assert answer and query(answer)["code"] and query(answer)["state"]

    tampered = checked(browser.get(with_query(answer, state=query(answer)["state"][:-2] + "xx")))
    assert tampered.status == 400
    assert "does not belong to a request made from this browser" in tampered.soup.select_one("p.error").get_text()
    assert token_requests(digilocker) == []
    # no connection was made: the list sends back to the locker
    page = browser.get("/me/documents/digilocker/")
    assert urlsplit(page.url).path == "/me/documents/" and "Connect to DigiLocker first." in messages_of(page)

    # the true answer still works once, and only once
    page = checked(browser.get(answer))
    assert urlsplit(page.url).path == "/me/documents/digilocker/" and len(token_requests(digilocker)) == 1
    again = checked(browser.get(answer))
    assert again.status == 400 and len(token_requests(digilocker)) == 1
    assert Document.objects.count() == 0


def test_an_answer_carried_to_another_browser_is_refused(portal, digilocker, kinds):
    """A code and state caught on the way (a shared link, a shoulder-surfed URL) do not work in a
    session that did not start that request, not even the same citizen's other session."""
    browser = signed_in(portal, "CITIZEN.DEMO")
    _request, page = to_consent(browser, "/me/documents/digilocker/connect/")
    callback = portal + "/digilocker/callback/"
    answer = consent(browser, page, stop_before=lambda url: url.startswith(callback)).pending

    other = signed_in(portal, "CITIZEN.DEMO")
    page = checked(other.get(answer))
    assert page.status == 400 and token_requests(digilocker) == []


def test_on_a_shared_browser_the_next_person_never_gets_the_last_ones_digilocker(portal, digilocker, kinds,
                                                                                 client_as):
    """With an external SSO issuer, signing out of the portal keeps the browser's session (only the
    person's keys go, as emitra.accounts.session.sign_out does); whoever signs in next on that browser
    must not use the DigiLocker request or connection the last person made."""
    import requests

    from emitra.accounts.session import MEMBERSHIPS_KEY, PERSON_KEY
    from emitra.conftest import sign_in

    def next_person_on_this_browser(client, person):
        session = client.session
        session.pop(PERSON_KEY), session.pop(MEMBERSHIPS_KEY)
        session.save()
        sign_in(client, person)

    def consent_over_http(client):
        """The portal's DigiLocker button, then the citizen allowing e-Mitra at DigiLocker; DigiLocker's answer."""
        authorize = client.get("/me/documents/digilocker/connect/")["Location"]
        page = requests.get(authorize, timeout=20)
        form = {i["name"]: i.get("value", "") for i in page_soup(page).find("form").find_all("input")}
        answer = requests.post(digilocker.url + "/oauth2/1/authorize", allow_redirects=False, timeout=20,
                               data=dict(form, username="9414000007", pin=DEMO_PIN, decision="allow"))
        return urlsplit(answer.headers["Location"])

    digilocker.httpd.clients[CLIENT_ID].redirect_uris.add("http://testserver/digilocker/callback/")
    client = client_as(kinds.citizen)
    answer = consent_over_http(client)
    next_person_on_this_browser(client, kinds.holder)
    refused = client.get(f"{answer.path}?{answer.query}")
    assert refused.status_code == 400 and token_requests(digilocker) == []

    client = client_as(kinds.citizen)
    answer = consent_over_http(client)
    assert client.get(f"{answer.path}?{answer.query}")["Location"] == "/me/documents/digilocker/"
    assert client.get("/me/documents/digilocker/").status_code == 200
    next_person_on_this_browser(client, kinds.holder)
    calls = len(digilocker.calls)
    page = client.get("/me/documents/digilocker/", follow=True)
    assert page.redirect_chain[-1][0] == "/me/documents/"
    assert "Connect to DigiLocker first." in page.content.decode()
    assert len(digilocker.calls) == calls  # the last one's token was not even tried


def page_soup(response):
    from bs4 import BeautifulSoup

    return BeautifulSoup(response.text, "html.parser")


def test_digilocker_refuses_the_code_without_the_pkce_verifier_and_the_portal_says_so(portal, digilocker, kinds):
    import requests

    browser = signed_in(portal, "CITIZEN.DEMO")
    request, page = to_consent(browser, "/me/documents/digilocker/connect/")
    callback = portal + "/digilocker/callback/"
    answer = consent(browser, page, stop_before=lambda url: url.startswith(callback)).pending
    # someone who caught the code tries it with a verifier of their own: refused, and the code is spent
    stolen = requests.post(digilocker.url + "/oauth2/1/token", auth=(CLIENT_ID, SECRET), timeout=20, data={
        "grant_type": "authorization_code", "code": query(answer)["code"], "redirect_uri": callback,
        "code_verifier": "a-verifier-that-is-not-the-portals-" + "x" * 20})
    assert stolen.status_code == 400 and stolen.json()["error"] == "invalid_grant"
    assert s256("a-verifier-that-is-not-the-portals-" + "x" * 20) != request["code_challenge"]

    page = checked(browser.get(answer))
    assert urlsplit(page.url).path == "/me/documents/"
    assert "DigiLocker did not accept this sign-in" in messages_of(page)
    assert browser.get("/me/documents/digilocker/").url.endswith("/me/documents/")


def test_a_denial_at_digilocker_takes_nothing(portal, digilocker, kinds):
    browser = signed_in(portal, "CITIZEN.DEMO")
    _request, page = to_consent(browser, "/me/documents/digilocker/connect/")
    page = checked(consent(browser, page, decision="deny"))
    assert urlsplit(page.url).path == "/me/documents/"
    assert "DigiLocker access was not allowed, so nothing was taken from DigiLocker." in messages_of(page)
    assert token_requests(digilocker) == [] and Document.objects.count() == 0


def test_a_wrong_pin_at_digilocker_is_told_there(portal, digilocker, kinds):
    browser = signed_in(portal, "CITIZEN.DEMO")
    _request, page = to_consent(browser, "/me/documents/digilocker/connect/")
    page = consent(browser, page, pin="000000")
    assert page.status == 400 and "/oauth2/1/authorize" in page.url
    assert "PIN is not right" in page.text


def test_an_expired_token_asks_to_connect_again_and_keeps_nothing(portal, digilocker, kinds):
    browser = signed_in(portal, "CITIZEN.DEMO")
    _request, listing = connect(browser)
    digilocker.expire_tokens()

    page = checked(keep(browser, listing, INCOME))
    assert urlsplit(page.url).path == "/me/documents/"
    assert "The DigiLocker connection has expired. Connect to DigiLocker again." in messages_of(page)
    assert Document.objects.count() == 0 and Blob.objects.count() == 0
    # the portal forgot the dead token: the list asks to connect, without asking DigiLocker
    calls = len(digilocker.calls)
    page = browser.get("/me/documents/digilocker/")
    assert urlsplit(page.url).path == "/me/documents/" and "Connect to DigiLocker first." in messages_of(page)
    assert len(digilocker.calls) == calls
    # connecting again works
    _request, page = connect(browser)
    assert urlsplit(page.url).path == "/me/documents/digilocker/"


def test_an_expired_token_on_the_list_asks_to_connect_again(portal, digilocker, kinds):
    browser = signed_in(portal, "CITIZEN.DEMO")
    connect(browser)
    digilocker.expire_tokens()
    page = checked(browser.get("/me/documents/digilocker/"))
    assert urlsplit(page.url).path == "/me/documents/"
    assert "The DigiLocker connection has expired." in messages_of(page)


def test_a_file_digilocker_does_not_have_is_told_beside_its_document(portal, digilocker, kinds):
    browser = signed_in(portal, "CITIZEN.DEMO")
    _request, listing = connect(browser)
    page = checked(keep(browser, listing, MARKSHEET))
    assert page.status == 400
    row = page.soup.find("b", string="Class X Marksheet").find_parent("tr")
    error = row.select_one("strong.error").get_text(" ", strip=True)
    assert "DigiLocker has no file for this document (No file found for given URI)" in error
    assert "upload a copy instead" in error
    assert Document.objects.count() == 0 and Blob.objects.count() == 0


def test_a_file_changed_on_the_way_is_refused(portal, digilocker, kinds):
    """DigiLocker's hmac header (HMAC-SHA256 of the bytes keyed by the client secret) must match."""
    browser = signed_in(portal, "CITIZEN.DEMO")
    _request, listing = connect(browser)
    digilocker.httpd.clients[CLIENT_ID].client_secret = "another-secret"  # the bytes' MAC no longer matches ours
    page = checked(keep(browser, listing, INCOME))
    assert page.status == 400 and "damaged on the way" in page.soup.select_one("strong.error").get_text()
    assert Document.objects.count() == 0


def test_a_file_that_is_not_a_document_is_refused_like_an_upload(portal, digilocker, kinds):
    digilocker.accounts[0].documents[0].content = b"<html>not a pdf</html>"
    browser = signed_in(portal, "CITIZEN.DEMO")
    _request, listing = connect(browser)
    page = checked(keep(browser, listing, INCOME))
    assert page.status == 400 and "not a PDF, JPEG or PNG" in page.soup.select_one("strong.error").get_text()
    assert Document.objects.count() == 0 and Blob.objects.count() == 0


def open_locker_at_kiosk(browser, kinds):
    """The operator opens the citizen's locker by SSO ID with the code from the citizen's SMS."""
    kiosk = kinds.kiosk.code
    page = checked(browser.get(f"/k/{kiosk}/documents/"))
    form = find_form(page, has_field="sso-sso_id")
    page = checked(browser.submit(page, form, {"sso-sso_id": "CITIZEN.DEMO"}))
    form = find_form(page, has_field="code")
    page = checked(browser.submit(page, form, {"code": code_sent_to(kinds.citizen.mobile)}))
    grant = LockerGrant.objects.get()
    assert urlsplit(page.url).path == f"/k/{kiosk}/documents/{grant.pk}/", page.urls()
    return grant, page


def test_a_kiosk_copies_from_the_citizens_digilocker_with_their_consent_there(portal, digilocker, kinds):
    kiosk = kinds.kiosk.code
    operator = signed_in(portal, "KIOSK.OPERATOR")
    grant, page = open_locker_at_kiosk(operator, kinds)
    start = f"/k/{kiosk}/documents/{grant.pk}/digilocker/connect/"
    assert page.soup.find("a", href=start) is not None

    request, consent_page = to_consent(operator, start)
    assert request["redirect_uri"] == portal + "/digilocker/callback/"
    page = checked(consent(operator, consent_page))  # the citizen signs in on the kiosk's screen
    assert urlsplit(page.url).path == f"/k/{kiosk}/documents/{grant.pk}/digilocker/", page.urls()
    assert "CITIZEN.DEMO" in page.text and "Kamla Devi" in page.text
    page = checked(keep(operator, page, AADHAAR))
    document = Document.objects.get()
    assert (document.issuer_verified, document.kiosk_id, document.uploaded_by) == (True, kinds.kiosk.pk,
                                                                                   kinds.operator)
    assert document.locker.person == kinds.citizen and document.kind.code == "aadhaar"
    page = checked(operator.get(f"/k/{kiosk}/documents/{grant.pk}/"))
    assert "Verified by the issuer (DigiLocker)" in page.soup.select_one("table.documents").get_text()

    # the citizen sees it in their own locker, verified
    citizen = signed_in(portal, "CITIZEN.DEMO")
    mine = checked(citizen.get("/me/documents/"))
    assert "Verified by the issuer (DigiLocker)" in mine.soup.select_one("table.documents").get_text()

    # another kiosk's operator cannot use this grant's DigiLocker pages
    other = signed_in(portal, "HOLDER.SANGANER")
    assert other.get(f"/k/{kiosk}/documents/{grant.pk}/digilocker/").status == 404
    assert other.get(f"/k/{kinds.other_kiosk.code}/documents/{grant.pk}/digilocker/connect/").status == 404

    # done with the citizen: the grant ends, and the DigiLocker connection with it
    form = find_form(page, action_path=f"/k/{kiosk}/documents/{grant.pk}/done/")
    operator.submit(page, form)
    assert operator.get(f"/k/{kiosk}/documents/{grant.pk}/digilocker/").status == 404
    assert operator.get(start, stop_before=lambda url: True).status == 404


def test_without_digilocker_settings_the_locker_stands_alone(settings, client_as, kinds):
    settings.DIGILOCKER_URL = ""
    settings.DIGILOCKER_CLIENT_ID = ""
    client = client_as(kinds.citizen)
    page = client.get("/me/documents/").content.decode()
    assert "DigiLocker" not in page
    assert client.get("/me/documents/digilocker/connect/").status_code == 404
    assert client.get("/me/documents/digilocker/").status_code == 404
    assert client.get("/digilocker/callback/?code=x&state=y").status_code == 404
