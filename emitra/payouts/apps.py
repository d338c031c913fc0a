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
