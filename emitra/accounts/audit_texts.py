"""The words of people's and memberships' audit rows (issue 12 req. 6; registered from
AccountsConfig.ready, shown by core.audit_texts in the reader's language)."""
from django.utils.translation import gettext_lazy as _

TEXTS = {
    "person.created": _("Person %(sso_id)s added"),
    "membership.dept_officer_added": _("%(sso_id)s made a department officer: %(place)s"),
    "membership.dept_officer_ended": _("%(sso_id)s is no longer a department officer: %(place)s"),
}
