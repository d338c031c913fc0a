from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "emitra.network"
    label = "network"
