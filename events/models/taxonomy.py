"""Editable lists the calendar is filtered by: audiences (roles and subjects), organisations."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Audience(models.Model):
    """Who an event is for: a role («руководители ОО») or a subject («учителя математики»)."""

    class Kind(models.TextChoices):
        ROLE = "role", _("роль")
        SUBJECT = "subject", _("предмет")

    name = models.CharField(_("название"), max_length=150, unique=True)
    slug = models.SlugField(_("код для адреса"), max_length=80, unique=True)
    kind = models.CharField(_("вид"), max_length=10, choices=Kind, default=Kind.ROLE)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind")]

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("Аудитория мероприятий")
        verbose_name_plural = _("Аудитории мероприятий")

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """An organiser or co-organiser of events: the institute, a МОЦ, an ОМСУ, a school."""

    name = models.CharField(_("название"), max_length=300, unique=True)
    short_name = models.CharField(_("краткое название"), max_length=100, blank=True)
    slug = models.SlugField(_("код для адреса"), max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Организатор мероприятий")
        verbose_name_plural = _("Организаторы мероприятий")

    def __str__(self):
        return self.short_name or self.name
