from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "emitra.core"
    label = "core"
