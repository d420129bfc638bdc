"""School registry and the schools' «Повышение качества образования» sections."""

from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Школы"

    def ready(self):
        from . import signals

        signals.connect()
