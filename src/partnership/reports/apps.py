from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "partnership.reports"
    label = "reports"
    verbose_name = "Reports"
