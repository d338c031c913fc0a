from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "emitra.payments"
    label = "payments"

    def ready(self):
        from emitra.payments import consumer_messages

        consumer_messages.register_templates()
        # core imports nothing of this app: the words of its audit rows register here (issue 12 req. 6)
        from emitra.core import audit_texts
        from emitra.payments import audit_texts as texts
        audit_texts.register(texts.TEXTS, labels=texts.LABELS)
