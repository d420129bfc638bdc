"""After a seminar: attendance, participants' certificates and their feedback."""

from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = "Посещаемость, сертификаты и отзывы"

    def ready(self):
        from . import signals

        signals.connect()
