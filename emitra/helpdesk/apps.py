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
