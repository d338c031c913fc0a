from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "emitra.network"
    label = "network"

    def ready(self):
        # core imports nothing of this app: the words of its audit rows register here (issue 12 req. 6)
        from emitra.core import audit_texts
        from emitra.network import audit_texts as texts
        audit_texts.register(texts.TEXTS, labels=texts.LABELS)
