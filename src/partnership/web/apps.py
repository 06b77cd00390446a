from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "partnership.web"
    label = "web"
    verbose_name = "Web"
