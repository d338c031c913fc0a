"""Operations of the bundled identity provider (F2, F7)."""
import secrets
from datetime import timedelta

from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oauth2_provider.models import get_application_model

from emitra.core import audit
from emitra.core.models import AuditEvent
from emitra.notifications.gateways import GatewayError, send_email, send_sms
from emitra.sso.models import Identity, NativeClient, ResetCode, hash_code, normalise_sso_id

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


# ---------------------------------------------------------------- sign-in limits

SIGN_IN_FAILED = "sso.sign_in_failed"
SIGN_IN_REFUSED = "sso.sign_in_refused"
SIGN_IN_WINDOW = timedelta(minutes=15)
FAILURES_PER_SSO_ID_AND_ADDRESS = 5
FAILURES_PER_ADDRESS = 30
SLOW_AFTER_FAILURES = 10  # of one SSO ID, from every address together
SLOW_INTERVAL = timedelta(seconds=30)


class TooManyFailedSignIns(Exception):
    """Too many failed sign-ins; `retry_at` says when the next try is taken."""

    def __init__(self, retry_at, now):
        self.retry_at = retry_at
        self.seconds = max(1, int((retry_at - now).total_seconds() + 0.999))
        if self.seconds < 120:
            wait = ngettext("%(n)s second", "%(n)s seconds", self.seconds) % {"n": self.seconds}
        else:
            minutes = (self.seconds + 59) // 60
            wait = ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
        super().__init__(_("Too many failed sign-ins. Try again at %(time)s (in %(wait)s).") % {
            "time": timezone.localtime(retry_at).strftime("%H:%M:%S"), "wait": wait})


class WrongPassword(Exception):
    pass


def _failures(**where):
    return AuditEvent.objects.filter(action=SIGN_IN_FAILED, **where).order_by("-at").values_list("at", flat=True)


def sign_in_retry_at(sso_id, ip, *, known_browser=False, now=None):
    """When the next sign-in try for `sso_id` from address `ip` is taken, or None for now.

    The rule (issue 9 item 8), counted from the failure rows of the audit log in
    the last SIGN_IN_WINDOW, as the locker's one-time codes count their rows:
    at most FAILURES_PER_SSO_ID_AND_ADDRESS for one SSO ID from one address, and
    FAILURES_PER_ADDRESS from one address for any SSO IDs; each refusal lasts
    until the oldest counted failure leaves the window. An SSO ID tried from many
    addresses (SLOW_AFTER_FAILURES in all) is slowed, never locked: one try per
    SLOW_INTERVAL, and not at all for a browser that has signed in as it before
    (known_browser), so nobody elsewhere can keep its owner out. The same for an
    SSO ID that does not exist, so the limits tell nobody which ones do.
    """
    now = now or timezone.now()
    since = now - SIGN_IN_WINDOW
    waits = []
    for where, limit in (({"actor_sso_id": sso_id, "ip": ip}, FAILURES_PER_SSO_ID_AND_ADDRESS),
                         ({"ip": ip}, FAILURES_PER_ADDRESS)):
        recent = list(_failures(at__gt=since, **where)[:limit])
        if len(recent) >= limit:
            waits.append(recent[-1] + SIGN_IN_WINDOW)
    if not known_browser:
        recent = list(_failures(at__gt=since, actor_sso_id=sso_id)[:SLOW_AFTER_FAILURES])
        if len(recent) >= SLOW_AFTER_FAILURES and recent[0] + SLOW_INTERVAL > now:
            waits.append(recent[0] + SLOW_INTERVAL)
    retry_at = max(waits, default=None)
    return retry_at if retry_at and retry_at > now else None


def sign_in(request, sso_id, password, *, ip, known_browser=False):
    """The Identity whose password this is, within the sign-in limits (sign_in_retry_at).

    Raises TooManyFailedSignIns (the password is then not even checked) or WrongPassword;
    each is an audit row, the failure under the SSO ID tried.
    """
    sso_id = normalise_sso_id(sso_id)[:30]
    now = timezone.now()
    retry_at = sign_in_retry_at(sso_id, ip, known_browser=known_browser, now=now)
    if retry_at is not None:
        audit.record(SIGN_IN_REFUSED, claimed_sso_id=sso_id, ip=ip,
                     until=f"{timezone.localtime(retry_at):%H:%M:%S}")
        raise TooManyFailedSignIns(retry_at, now)
    identity = authenticate(request, username=sso_id, password=password)
    if identity is None:
        audit.record(SIGN_IN_FAILED, claimed_sso_id=sso_id, ip=ip)
        raise WrongPassword(_("The SSO ID or the password is not right."))
    return identity


def failed_sign_ins(sso_id, *, days=30, limit=10):
    """The latest failed sign-ins on an SSO ID, for its owner to see: [(at, address)]."""
    since = timezone.now() - timedelta(days=days)
    rows = AuditEvent.objects.filter(action=SIGN_IN_FAILED, actor_sso_id=normalise_sso_id(sso_id), at__gt=since)
    return list(rows.order_by("-at").values_list("at", "ip")[:limit])


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


def register_native_client(client_id, name, redirect_uris):
    """Register (or update) a native app (RFC 8252) as a public client with PKCE: its
    loopback redirect URIs match on any port (issue 9 item 11, models.NativeClient)."""
    Application = get_application_model()
    app, _created = Application.objects.update_or_create(client_id=client_id, defaults={
        "name": name, "client_type": Application.CLIENT_PUBLIC, "redirect_uris": " ".join(redirect_uris),
        "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE, "algorithm": Application.RS256_ALGORITHM})
    NativeClient.objects.get_or_create(application=app)
    return app


def portal_uris_for(base_url):
    """The redirect and post-logout URIs of a portal served at base_url."""
    base = base_url.rstrip("/")
    return [base + "/auth/callback/"], [base + "/"]
