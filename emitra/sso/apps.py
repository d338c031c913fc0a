from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "emitra.sso"
    label = "sso"

    def ready(self):
        # core imports nothing of this app: the words of its audit rows register here (issue 12 req. 6)
        from emitra.core import audit_texts
        from emitra.sso import audit_texts as texts
        audit_texts.register(texts.TEXTS)
