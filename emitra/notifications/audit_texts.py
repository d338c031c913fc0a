"""The words of the outbox's audit rows (issue 12 req. 6; registered from NotificationsConfig.ready,
shown by core.audit_texts in the reader's language)."""
from django.utils.translation import gettext_lazy as _

from emitra.notifications.models import Message

TEXTS = {
    "notifications.message.retried": _("%(channel)s to %(to)s sent again (%(template)s)"),
}
LABELS = {"channel": Message.Channel.choices}
