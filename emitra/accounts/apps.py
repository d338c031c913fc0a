from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "emitra.accounts"
    label = "accounts"
