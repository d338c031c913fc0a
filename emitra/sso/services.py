"""Operations of the bundled identity provider (F2, F7)."""
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.models import get_application_model

from emitra.notifications.gateways import GatewayError, send_email, send_sms
from emitra.sso.models import Identity, ResetCode, hash_code, normalise_sso_id

PORTAL_CLIENT_ID = "emitra-portal"
RESET_CODE_LIFETIME = timedelta(minutes=10)


def register(*, sso_id, name, mobile, email, password):
    """Create an SSO ID (unique, case-insensitive); the form has checked the fields."""
    return Identity.objects.create_user(sso_id=sso_id, password=password, name=name, mobile=mobile, email=email)


def start_reset(sso_id):
    """Send a one-time code to the SSO ID's mobile and e-mail.

    Says nothing about whether the SSO ID exists, so the form cannot be used
    to discover who has one. Older live codes die when a new one is sent.
    """
    identity = Identity.objects.filter(sso_id=normalise_sso_id(sso_id), is_active=True).first()
    if identity is None:
        return
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        ResetCode.objects.filter(identity=identity, used_at__isnull=True).update(used_at=timezone.now())
        ResetCode.objects.create(
            identity=identity, code_hash=hash_code(code), expires_at=timezone.now() + RESET_CODE_LIFETIME
        )
    text = _("e-Mitra SSO: your password reset code is %(code)s. It is valid for 10 minutes.") % {"code": code}
    try:
        send_sms(identity.mobile, text)
        if identity.email:
            send_email(identity.email, _("Your e-Mitra SSO reset code"), text)
    except GatewayError:
        pass  # the person can ask for a new code; nothing else depends on it


class ResetRefused(Exception):
    pass


def finish_reset(*, sso_id, code, password):
    """Set a new password when the code is right, live and unused.

    A wrong code counts against the code's tries (committed even though the
    reset is refused), so guessing is cut off after ResetCode.MAX_ATTEMPTS.
    """
    refusal = None
    with transaction.atomic():
        identity = Identity.objects.filter(sso_id=normalise_sso_id(sso_id)).first()
        reset = (
            ResetCode.objects.select_for_update().filter(identity=identity, used_at__isnull=True).order_by("-created").first()
            if identity
            else None
        )
        if reset is None or not reset.is_live():
            refusal = _("This code has expired or was already used. Ask for a new one.")
        elif reset.code_hash != hash_code(code.strip()):
            reset.attempts += 1
            reset.save(update_fields=["attempts"])
            refusal = _("The code is not right. Check the SMS and try again.")
        else:
            reset.used_at = timezone.now()
            reset.save(update_fields=["used_at"])
            identity.set_password(password)
            identity.save(update_fields=["password"])
    if refusal:
        raise ResetRefused(refusal)
    return identity


def ensure_portal_client(redirect_uris, post_logout_redirect_uris=()):
    """Register (or update) the portal as a trusted public client with PKCE.

    The bundled provider signs people into the portal like any other OIDC
    provider would; the portal is just its first client.
    """
    Application = get_application_model()
    app, _created = Application.objects.get_or_create(
        client_id=PORTAL_CLIENT_ID,
        defaults={
            "name": "e-Mitra portal",
            "client_type": Application.CLIENT_PUBLIC,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "algorithm": Application.RS256_ALGORITHM,
            "skip_authorization": True,
        },
    )
    uris = set(app.redirect_uris.split()) | set(redirect_uris)
    logout_uris = set((app.post_logout_redirect_uris or "").split()) | set(post_logout_redirect_uris)
    app.redirect_uris = " ".join(sorted(uris))
    app.post_logout_redirect_uris = " ".join(sorted(logout_uris))
    app.skip_authorization = True
    app.algorithm = Application.RS256_ALGORITHM
    app.save()
    return app


def portal_uris_for(base_url):
    """The redirect and post-logout URIs of a portal served at base_url."""
    base = base_url.rstrip("/")
    return [base + "/auth/callback/"], [base + "/"]
