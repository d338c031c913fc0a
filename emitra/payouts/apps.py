from django.apps import AppConfig


class PayoutsConfig(AppConfig):
    """Commission payouts to the kiosk holder's bank account, with TDS under 194H (F9, issue 10 req. 6-7)."""

    name = "emitra.payouts"
    label = "payouts"
    verbose_name = "Commission payouts"

    def ready(self):
        # notifications imports nothing of this app: the payout messages register here
        from emitra.payouts import messages

        messages.register_templates()
        # core imports nothing of this app: the words of its audit rows register here (issue 12 req. 6)
        from emitra.core import audit_texts
        from emitra.payouts import audit_texts as texts
        audit_texts.register(texts.TEXTS)
