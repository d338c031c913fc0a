"""Claims the bundled provider puts in ID tokens and userinfo (F7), and its rule for
redirect URIs (issue 9 item 11)."""
from oauth2_provider.exceptions import InvalidOIDCRedirectURIError
from oauth2_provider.models import redirect_to_uri_allowed
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views import RPInitiatedLogoutView

from emitra.sso.models import NativeClient


def uri_allowed(application, uri, registered):
    """May the provider send a browser to `uri` for `application`, given its `registered` URIs?

    A web client (the portal) only to a URI exactly as registered. A client
    registered as a native app (NativeClient) also to its loopback URIs on any
    port (RFC 8252 section 7.3), which is django-oauth-toolkit's rule for all.
    """
    if NativeClient.objects.filter(application=application).exists():
        return redirect_to_uri_allowed(uri, registered.split())
    return uri in registered.split()


class Validator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "sso_id": "profile",
        "preferred_username": "profile",
        "name": "profile",
        "email": "email",
        "phone_number": "phone",
    }

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        return uri_allowed(request.client, redirect_uri, request.client.redirect_uris)

    def get_additional_claims(self, request):
        identity = request.user
        return {
            "preferred_username": identity.sso_id,
            "sso_id": identity.sso_id,
            "name": identity.name,
            "email": identity.email,
            "phone_number": identity.mobile,
        }


class LogoutView(RPInitiatedLogoutView):
    """RP-initiated logout whose post-logout redirect follows the same rule as sign-in's."""

    def validate_post_logout_redirect_uri(self, application, post_logout_redirect_uri):
        super().validate_post_logout_redirect_uri(application, post_logout_redirect_uri)
        if post_logout_redirect_uri and not uri_allowed(application, post_logout_redirect_uri,
                                                        application.post_logout_redirect_uris or ""):
            raise InvalidOIDCRedirectURIError("This client does not have this redirect uri registered.")
