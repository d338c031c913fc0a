"""Sign-in in as few round trips as OpenID Connect allows (issue 12 req. 1).

Over GPRS every exchange costs a 500 ms round trip. From the home page: the
bundled provider's sign-in form is on the page, posting to the provider's
authorization URL (elsewhere a link to that URL, which answers with the same
form: no hop through /auth/login/, no redirect to /sso/login/); that answer is
the redirect to the portal's callback with the code; the callback answers with
the home page itself (or redirects to the page asked for). Two exchanges where
there were seven. Everything goes over HTTP
to pytest-django's live server, as in test_bundled_sso.py.
"""
from urllib.parse import urlsplit

import pytest

from emitra.accounts.tests.oidc_browser import Browser, find_form, query

pytestmark = pytest.mark.django_db(transaction=True)

SSO_ID = "CITIZEN.HOPS"
PASSWORD = "a-long-test-password-42"


@pytest.fixture
def portal(settings, live_server):
    from emitra.sso.models import Identity
    from emitra.sso.services import ensure_portal_client

    settings.OIDC_ISSUER = ""
    settings.OIDC_CLIENT_ID = "emitra-portal"
    settings.OIDC_CLIENT_SECRET = ""
    ensure_portal_client(redirect_uris=[live_server.url + "/auth/callback/"])
    Identity.objects.create_user(sso_id=SSO_ID, password=PASSWORD, name="Hops Citizen", mobile="9876543210")
    return live_server.url


def sign_in_form(page):
    """The home page's sign-in form: the bundled provider's, posting to its authorization URL."""
    forms = [f for f in page.soup.find_all("form") if "/authorize/" in f.get("action", "")]
    assert len(forms) == 1, f"expected one sign-in form to the provider, found {len(forms)}"
    return forms[0]


def test_from_the_home_page_to_signed_in_in_two_exchanges(portal):
    browser = Browser(portal)
    home = browser.get("/")
    form = sign_in_form(home)
    link = form["action"]
    assert urlsplit(link).path == "/sso/authorize/"
    assert form.find("input", attrs={"name": "password"}) is not None
    request = query(link)
    assert request["client_id"] == "emitra-portal" and request["code_challenge_method"] == "S256"
    assert request["redirect_uri"] == portal + "/auth/callback/"
    assert sign_in_form(browser.get("/"))["action"] == link, "a second visit keeps the sign-in prepared"

    page = browser.submit(home, form, {"sso_id": SSO_ID, "password": PASSWORD})
    assert [r.status_code for r in page.chain] == [302, 200], page.urls()
    assert urlsplit(page.chain[0].headers["Location"]).path == "/auth/callback/"
    assert urlsplit(page.url).path == "/auth/callback/" and query(page.url)["code"]
    assert SSO_ID in page.text  # the home page, signed in, in the callback's own answer
    assert "no-store" in page.chain[-1].headers["Cache-Control"]
    assert page.soup.find("form", action="/auth/logout/") is not None

    again = browser.get(page.url)  # the callback's address refreshed: the code is spent, the person signed in
    assert [r.status_code for r in again.chain] == [302, 200], again.urls()
    assert again.url == portal + "/" and SSO_ID in again.text


def test_the_authorization_url_answers_with_the_sign_in_form_itself(portal):
    """Where the provider's form is not on the page (another page's link, /auth/login/), the
    authorization URL's own answer is the form, posting back to that URL."""
    browser = Browser(portal)
    link = sign_in_form(browser.get("/"))["action"]
    form_page = browser.get(link)
    assert [r.status_code for r in form_page.chain] == [200], form_page.urls()
    form = find_form(form_page, has_field="password")
    assert form is not None and form["action"] == link.removeprefix(portal), form
    assert form.find("input", attrs={"name": "next"}) is None  # the address is the request: not sent twice
    page = browser.submit(form_page, form, {"sso_id": SSO_ID, "password": PASSWORD})
    assert [r.status_code for r in page.chain] == [302, 200], page.urls()
    assert SSO_ID in page.text


def test_a_wrong_password_gets_the_form_again_and_no_code(portal):
    browser = Browser(portal)
    form_page = browser.get(sign_in_form(browser.get("/"))["action"])
    page = browser.submit(form_page, find_form(form_page, has_field="password"),
                          {"sso_id": SSO_ID, "password": "not-the-password"})
    assert [r.status_code for r in page.chain] == [200], page.urls()
    assert find_form(page, has_field="password") is not None
    assert "/auth/callback/" not in " ".join(page.urls())
    assert SSO_ID not in browser.home_text()


def test_a_page_asked_for_while_signed_out_is_where_the_sign_in_lands(portal):
    browser = Browser(portal)
    form_page = browser.get("/auth/login/?next=/auth/me/")
    assert [r.status_code for r in form_page.chain] == [302, 200], form_page.urls()
    page = browser.submit(form_page, find_form(form_page, has_field="password"),
                          {"sso_id": SSO_ID, "password": PASSWORD})
    assert page.url == portal + "/auth/me/", page.urls()
    assert [r.status_code for r in page.chain] == [302, 302, 200], page.urls()


def test_a_bad_authorization_request_gets_no_sign_in_form(portal):
    browser = Browser(portal)
    page = browser.get(portal + "/sso/authorize/?response_type=code&client_id=nobody&redirect_uri=https://evil.example/"
                       "&scope=openid&state=x&code_challenge=abc&code_challenge_method=S256")
    assert page.status >= 400, page.urls()
    assert find_form(page, has_field="password") is None
    assert all("evil.example" not in r.headers.get("Location", "") for r in page.chain)


def test_a_kiosk_person_finds_the_search_box_on_the_first_page(cast, client_as):
    body = client_as(cast.operator).get("/").content.decode()
    assert f'action="/k/{cast.kiosk.code}/services/"' in body and 'name="q"' in body


def test_the_icon_every_browser_asks_for_is_a_tiny_icon_cached_a_year(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert 0 < len(body) <= 200
    assert "max-age=31536000" in response["Cache-Control"]
    assert "icon" in response["Content-Type"]
