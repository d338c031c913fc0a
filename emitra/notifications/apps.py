from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "emitra.notifications"
    label = "notifications"

    def ready(self):
        # core imports nothing of this app: the words of its audit rows register here (issue 12 req. 6)
        from emitra.core import audit_texts
        from emitra.notifications import audit_texts as texts
        audit_texts.register(texts.TEXTS, labels=texts.LABELS)
