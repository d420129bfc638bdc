"""A description of a checking work: its tasks with the skills they check, and its codifiers.

One ``TaskDescription`` per procedure, subject and grade applies to the years ``first_year`` to
``last_year`` (both included) that an editor names: ФИС ОКО changes a work every few years, and
two descriptions of one work never share a year. Its tasks (``DescribedTask``) are the rows of
ALL.xlsx, one per task however many rows the file gives it; its ``CodeText`` rows are the
dictionaries KS.xlsx (КЭС) and KT.xlsx (КТ) that the tasks' codes point into.

``SkillPractice`` keeps the bank's practices found for the described skills (``skills.tasks``),
which the pages read instead of searching.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from indicators.results.records import Procedure
from search.text import MAX_TERM_LENGTH, MAX_TERMS

YEARS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Level(models.TextChoices):
    """The difficulty level as the descriptions write it."""

    BASIC = "Б", _("базовый")
    ADVANCED = "П", _("повышенный")
    HIGH = "В", _("высокий")


class CodeKind(models.TextChoices):
    CONTENT = "content", _("КЭС")
    REQUIREMENT = "requirement", _("КТ")


def format_years(first, last):
    return str(first) if first == last else f"{first}–{last}"


class TaskDescription(models.Model):
    subject = models.ForeignKey(
        "curriculum.Subject",
        verbose_name=_("предмет"),
        on_delete=models.PROTECT,
        related_name="task_descriptions",
    )
    grade = models.PositiveSmallIntegerField(
        _("класс"), validators=[MinValueValidator(1), MaxValueValidator(11)]
    )
    procedure = models.CharField(
        _("процедура"), max_length=3, choices=Procedure.choices, default=Procedure.VPR
    )
    first_year = models.PositiveSmallIntegerField(_("первый год"), validators=YEARS)
    last_year = models.PositiveSmallIntegerField(
        _("последний год"), validators=YEARS, help_text=_("Включительно.")
    )
    imported_at = models.DateTimeField(_("загружено"), auto_now=True)

    class Meta:
        ordering = ["subject", "grade", "-first_year"]
        verbose_name = _("описание проверочной работы")
        verbose_name_plural = _("описания проверочных работ")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "grade", "procedure", "first_year", "last_year"],
                name="skills_description_unique_years",
            ),
            models.CheckConstraint(
                condition=Q(first_year__lte=F("last_year")), name="skills_description_years_order"
            ),
        ]

    def __str__(self):
        return f"{self.get_procedure_display()} {self.years}: {self.subject}, {self.grade} класс"

    @property
    def years(self):
        return format_years(self.first_year, self.last_year)

    years.fget.short_description = _("годы")

    def overlapping(self):
        """The other descriptions of the same work that share a year with this one."""
        return TaskDescription.objects.filter(
            subject=self.subject_id,
            grade=self.grade,
            procedure=self.procedure,
            first_year__lte=self.last_year,
            last_year__gte=self.first_year,
        ).exclude(pk=self.pk)

    def clean(self):
        if None in (self.first_year, self.last_year, self.subject_id, self.grade):
            return
        if self.first_year > self.last_year:
            raise ValidationError({"last_year": _("Последний год раньше первого.")})
        if other := self.overlapping().first():
            raise ValidationError(
                _("Для этих лет уже есть описание: %(other)s. У работы в один год — одно описание.")
                % {"other": other}
            )

    def code_texts(self):
        """{(kind, code): text} of this description's КЭС and КТ dictionaries."""
        return {(row.kind, row.code): row.text for row in self.codes.all()}


class DescribedTask(models.Model):
    """One task of the work, however many rows (skills, codes) ALL.xlsx gives it."""

    description = models.ForeignKey(
        TaskDescription, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("описание")
    )
    number = models.PositiveSmallIntegerField(
        _("№"),
        help_text=_("Порядковый номер задания; так задания называют протоколы 2020–2021 годов."),
    )
    label = models.CharField(_("№ в КИМ"), max_length=20)
    skill = models.TextField(
        _("умения, виды деятельности"),
        help_text=_("Если задание проверяет несколько умений — по одному в строке."),
    )
    block = models.TextField(_("блок программы: выпускник научится"), blank=True)
    level = models.CharField(
        _("уровень сложности"), max_length=1, choices=Level.choices, blank=True
    )
    max_points = models.PositiveSmallIntegerField(_("максимальный балл"))
    content_codes = models.JSONField(_("коды КЭС"), default=list, blank=True)
    requirement_codes = models.JSONField(_("коды КТ"), default=list, blank=True)

    class Meta:
        ordering = ["description", "number"]
        verbose_name = _("задание")
        verbose_name_plural = _("задания")
        constraints = [
            models.UniqueConstraint(
                fields=["description", "label"], name="skills_task_unique_label"
            ),
            models.UniqueConstraint(
                fields=["description", "number"], name="skills_task_unique_number"
            ),
        ]

    def __str__(self):
        return self.label


class CodeText(models.Model):
    """A row of KS.xlsx (КЭС, the content element) or KT.xlsx (КТ, the requirement)."""

    description = models.ForeignKey(
        TaskDescription, on_delete=models.CASCADE, related_name="codes", verbose_name=_("описание")
    )
    kind = models.CharField(_("словарь"), max_length=11, choices=CodeKind.choices)
    code = models.CharField(_("код"), max_length=20)
    text = models.TextField(_("текст"))

    class Meta:
        ordering = ["description", "kind", "pk"]
        verbose_name = _("код КЭС или КТ")
        verbose_name_plural = _("коды КЭС и КТ")
        constraints = [
            models.UniqueConstraint(
                fields=["description", "kind", "code"], name="skills_code_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.code}"


class SkillPractice(models.Model):
    """A practice found for a skill: the ``rank``-th (from 0) of those the site search ranks
    highest for the skill's words among the practices of its subject and level, recommended
    first (``skills.matching``). Skills with the same words share their practices."""

    skill_key = models.CharField(
        _("слова умения"),
        # The search's words of the skill (``search.text.query_words``), space-separated.
        max_length=MAX_TERMS * (MAX_TERM_LENGTH + 1),
    )
    subject = models.ForeignKey(
        "curriculum.Subject", verbose_name=_("предмет"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.ForeignKey(
        "curriculum.EducationLevel",
        verbose_name=_("уровень образования"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name=_("практика"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    rank = models.PositiveSmallIntegerField(_("место"))
    recommended = models.BooleanField(_("рекомендована"))

    class Meta:
        ordering = ["skill_key", "subject", "level", "rank"]
        verbose_name = _("практика для умения")
        verbose_name_plural = _("практики для умений")
        constraints = [
            models.UniqueConstraint(
                fields=["skill_key", "subject", "level", "rank"], name="skills_practice_unique_rank"
            ),
        ]

    def __str__(self):
        return f"{self.skill_key}: {self.practice_id}"
