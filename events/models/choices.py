"""Kinds and formats of events."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    SEMINAR = "seminar", _("семинар")
    WEBINAR = "webinar", _("вебинар")
    CONFERENCE = "conference", _("конференция")
    MASTER_CLASS = "master-class", _("мастер-класс")
    MEETING = "meeting", _("совещание")
    INTERVIEW = "interview", _("собеседование")
    VISIT = "visit", _("выездное мероприятие")


class EventFormat(models.TextChoices):
    IN_PERSON = "in-person", _("очно")
    ONLINE = "online", _("онлайн / ВКС")
    MIXED = "mixed", _("смешанный")


class Frequency(models.TextChoices):
    NONE = "", _("не повторяется")
    WEEKLY = "weekly", _("еженедельно")
    MONTHLY = "monthly", _("ежемесячно")
    MONTHLY_WEEKDAY = "monthly-weekday", _("ежемесячно в тот же день недели")
    QUARTERLY = "quarterly", _("1 раз в квартал")
