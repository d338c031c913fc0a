from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "emitra.notifications"
    label = "notifications"
