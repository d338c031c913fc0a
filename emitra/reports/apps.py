from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "emitra.reports"
    label = "reports"
