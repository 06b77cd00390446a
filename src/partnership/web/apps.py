from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "partnership.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        from . import datastamp
        from .govuk_components import install

        install()
        datastamp.install()
