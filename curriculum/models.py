"""Education levels (НОО, ООО, СОО) and school subjects.

Both the bank of practices and the assessment results speak of them, so they live apart from
either. Levels are fixed by the law on education; subjects are an editable list.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class EducationLevel(models.Model):
    """A level of general education and the grades it spans."""

    code = models.CharField(_("обозначение"), max_length=10, unique=True)
    slug = models.SlugField(_("код для адреса"), max_length=20, unique=True)
    name = models.CharField(_("название"), max_length=100)
    first_grade = models.PositiveSmallIntegerField(_("с класса"))
    last_grade = models.PositiveSmallIntegerField(_("по класс"))

    class Meta:
        ordering = ["first_grade"]
        verbose_name = _("уровень образования")
        verbose_name_plural = _("уровни образования")

    def __str__(self):
        return self.code


class Subject(models.Model):
    """A school subject; ``other_names`` lists the spellings that result files use for it."""

    name = models.CharField(_("название"), max_length=100, unique=True)
    slug = models.SlugField(_("код для адреса"), max_length=60, unique=True)
    other_names = models.TextField(
        _("другие написания"),
        blank=True,
        help_text=_("По одному на строке, как предмет называют в файлах результатов."),
    )
    dative = models.CharField(
        _("«по чему»"),
        max_length=100,
        blank=True,
        help_text=_(
            "Как предмет звучит после «по», со строчной буквы: «математике», «русскому языку». "
            "Пустое поле — в подписях к графикам будет «по предмету «Название»»."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("порядок"), default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("dative"),
        FieldPanel("slug"),
        FieldPanel("other_names"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("учебный предмет")
        verbose_name_plural = _("учебные предметы")

    def __str__(self):
        return self.name
