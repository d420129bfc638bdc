"""Editable lists a practice is described and filtered by: directions of work, risk factors."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Kind(models.TextChoices):
    PEDAGOGICAL = "pedagogical", _("педагогическая")
    MANAGERIAL = "managerial", _("управленческая")
    UPBRINGING = "upbringing", _("воспитательная")
    PSYCHOLOGICAL = "psychological", _("психолого-педагогическая")


class OrderedTerm(models.Model):
    name = models.CharField(_("название"), max_length=150, unique=True)
    slug = models.SlugField(_("код для адреса"), max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("порядок"), default=100)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Direction(OrderedTerm):
    """A direction of work: формирующее оценивание, ВСОКО, наставничество…"""

    class Meta(OrderedTerm.Meta):
        verbose_name = _("Направление практик")
        verbose_name_plural = _("Направления практик")


class RiskFactor(OrderedTerm):
    """A risk factor of low results that a practice addresses."""

    description = models.TextField(_("пояснение"), blank=True)

    panels = OrderedTerm.panels + [FieldPanel("description")]

    class Meta(OrderedTerm.Meta):
        verbose_name = _("Фактор риска")
        verbose_name_plural = _("Факторы риска")
