from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "emitra.payments"
    label = "payments"

    def ready(self):
        from emitra.payments import consumer_messages

        consumer_messages.register_templates()
