from django.apps import AppConfig


class WalletConfig(AppConfig):
    name = "emitra.wallet"
    label = "wallet"
