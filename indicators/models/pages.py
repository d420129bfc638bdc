"""The «Показатели» page: text and result charts."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from ..blocks import IndicatorStreamBlock


class IndicatorPage(Page):
    """«Показатели»: what the programme achieved, in words and result charts editors place."""

    intro = models.TextField(_("Вступление"), blank=True, max_length=600)
    body = StreamField(IndicatorStreamBlock(), verbose_name=_("Содержание"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("Страница показателей")
        verbose_name_plural = _("Страницы показателей")
