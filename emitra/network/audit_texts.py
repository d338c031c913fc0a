"""The words of the network's audit rows: kiosk applications, kiosks and their users (issue 12
req. 6; registered from NetworkConfig.ready, shown by core.audit_texts in the reader's language)."""
from django.utils.translation import gettext_lazy as _

from emitra.accounts.models import Role

TEXTS = {
    "kiosk_application.submitted": _("Application to open a kiosk submitted: %(shop)s"),
    "kiosk_application.resubmitted": _("Application to open a kiosk corrected and sent again"),
    "kiosk_application.verified": _("Application to open a kiosk verified by the LSP: %(remarks)s"),
    "kiosk_application.returned": _("Application to open a kiosk returned for correction: %(remarks)s"),
    "kiosk_application.rejected": _("Application to open a kiosk rejected by DoIT: %(remarks)s"),
    "kiosk_application.approved": _("Application to open a kiosk approved by DoIT"),
    "kiosk.opened": _("Kiosk opened: %(name)s"),
    "kiosk.tehsil_set": _("Tehsil of the kiosk recorded: %(tehsil)s"),
    "kiosk_user.added": _("%(sso_id)s added as %(role)s"),
    "kiosk_user.activated": _("%(sso_id)s may work at the kiosk again"),
    "kiosk_user.deactivated": _("%(sso_id)s may not work at the kiosk for now"),
    "kiosk_user.may_cancel": _("%(sso_id)s may cancel receipts"),
    "kiosk_user.may_not_cancel": _("%(sso_id)s may not cancel receipts"),
    "kiosk_user.deregistered": _("%(sso_id)s removed from the kiosk"),
}
LABELS = {"role": Role.choices}
