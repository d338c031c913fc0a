from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "emitra.core"
    label = "core"

    def ready(self):
        from emitra.core import converters

        converters.register()  # before any urls.py is read (issue 9 item 6)
