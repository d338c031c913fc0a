"""Proof that the portal's sign-in is standard OpenID Connect (issue 2, req. 4).

A third-party provider, panva's ``oidc-provider`` from npm, runs on loopback
(see conftest.py and oidc_provider/server.js); the portal, served by
pytest-django's live server, is configured as its client at request time, and
a requests-based browser signs in end to end over HTTP: the portal's
/auth/login/, the provider's own login and consent pages, the portal's
callback, the portal's home page.

Needs ``npm ci --prefix emitra/accounts/tests/oidc_provider`` (CI runs it);
without it these tests fail and say so.
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

LOGIN = "citizen.ext"  # typed at the provider's login page; becomes the subject
SSO_ID = "CITIZEN.EXT"  # the provider's preferred_username for that login


def people():
    from emitra.accounts.models import Person

    return Person.objects


def authorization_request(page, provider):
    """The query of the portal's redirect to the provider's authorization endpoint."""
    endpoint = provider.metadata["authorization_endpoint"]
    for response in page.chain:
        location = response.headers.get("Location", "")
        if location.startswith(endpoint + "?"):
            return query(location)
    raise AssertionError(f"the portal never sent the browser to {endpoint}: {page.urls()}")


def to_provider(browser, provider, login=LOGIN, stop_at_callback=True):
    """Start at the portal, sign in at the provider; stop before the callback."""
    callback = browser.portal_url + "/auth/callback/"
    stop = (lambda url: url.startswith(callback)) if stop_at_callback else None
    page = start_sign_in(browser, stop_before=stop)
    request = authorization_request(page, provider)
    page = sign_in_at_provider(
        browser, page, provider_prefix=provider.issuer + "/", login_field="login",
        login=login, stop_before=stop,
    )
    return request, page


@pytest.fixture(params=[True, False], ids=["claims-from-userinfo", "claims-in-id-token"])
def provider(request, settings, start_external_oidc_provider, portal_callback_url):
    """oidc-provider in both of its ways of delivering profile claims.

    By default (conformIdTokenClaims) preferred_username comes only from the
    userinfo endpoint; the other way it is in the ID token too. A standard
    client signs in either way.
    """
    provider = start_external_oidc_provider([portal_callback_url],
                                            conform_id_token_claims=request.param)
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_CLIENT_ID = provider.client_id
    settings.OIDC_CLIENT_SECRET = provider.client_secret
    settings.OIDC_SCOPES = "openid profile email phone"
    settings.OIDC_SSO_ID_CLAIM = "preferred_username"
    return provider


def test_sign_in_through_a_standard_provider(live_server, provider):
    browser = Browser(live_server.url)
    request, page = to_provider(browser, provider, stop_at_callback=False)

    # The portal asked for the authorization code flow with PKCE S256, state and nonce.
    assert request["response_type"] == "code"
    assert request["client_id"] == "emitra-portal"
    assert request["redirect_uri"] == live_server.url + "/auth/callback/"
    assert "openid" in request["scope"].split()
    assert request["code_challenge_method"] == "S256"
    assert len(request["code_challenge"]) == 43
    assert request.get("state") and request.get("nonce")

    # ... came back through the callback and landed on the home page, signed in.
    assert any(url.startswith(live_server.url + "/auth/callback/?") for url in page.urls()), (
        page.urls()
    )
    assert_iss_parameter_matches(page, live_server.url + "/auth/callback/", provider.issuer)
    assert_landed_home(page, live_server.url)
    assert SSO_ID in page.text, page.text[:2000]
    assert SSO_ID in browser.home_text()  # the session holds the person

    person = people().get(issuer=provider.issuer, subject=LOGIN)
    assert person.sso_id == SSO_ID
    assert people().filter(sso_id=SSO_ID, issuer=provider.issuer).count() == 1

    # Signing in again (another browser, same account) updates, never duplicates.
    again = Browser(live_server.url)
    _, page = to_provider(again, provider, stop_at_callback=False)
    assert_landed_home(page, live_server.url)
    assert SSO_ID in page.text
    assert people().filter(issuer=provider.issuer, subject=LOGIN).count() == 1


@pytest.mark.parametrize("provider", [True], ids=["claims-from-userinfo"], indirect=True)
def test_a_tampered_callback_is_refused(live_server, provider):
    browser = Browser(live_server.url)
    _, page = to_provider(browser, provider)
    callback = page.pending
    assert callback and query(callback).get("code"), page.urls()

    # The provider's answer with another state: refused, nobody signed in.
    refused = browser.get(with_query(callback, state="forged-state"))
    assert_clear_refusal(refused)
    assert SSO_ID not in browser.home_text()

    # A callback with no code and no state at all.
    assert_clear_refusal(browser.get("/auth/callback/"))
    # A callback with a state but no code.
    assert_clear_refusal(browser.get(with_query(callback, code=None)))

    # A forged code in an otherwise proper callback (its own valid state).
    other = Browser(live_server.url)
    _, page = to_provider(other, provider)
    assert_clear_refusal(other.get(with_query(page.pending, code="forged-code")))
    assert SSO_ID not in other.home_text()

    assert not people().filter(sso_id=SSO_ID).exists()


@pytest.mark.parametrize("provider", [True], ids=["claims-from-userinfo"], indirect=True)
def test_a_replayed_code_is_refused(live_server, provider):
    victim = Browser(live_server.url)
    _, page = to_provider(victim, provider)
    callback = page.pending
    signed_in = victim.get(callback)
    assert_landed_home(signed_in, live_server.url)
    assert SSO_ID in signed_in.text
    assert people().filter(sso_id=SSO_ID).count() == 1
    signed_in_at = people().get(sso_id=SSO_ID).last_sign_in

    # The same browser loads the callback again (reload, back button): the
    # state and the code are both spent; signed in by them, it goes home.
    assert_reload_goes_home(victim.get(callback), live_server.url)
    assert people().get(sso_id=SSO_ID).last_sign_in == signed_in_at  # no second sign-in
    assert SSO_ID in victim.home_text()

    # Someone who got hold of the used code plays it into a sign-in of their
    # own, with a state the portal really gave them.
    attacker = Browser(live_server.url)
    page = start_sign_in(attacker)
    assert page.url.startswith(provider.issuer + "/"), page.urls()
    own_state = authorization_request(page, provider)["state"]
    refused = attacker.get(with_query(callback, state=own_state))
    assert_clear_refusal(refused)
    assert SSO_ID not in attacker.home_text()

    assert people().filter(sso_id=SSO_ID).count() == 1


@pytest.mark.parametrize("provider", [True], ids=["claims-from-userinfo"], indirect=True)
def test_cancelling_at_the_provider_signs_nobody_in(live_server, provider):
    browser = Browser(live_server.url)
    page = start_sign_in(browser)
    assert page.url.startswith(provider.issuer + "/interaction/"), page.urls()
    cancel = page.soup.find("a", string=lambda s: s and "Cancel" in s)
    assert cancel is not None, page.text[:1000]
    # The provider sends the browser back with error=access_denied.
    page = browser.get(cancel["href"] if "://" in cancel["href"]
                       else provider.issuer + cancel["href"])
    assert any("error=access_denied" in url for url in page.urls()), page.urls()
    assert page.url.startswith(live_server.url), page.urls()
    assert page.status < 500, page.text[:1000]
    assert SSO_ID not in browser.home_text()
    assert not people().exists()
