from django.apps import AppConfig


class BillersConfig(AppConfig):
    name = "emitra.billers"
    label = "billers"
