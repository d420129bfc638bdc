"""Roadmaps («дорожные карты»): tables of activities with deadlines, responsible and results."""

from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = "Дорожные карты"
