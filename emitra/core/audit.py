"""The audit log (issue 2, req. 7): every service that changes state calls record()."""
from emitra.core.models import AuditEvent


def record(action, *, actor=None, kiosk=None, target=None, summary="", ip=None, claimed_sso_id="", **detail):
    """Write one audit row inside the caller's transaction.

    actor is an accounts.Person (or None for the system), kiosk a network.Kiosk
    or a kiosk code, target any model instance. claimed_sso_id: with no actor,
    the SSO ID someone unproven acted under (a failed sign-in, issue 9 item 8).
    """
    kiosk_code = getattr(kiosk, "code", kiosk) or ""
    return AuditEvent.objects.create(
        actor_id=getattr(actor, "pk", None),
        actor_sso_id=getattr(actor, "sso_id", "") or claimed_sso_id,
        kiosk_code=kiosk_code,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=str(summary)[:300],
        detail={k: (v if isinstance(v, (str, int, bool, type(None))) else str(v)) for k, v in detail.items()},
        ip=ip,
    )
