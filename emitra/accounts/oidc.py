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


def _metadata(issuer):
    key = "oidc-metadata:" + issuer
    metadata = cache.get(key)
    if metadata is None:
        try:
            response = requests.get(issuer + "/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            metadata = response.json()
        except (requests.RequestException, ValueError) as e:
            raise IssuerUnavailable(str(e)) from e
        if metadata.get("issuer", "").rstrip("/") != issuer:
            raise IssuerUnavailable("discovery names another issuer")
        cache.set(key, metadata, 300)
    return metadata


def client_for(request):
    issuer = issuer_url(request)
    metadata = dict(_metadata(issuer), _loaded_at=0)
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
