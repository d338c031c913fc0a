from django.apps import AppConfig


class CommissionsConfig(AppConfig):
    """Commission rules, accrual in the payment's entry, reversal, tiers, statements (issue 10, F8)."""

    name = "emitra.commissions"
    label = "commissions"
    verbose_name = "Commissions"
