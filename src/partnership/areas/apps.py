from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "partnership.areas"
    label = "areas"
    verbose_name = "Areas"
