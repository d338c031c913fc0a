"""The words of citizens' applications' audit rows (issue 12 req. 6; registered from
ApplicationsConfig.ready, shown by core.audit_texts in the reader's language). A document slot is
named by its label in the page's language (slot_en/slot_hi)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

TEXTS = {
    "applications.form_saved": ngettext_lazy("Form of %(service)s saved as version %(version)s, %(fields)s field",
                                               "Form of %(service)s saved as version %(version)s, %(fields)s fields",
                                               "fields"),
    "applications.created": _("Application %(number)s made for %(service)s"),
    "applications.corrected": ngettext_lazy("Application %(number)s corrected: %(count)s answer changed",
                                              "Application %(number)s corrected: %(count)s answers changed", "count"),
    "applications.office_chosen": _("Office %(office)s chosen for application %(number)s"),
    "applications.submitted": _("Application %(number)s submitted to office %(office)s"),
    "applications.withdrawn": _("Application %(number)s withdrawn: %(reason)s"),
    "applications.take_up": _("Application %(number)s taken up: %(remark)s"),
    "applications.approve": _("Application %(number)s approved: %(remark)s"),
    "applications.reject": _("Application %(number)s rejected: %(remark)s"),
    "applications.send_back": _("Application %(number)s sent back for correction: %(remark)s"),
    "applications.wrong_office": _("Application %(number)s sent back, wrong office: %(remark)s"),
    "applications.resubmitted": _("Application %(number)s re-submitted to office %(office)s"),
    "applications.attached": _("Document %(document)s attached to application %(number)s as %(slot)s"),
}
