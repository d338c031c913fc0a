from django.apps import AppConfig


class HelpdeskConfig(AppConfig):
    """Issue tickets (F34; issue 13 req. 6)."""

    name = "emitra.helpdesk"
    label = "helpdesk"
    verbose_name = "Issue tickets"

    def ready(self):
        # notifications imports nothing of this app: its message texts register here
        from emitra.helpdesk import messages

        messages.register_templates()
        # core imports nothing of this app: the words of its audit rows register here (issue 12 req. 6)
        from emitra.core import audit_texts
        from emitra.helpdesk import audit_texts as texts
        audit_texts.register(texts.TEXTS, labels=texts.LABELS)
