from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "emitra.accounts"
    label = "accounts"

    def ready(self):
        # core imports nothing of this app: the words of its audit rows register here (issue 12 req. 6)
        from emitra.accounts import audit_texts as texts
        from emitra.core import audit_texts
        audit_texts.register(texts.TEXTS)
