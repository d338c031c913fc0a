"""Claims the bundled provider puts in ID tokens and userinfo (F7)."""
from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "sso_id": "profile",
        "preferred_username": "profile",
        "name": "profile",
        "email": "email",
        "phone_number": "phone",
    }

    def get_additional_claims(self, request):
        identity = request.user
        return {
            "preferred_username": identity.sso_id,
            "sso_id": identity.sso_id,
            "name": identity.name,
            "email": identity.email,
            "phone_number": identity.mobile,
        }
