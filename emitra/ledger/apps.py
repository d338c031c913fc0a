from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "emitra.ledger"
    label = "ledger"
