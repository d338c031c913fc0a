from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "emitra.catalogue"
    label = "catalogue"
