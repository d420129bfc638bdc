from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = "Поддержка школ: рисковые профили и меры"

    def ready(self):
        from . import signals

        signals.connect()
