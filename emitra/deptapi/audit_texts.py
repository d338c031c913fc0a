"""The words of the department API's audit rows (issue 12 req. 6; registered from DeptApiConfig.ready,
shown by core.audit_texts in the reader's language). A document slot is named by its label in the
page's language (slot_en/slot_hi)."""
from django.utils.translation import gettext_lazy as _

TEXTS = {
    "deptapi.client_issued": _("API client %(client_id)s issued to %(department)s (%(scopes)s)"),
    "deptapi.client_revoked": _("API client %(client_id)s of %(department)s revoked"),
    "deptapi.document_read": _("The department's system read the %(slot)s of application %(number)s"),
    "api.call": _("%(method)s %(path)s answered %(status)s"),
}
