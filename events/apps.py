"""Seminar calendar and roadmaps."""

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Календарь и дорожные карты"
