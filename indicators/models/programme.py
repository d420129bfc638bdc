"""Programme indicators: what a regional or municipal programme promises to reach, and the values.

A ``Programme`` (the region's «программа поддержки ШНОР», a municipality's system of work)
lists its ``ProgrammeIndicator``s: name, unit, level, target. Values are kept per year
(``IndicatorValue``): entered in the admin, imported from a table, or — where the definition is
one the results allow — computed from the stored results and statuses
(``indicators.programme.computing``), never typed over by hand.

Percentages are stored as the reader sees them (62.5 means 62,5 %), so that a coordinator types
the number from the report; the charts divide by 100.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    title = models.CharField(_("название"), max_length=300)
    slug = models.SlugField(
        _("краткое имя"),
        max_length=100,
        unique=True,
        help_text=_("Латиницей, для импорта значений: например, «programma-2024»"),
    )
    territory = models.CharField(
        _("территория"), max_length=200, blank=True, help_text=_("Регион или муниципалитет")
    )
    period = models.CharField(_("срок"), max_length=100, blank=True, help_text=_("2023–2024"))
    description = models.TextField(_("описание"), blank=True)

    class Meta:
        verbose_name = _("программа")
        verbose_name_plural = _("программы")
        ordering = ["title"]

    def __str__(self):
        return self.title


class ProgrammeIndicator(models.Model):
    class Unit(models.TextChoices):
        PERCENT = "percent", _("процент")
        COUNT = "count", _("количество")

    class Level(models.TextChoices):
        REGION = "region", _("регион")
        MUNICIPALITY = "municipality", _("муниципалитет")
        SCHOOL = "school", _("школа")

    class Computation(models.TextChoices):
        """Definitions the stored results, statuses and confirmed risk profiles answer; see
        ``indicators.programme.computing``."""

        SHNOR_SHARE = "shnor_share", _("Доля школ, отвечающих правилу ШНОР по результатам")
        POSITIVE_DYNAMICS = "positive_dynamics", _("Доля ШНОР с положительной динамикой")
        POSITIVE_DYNAMICS_VPR = (
            "positive_dynamics_vpr",
            _("Доля ШНОР с положительной динамикой по итогам ВПР"),
        )
        CONFIRMED_SHARE = "confirmed_share", _("Доля подтвердивших отметку на ВПР")
        NETWORK_SHARE = "network_share", _("Доля ШНОР в сетевых парах со школами-лидерами")
        RISK_SHARE = (
            "risk_share",
            _("Доля ОО региона, в которых выявлены риски снижения образовательных результатов"),
        )
        DEFICIT_SHARE = "deficit_share", _("Доля ОО региона, в которых выявлены ресурсные дефициты")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("программа"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.CharField(
        _("номер"), max_length=20, help_text=_("Номер в программе, например 3.6")
    )
    name = models.CharField(_("название"), max_length=500)
    short_name = models.CharField(
        _("краткое название"),
        max_length=150,
        blank=True,
        help_text=_("Для подписей графиков: «Доля ШНОР с положительной динамикой»"),
    )
    unit = models.CharField(_("единица"), max_length=10, choices=Unit, default=Unit.PERCENT)
    level = models.CharField(_("уровень"), max_length=15, choices=Level, default=Level.REGION)
    target = models.DecimalField(
        _("целевое значение"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Для процентов — число процентов: 100 значит 100 %"),
    )
    target_year = models.PositiveSmallIntegerField(_("к году"), null=True, blank=True)
    higher_is_better = models.BooleanField(
        _("чем больше, тем лучше"),
        default=True,
        help_text=_("Снимите отметку для показателей, которые должны снижаться"),
    )
    computation = models.CharField(
        _("вычисляется по результатам"),
        max_length=30,
        choices=Computation,
        blank=True,
        help_text=_("Оставьте пустым, если значения вносятся вручную или импортом"),
    )
    definition = models.TextField(
        _("как считается"), blank=True, help_text=_("Источник данных и способ расчёта")
    )
    sort_order = models.PositiveIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("показатель программы")
        verbose_name_plural = _("показатели программ")
        ordering = ["programme", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"], name="unique_programme_indicator_code"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.short_name or self.name}"

    @property
    def label(self):
        return self.short_name or self.name

    def clean(self):
        if self.computation and self.level != self.Level.REGION:
            raise ValidationError(
                {"computation": _("Вычисляемые показатели считаются для региона целиком.")}
            )
        if self.computation and self.unit != self.Unit.PERCENT:
            raise ValidationError({"unit": _("Вычисляемые показатели — доли, в процентах.")})


class IndicatorValue(models.Model):
    class Source(models.TextChoices):
        ENTERED = "entered", _("внесено")
        IMPORTED = "imported", _("импортировано")
        COMPUTED = "computed", _("вычислено")

    indicator = models.ForeignKey(
        ProgrammeIndicator,
        verbose_name=_("показатель"),
        on_delete=models.CASCADE,
        related_name="values",
    )
    year = models.PositiveSmallIntegerField(
        _("год"), help_text=_("Для учебного года — год его окончания: 2023/2024 — это 2024")
    )
    municipality = models.ForeignKey(
        "schools.Municipality",
        verbose_name=_("муниципалитет"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("школа"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    value = models.DecimalField(_("значение"), max_digits=12, decimal_places=2)
    # Computed values keep what they were computed from: «12 из 20».
    note = models.CharField(_("примечание"), max_length=300, blank=True)
    source = models.CharField(
        _("источник"), max_length=10, choices=Source, default=Source.ENTERED, editable=False
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кем изменено"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("значение показателя")
        verbose_name_plural = _("значения показателей")
        ordering = ["indicator", "-year"]
        # NULLs are distinct in unique constraints, so each scope has its own.
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(municipality__isnull=True, school__isnull=True),
                name="unique_region_indicator_value",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "municipality"],
                condition=Q(municipality__isnull=False, school__isnull=True),
                name="unique_municipality_indicator_value",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "school"],
                condition=Q(school__isnull=False),
                name="unique_school_indicator_value",
            ),
        ]

    def __str__(self):
        scope = self.school or self.municipality
        return f"{self.indicator} — {self.year}" + (f", {scope}" if scope else "")

    def clean(self):
        indicator = getattr(self, "indicator", None)
        if indicator is None:
            return
        errors = scope_errors(indicator.level, self.municipality_id, self.school_id)
        if errors:
            raise ValidationError(errors)
        if (
            indicator.unit == ProgrammeIndicator.Unit.PERCENT
            and self.value is not None
            and not 0 <= self.value <= 100
        ):
            raise ValidationError({"value": _("Процент должен быть от 0 до 100.")})


def scope_errors(level, municipality_id, school_id):
    """What is wrong with a value's scope for an indicator of ``level``: {field: message}."""
    Level = ProgrammeIndicator.Level
    if level == Level.REGION and (municipality_id or school_id):
        return {"__all__": _("Показатель региональный: муниципалитет и школу не указывают.")}
    if level == Level.MUNICIPALITY and (school_id or not municipality_id):
        return {"municipality": _("Показатель муниципальный: укажите муниципалитет, без школы.")}
    if level == Level.SCHOOL and not school_id:
        return {"school": _("Показатель школьный: укажите школу.")}
    return {}
