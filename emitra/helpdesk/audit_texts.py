"""The words of issue tickets' audit rows (issue 12 req. 6; registered from HelpdeskConfig.ready,
shown by core.audit_texts in the reader's language)."""
from django.utils.translation import gettext_lazy as _

from emitra.helpdesk.models import Category, Desk
from emitra.helpdesk.workflow import State

TEXTS = {
    "helpdesk.ticket.raised": _("Ticket %(number)s raised to %(desk)s: %(category)s"),
    "helpdesk.ticket.commented": _("Comment on ticket %(number)s by %(side)s"),
    "helpdesk.ticket.moved": _("Ticket %(number)s: %(from_state)s → %(to_state)s"),
}
LABELS = {"desk": Desk.choices, "category": Category.choices, "from_state": State.choices, "to_state": State.choices,
          "side": [("desk", _("the help desk")), ("reporter", _("the reporter"))]}
