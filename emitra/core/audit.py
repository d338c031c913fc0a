"""The audit log (issue 2, req. 7): every service that changes state calls record().

A department's system calling the API (F29, issue 11 req. 9) acts through the
same services as an officer; `as_api_client` marks every row written while it
serves that call with channel "api" and the client's id, so the services need
not know who called them.

A row's words are made when a page shows it, in the reader's language (issue 12 req. 6): the
caller passes the parameters its action's registered text needs as `detail`
(core.audit_texts), and the English words are stored in `summary` for search and history.
"""
from contextlib import contextmanager
from contextvars import ContextVar

from emitra.core import audit_texts
from emitra.core.models import AuditEvent
from emitra.core.text import safe_text

_api_client = ContextVar("emitra_audit_api_client", default=None)


@contextmanager
def as_api_client(client_id):
    """Within the block, every audit row is marked as written for the API, for client `client_id`
    ("" while serving a call whose token was refused)."""
    token = _api_client.set(str(client_id))
    try:
        yield
    finally:
        _api_client.reset(token)


def record(action, *, actor=None, kiosk=None, target=None, summary="", ip=None, claimed_sso_id="", **detail):
    """Write one audit row inside the caller's transaction.

    actor is an accounts.Person (or None for the system), kiosk a network.Kiosk
    or a kiosk code, target any model instance. claimed_sso_id: with no actor,
    the SSO ID someone unproven acted under (a failed sign-in, issue 9 item 8).
    Text that may come from a request (a path, a claimed SSO ID) is stored without
    control characters (core.text.safe_text): a NUL was a DataError on PostgreSQL (issue 9 item 6).
    `detail` holds the parameters of the action's text (core.audit_texts); with no `summary`
    given, the text's English words are stored as the summary.
    """
    detail = {k: (v if isinstance(v, (int, bool, type(None))) else safe_text(v)) for k, v in detail.items()}
    summary = summary or audit_texts.in_english(action, detail)
    kiosk_code = getattr(kiosk, "code", kiosk) or ""
    client = _api_client.get()
    return AuditEvent.objects.create(
        actor_id=getattr(actor, "pk", None),
        actor_sso_id=getattr(actor, "sso_id", "") or safe_text(claimed_sso_id)[:30],
        kiosk_code=safe_text(kiosk_code)[:20],
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=safe_text(summary)[:300],
        detail=detail,
        ip=ip,
        channel=AuditEvent.Channel.WEB if client is None else AuditEvent.Channel.API,
        api_client=(client or "")[:100],
    )
