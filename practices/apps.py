"""Bank of best practices and presentation materials."""

from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Банк практик и материалов"
