"""The portal as an OpenID Connect relying party (F2).

It talks only standard OIDC (discovery, authorization code with PKCE,
ID token, userinfo, RP-initiated logout) so any issuer works: the bundled
`sso` app when OIDC_ISSUER is empty, or the state's own provider.
"""
import requests
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.core.cache import cache


class IssuerUnavailable(Exception):
    pass


def issuer_url(request):
    """OIDC_ISSUER, or the bundled provider of the site the request came to."""
    return settings.OIDC_ISSUER or request.build_absolute_uri("/sso").rstrip("/")


def issuer_key():
    """How people of this issuer are keyed: the bundled provider is one
    identity store at whatever address the site is reached by."""
    return settings.OIDC_ISSUER or BUNDLED


BUNDLED = "bundled"


def _metadata(issuer, request=None):
    key = "oidc-metadata:" + issuer
    metadata = cache.get(key)
    if metadata is None:
        try:
            if request is not None and request.method == "GET" and not settings.OIDC_ISSUER:
                metadata = _bundled_discovery(request)
            else:
                response = requests.get(issuer + "/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
                response.raise_for_status()
                metadata = response.json()
        except (requests.RequestException, ValueError) as e:
            raise IssuerUnavailable(str(e)) from e
        if metadata.get("issuer", "").rstrip("/") != issuer:
            raise IssuerUnavailable("discovery names another issuer")
        cache.set(key, metadata, 300)
    return metadata


def _bundled_discovery(request):
    """The bundled provider's discovery document, from its own view in this process:
    the same document its URL serves, without a request from the site to itself."""
    import json

    from oauth2_provider.views import ConnectDiscoveryInfoView

    response = ConnectDiscoveryInfoView.as_view()(request)
    if response.status_code != 200:
        raise ValueError(f"the bundled provider's discovery answered {response.status_code}")
    return json.loads(response.content)


def client_for(request):
    issuer = issuer_url(request)
    metadata = dict(_metadata(issuer, request), _loaded_at=0)
    oauth = OAuth()
    secret = settings.OIDC_CLIENT_SECRET
    oauth.register(
        "sso",
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=secret or None,
        server_metadata_url=issuer + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": settings.OIDC_SCOPES,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_basic" if secret else "none",
            "timeout": settings.OIDC_TIMEOUT,
        },
        **metadata,
    )
    return oauth.create_client("sso"), issuer, metadata


# A sign-in link prepared for a page (issue 12 req. 1): its URL, state and where it
# leads, reused by the session's pages until PREPARED_SECONDS pass (authlib keeps
# the state itself for an hour, so a link on a page left open keeps working).
PREPARED_KEY = "emitra_sign_in"
PREPARED_SECONDS = 1800


def sign_in_url(request, next_url=""):
    """The provider's authorization URL itself, ready for a sign-in link or a redirect
    (issue 12 req. 1: a click on "Sign in" goes straight to the provider, no hop
    through the portal's /auth/login/).

    The state, nonce and PKCE verifier are kept in the session as
    `client.authorize_redirect` keeps them, with the page wanted after sign-in
    (`next`); the callback reads it back from the state (next_for_state).
    Raises IssuerUnavailable when the issuer's discovery cannot be read.
    """
    import time

    from django.urls import reverse

    prepared = request.session.get(PREPARED_KEY)
    if (prepared and prepared["next"] == next_url and prepared["until"] > time.time()
            and f"_state_sso_{prepared['state']}" in request.session):
        return prepared["url"]
    client, _issuer, _meta = client_for(request)
    redirect_uri = request.build_absolute_uri(reverse("accounts:callback"))
    rv = client.create_authorization_url(redirect_uri)
    client.save_authorize_data(request, redirect_uri=redirect_uri, next=next_url, **rv)
    request.session[PREPARED_KEY] = {"url": rv["url"], "state": rv["state"], "next": next_url,
                                     "until": time.time() + PREPARED_SECONDS}
    return rv["url"]


def next_for_state(request, client):
    """The page wanted after the sign-in whose state the callback carries ("" if none)."""
    data = client.framework.get_state_data(request.session, request.GET.get("state", "")) or {}
    request.session.pop(PREPARED_KEY, None)
    return data.get("next") or ""
