"""Seminar calendar: events, registration, ICS feeds."""

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Календарь мероприятий"

    def ready(self):
        from . import signals

        signals.connect()
