from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "partnership.plans"
    label = "plans"
    verbose_name = "Plans"
