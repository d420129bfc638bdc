from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "skills"
    verbose_name = "Описания проверочных работ"

    def ready(self):
        from . import signals

        signals.connect()
