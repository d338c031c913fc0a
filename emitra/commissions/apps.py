from django.apps import AppConfig


class CommissionsConfig(AppConfig):
    """Commission rules, accrual in the payment's entry, reversal, tiers, statements (issue 10, F8)."""

    name = "emitra.commissions"
    label = "commissions"
    verbose_name = "Commissions"

    def ready(self):
        # payments imports nothing above it: commission legs come in through its seams (issue 10 req. 3, 4)
        from emitra.commissions import accrual, integrity  # noqa: F401 - integrity registers its check
        from emitra.payments import entries, undo

        entries.register_leg_provider(accrual.LEGS)
        undo.register_listener(accrual.reverse_on_undo)
        # core imports nothing of this app: the words of its audit rows register here (issue 12 req. 6)
        from emitra.commissions import audit_texts as texts
        from emitra.core import audit_texts
        audit_texts.register(texts.TEXTS, labels=texts.LABELS)
