"""A school's risk profile for a school year (the «500+» self-diagnosis) and its measures.

A profile holds one assessment per risk factor of the bank's taxonomy
(``practices.RiskFactor``), the four resource deficits and the teachers' counts; its measures
answer the assessed factors. The school's editors fill it in, a coordinator confirms it; only
confirmed profiles are public. Every save is a Wagtail revision, so the history is kept.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable, RevisionMixin


class State(models.TextChoices):
    DRAFT = "draft", _("черновик")
    REVIEW = "review", _("на проверке")
    CONFIRMED = "confirmed", _("подтверждён")


class Level(models.TextChoices):
    HIGH = "high", _("высокий")
    MEDIUM = "medium", _("средний")
    LOW = "low", _("низкий")
    NONE = "none", _("не выявлен")


class Source(models.TextChoices):
    SELF = "self", _("самодиагностика школы")
    COORDINATOR = "coordinator", _("оценка координатора")
    VPR = "vpr", _("результаты ВПР")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("запланирована")
    RUNNING = "running", _("выполняется")
    DONE = "done", _("выполнена")
    CANCELLED = "cancelled", _("отменена")


class RiskProfile(RevisionMixin, ClusterableModel):
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("школа"),
        on_delete=models.CASCADE,
        related_name="risk_profiles",
    )
    school_year = models.PositiveSmallIntegerField(
        _("учебный год"), help_text=_("Год начала учебного года: 2025 — это 2025/2026")
    )
    state = models.CharField(_("состояние"), max_length=10, choices=State, default=State.DRAFT)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кем подтверждён"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(
        _("когда подтверждён"), null=True, blank=True, editable=False
    )

    staffing_deficit = models.TextField(_("кадровые дефициты"), blank=True)
    information_deficit = models.TextField(_("информационные дефициты"), blank=True)
    equipment_deficit = models.TextField(_("материально-технические дефициты"), blank=True)
    methodical_deficit = models.TextField(_("методические дефициты"), blank=True)

    teachers_total = models.PositiveIntegerField(_("педагогов всего"), default=0)
    teachers_diagnosed = models.PositiveIntegerField(
        _("прошли диагностику профессиональных дефицитов"), default=0
    )
    teachers_with_deficits = models.PositiveIntegerField(
        _("выявлены профессиональные дефициты"), default=0
    )
    teachers_on_route = models.PositiveIntegerField(
        _("работают по индивидуальному образовательному маршруту (ИОМ)"), default=0
    )

    class Meta:
        verbose_name = _("рисковый профиль школы")
        verbose_name_plural = _("рисковые профили школ")
        ordering = ["-school_year", "school__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"], name="one_risk_profile_per_school_year"
            ),
            models.CheckConstraint(
                condition=models.Q(teachers_diagnosed__lte=models.F("teachers_total"))
                & models.Q(teachers_with_deficits__lte=models.F("teachers_diagnosed"))
                & models.Q(teachers_on_route__lte=models.F("teachers_total")),
                name="risk_profile_teacher_counts",
            ),
        ]
        permissions = [("confirm_riskprofile", _("Может подтверждать рисковые профили школ"))]

    DEFICIT_FIELDS = (
        ("staffing", "staffing_deficit"),
        ("information", "information_deficit"),
        ("equipment", "equipment_deficit"),
        ("methodical", "methodical_deficit"),
    )

    def __str__(self):
        return f"{self.school} — {self.school_year_label}"

    @property
    def school_year_label(self):
        return f"{self.school_year}/{self.school_year + 1}"

    @property
    def resource_deficits(self):
        """The kinds of resource deficit the profile names, with their notes."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for _kind, name in self.DEFICIT_FIELDS
            if getattr(self, name).strip()
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.teachers_diagnosed > self.teachers_total:
            errors["teachers_diagnosed"] = _("Прошедших диагностику больше, чем педагогов всего.")
        if self.teachers_with_deficits > self.teachers_diagnosed:
            errors["teachers_with_deficits"] = _(
                "Дефициты выявлены у большего числа педагогов, чем прошли диагностику."
            )
        if self.teachers_on_route > self.teachers_total:
            errors["teachers_on_route"] = _("Работающих по ИОМ больше, чем педагогов всего.")
        if errors:
            raise ValidationError(errors)


class FactorAssessment(Orderable):
    """One factor's level in a profile; one per factor."""

    profile = ParentalKey(RiskProfile, on_delete=models.CASCADE, related_name="assessments")
    factor = models.ForeignKey(
        "practices.RiskFactor",
        verbose_name=_("фактор риска"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    level = models.CharField(_("уровень"), max_length=10, choices=Level)
    source = models.CharField(_("источник"), max_length=12, choices=Source, default=Source.SELF)
    basis = models.TextField(_("обоснование"), blank=True, max_length=1000)
    # Written by the survey import; a re-import of the year replaces exactly these rows.
    imported = models.BooleanField(_("из анкеты"), default=False, editable=False)

    class Meta(Orderable.Meta):
        verbose_name = _("оценка фактора риска")
        verbose_name_plural = _("оценки факторов риска")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "factor"], name="one_assessment_per_profile_factor"
            )
        ]

    def __str__(self):
        return f"{self.factor}: {self.get_level_display()}"


class Measure(Orderable):
    """A measure answering one factor of the profile. It names a role, never a person."""

    profile = ParentalKey(RiskProfile, on_delete=models.CASCADE, related_name="measures")
    factor = models.ForeignKey(
        "practices.RiskFactor",
        verbose_name=_("фактор риска"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    action = models.CharField(_("мера"), max_length=500)
    responsible = models.CharField(
        _("ответственный"),
        max_length=200,
        help_text=_("Должность или роль, например «заместитель директора по УВР»"),
    )
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"))
    status = models.CharField(
        _("состояние"), max_length=10, choices=MeasureStatus, default=MeasureStatus.PLANNED
    )
    roadmap_item = models.ForeignKey(
        "roadmaps.RoadmapItem",
        verbose_name=_("пункт дорожной карты"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("мера")
        verbose_name_plural = _("меры")

    def __str__(self):
        return self.action

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Мера не может закончиться раньше, чем начнётся.")})
