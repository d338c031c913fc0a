"""The words of payments' audit rows (issue 12 req. 6; registered from PaymentsConfig.ready, shown
by core.audit_texts in the reader's language). What a department's system answered is its own words."""
from django.utils.translation import gettext_lazy as _

from emitra.payments.models import Receipt

TEXTS = {
    "payments.paid": _("Receipt %(number)s: %(total_paise)s paid by %(mode)s"),
    "payments.duplicate_overridden": _("Receipt %(number)s paid although the same bill was paid on %(earlier)s"),
    "payments.cancelled": _("Receipt %(number)s cancelled (lines %(positions)s): %(reason)s"),
    "payments.cheque_cleared": _("Cheque of receipt %(number)s cleared"),
    "payments.cheque_dishonoured": _("Cheque of receipt %(number)s dishonoured"),
    "payments.void_notice_queued": _("Notice to the department that payment %(reference)s is void, queued"),
    "payments.department_rejected": _("Payment %(reference)s refused by the department: %(message)s"),
    "payments.confirmed": _("Receipt %(number)s confirmed by the department"),
    "payments.refused": _("Receipt %(number)s refused by the department"),
    "payments.cancellation_refused": _("The department refused to cancel payment %(reference)s: %(message)s"),
    "payments.posting_failed": _("Payment %(reference)s not delivered to the department after %(attempts)s attempts"),
    "payments.posting_retried": _("Payment %(reference)s to be delivered to the department again"),
}
LABELS = {"mode": Receipt.Mode.choices}
