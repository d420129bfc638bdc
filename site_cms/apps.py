"""The site shell: home and standard pages, settings, navigation, low-vision mode."""

from django.apps import AppConfig


class SiteCmsConfig(AppConfig):
    name = "site_cms"
    verbose_name = "Сайт"

    def ready(self):
        from . import signals

        signals.connect()
