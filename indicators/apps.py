"""Assessment results, identification of low-result schools, dynamics."""

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Показатели"

    def ready(self):
        from . import signals

        signals.connect()
