"""Sign-in through the BUNDLED identity provider (OIDC_ISSUER empty), end to end.

The same path as test_external_oidc.py, but the provider is the portal's own
``sso`` app at <site>/sso: the portal's /auth/login/, the bundled login page
(SSO ID and password, at /sso/authorize/ itself) and consent if shown, the portal's
callback, the home page showing the SSO ID. Everything goes over HTTP through
pytest-django's live server, the client talking to the provider as to any
other issuer.
"""
import pytest

from emitra.accounts.tests.oidc_browser import (
    Browser,
    assert_clear_refusal,
    assert_iss_parameter_matches,
    assert_landed_home,
    assert_reload_goes_home,
    query,
    sign_in_at_provider,
    start_sign_in,
    with_query,
)

pytestmark = pytest.mark.django_db(transaction=True)

SSO_ID = "CITIZEN.BUNDLED"
PASSWORD = "a-long-test-password-42"


@pytest.fixture
def bundled_provider(settings, live_server):
    """The portal as the client of its own provider, and one person who can sign in."""
    from emitra.sso.models import Identity
    from emitra.sso.services import ensure_portal_client

    settings.OIDC_ISSUER = ""
    settings.OIDC_CLIENT_ID = "emitra-portal"
    settings.OIDC_CLIENT_SECRET = ""  # a public client: PKCE, no secret
    settings.OIDC_SCOPES = "openid profile email phone"
    settings.OIDC_SSO_ID_CLAIM = "preferred_username"
    ensure_portal_client(redirect_uris=[live_server.url + "/auth/callback/"])
    Identity.objects.create_user(
        sso_id=SSO_ID, password=PASSWORD, name="Bundled Citizen",
        mobile="9876543210", email="citizen.bundled@example.test",
    )
    return live_server.url + "/sso"


def people():
    from emitra.accounts.models import Person

    return Person.objects


def through_provider(browser, provider_url, stop_at_callback=False):
    callback = browser.portal_url + "/auth/callback/"
    stop = (lambda url: url.startswith(callback)) if stop_at_callback else None
    page = start_sign_in(browser, stop_before=stop)
    request = None
    for response in page.chain:
        location = response.headers.get("Location", "")
        if location.startswith(provider_url + "/") and "code_challenge=" in location:
            request = query(location)
            break
    assert request is not None, f"the portal never sent the browser to {provider_url}: {page.urls()}"
    # the sign-in form is the authorization endpoint's own answer (issue 12 req. 1)
    assert page.url.startswith(provider_url + "/authorize/"), page.urls()
    page = sign_in_at_provider(
        browser, page, provider_prefix=provider_url + "/", login_field="sso_id",
        login=SSO_ID, password=PASSWORD, stop_before=stop,
    )
    return request, page


def test_sign_in_through_the_bundled_provider(live_server, bundled_provider):
    browser = Browser(live_server.url)
    request, page = through_provider(browser, bundled_provider)

    assert request["response_type"] == "code"
    assert request["client_id"] == "emitra-portal"
    assert request["redirect_uri"] == live_server.url + "/auth/callback/"
    assert "openid" in request["scope"].split()
    assert request["code_challenge_method"] == "S256"
    assert request.get("state") and request.get("nonce")

    assert any(url.startswith(live_server.url + "/auth/callback/?") for url in page.urls()), (
        page.urls()
    )
    # The issuer the bundled provider publishes, and the one its authorization
    # response names (RFC 9207 "iss"), are the same.
    discovery = browser.get(bundled_provider + "/.well-known/openid-configuration")
    assert discovery.status == 200, discovery.urls()
    issuer = discovery.response.json()["issuer"]
    assert issuer.rstrip("/") == bundled_provider
    assert_iss_parameter_matches(page, live_server.url + "/auth/callback/", issuer)

    assert_landed_home(page, live_server.url)
    assert SSO_ID in page.text, page.text[:2000]
    assert SSO_ID in browser.home_text()

    # The bundled provider's people are keyed by one fixed issuer key, not by
    # the address the site happens to be reached at.
    from emitra.accounts.oidc import BUNDLED

    person = people().get(sso_id=SSO_ID)
    assert person.issuer == BUNDLED, person.issuer
    assert person.subject
    assert people().filter(issuer=BUNDLED, subject=person.subject).count() == 1


def test_a_replayed_code_is_refused_by_the_bundled_provider(live_server, bundled_provider):
    victim = Browser(live_server.url)
    _, page = through_provider(victim, bundled_provider, stop_at_callback=True)
    callback = page.pending
    assert callback and query(callback).get("code"), page.urls()
    assert SSO_ID in victim.get(callback).text
    signed_in_at = people().get(sso_id=SSO_ID).last_sign_in

    assert_reload_goes_home(victim.get(callback), live_server.url)  # spent, and signed in by it: home
    assert people().get(sso_id=SSO_ID).last_sign_in == signed_in_at

    attacker = Browser(live_server.url)
    page = start_sign_in(attacker)
    own_state = next(
        query(r.headers["Location"])["state"] for r in page.chain
        if "code_challenge=" in r.headers.get("Location", "")
    )
    assert_clear_refusal(attacker.get(with_query(callback, state=own_state)))
    assert SSO_ID not in attacker.home_text()
    assert people().filter(sso_id=SSO_ID).count() == 1
