from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "emitra.payments"
    label = "payments"
