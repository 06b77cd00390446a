from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "partnership.indicators"
    label = "indicators"
    verbose_name = "Indicators"
