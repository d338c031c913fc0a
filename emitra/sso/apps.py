from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "emitra.sso"
    label = "sso"
