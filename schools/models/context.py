"""A school's context (ФИС ОКО's «Сбор контекстных данных об ОО»), and the editors' bands that
put schools with a like context into groups of similar schools (``schools.similar``)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .registry import School


class SchoolContext(models.Model):
    """What the context questionnaire of one school year says about the school."""

    class SettlementKind(models.TextChoices):
        REGIONAL_CENTRE = "centre", _("административный центр субъекта РФ")
        CITY = "city", _("город")
        TOWN = "town", _("населённый пункт городского типа")
        VILLAGE = "village", _("населённый пункт сельского типа")

    school = models.ForeignKey(
        School, verbose_name=_("школа"), on_delete=models.CASCADE, related_name="contexts"
    )
    school_year = models.PositiveSmallIntegerField(
        _("учебный год"), help_text=_("Год начала учебного года: 2021 — это 2021/2022")
    )
    settlement_kind = models.CharField(
        _("тип населённого пункта"), max_length=10, choices=SettlementKind, blank=True
    )
    # The questionnaire asks for a size band («1–5 тыс. человек»): its bounds are kept.
    population_from = models.PositiveIntegerField(
        _("население от, тыс. человек"), null=True, blank=True
    )
    population_to = models.PositiveIntegerField(
        _("население до, тыс. человек"),
        null=True,
        blank=True,
        help_text=_("Пусто — без верхней границы («более 680 тыс. человек»)"),
    )
    pupils = models.PositiveIntegerField(_("обучающихся"), null=True, blank=True)
    # ФИС ОКО counts pupils with ОВЗ only among those of two birth years (15–16 year olds):
    # the share among them stands for the school's.
    ovz_counted = models.PositiveIntegerField(
        _("обучающихся, по которым считается доля с ОВЗ"), null=True, blank=True
    )
    ovz_pupils = models.PositiveIntegerField(
        _("из них с ОВЗ, по АОП или инвалидов"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("контекстные данные школы")
        verbose_name_plural = _("контекстные данные школ")
        ordering = ["school", "-school_year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="unique_school_context"),
            models.CheckConstraint(
                condition=models.Q(ovz_pupils__lte=models.F("ovz_counted"))
                | models.Q(ovz_pupils__isnull=True)
                | models.Q(ovz_counted__isnull=True),
                name="school_context_ovz_within_counted",
            ),
        ]

    def __str__(self):
        return f"{self.school} ({self.school_year_label})"

    @property
    def school_year_label(self):
        return f"{self.school_year}/{self.school_year + 1}"

    @property
    def ovz_share(self):
        """The share of pupils with ОВЗ (0–1), None when nobody was counted."""
        if not self.ovz_counted or self.ovz_pupils is None:
            return None
        return self.ovz_pupils / self.ovz_counted


def parse_bounds(text):
    """«100, 300, 700» → (100, 300, 700); ValueError unless rising positive whole numbers."""
    parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    bounds = tuple(int(part) for part in parts if part.isdigit())
    if len(bounds) != len(parts) or any(b <= a for a, b in zip(bounds, bounds[1:], strict=False)):
        raise ValueError(text)
    if bounds and bounds[0] == 0:
        raise ValueError(text)
    return bounds


class GroupsPanel(Panel):
    """The groups the saved bands make, with their schools: what editors change by saving."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "schools/admin/similar_groups_panel.html"

        def get_context_data(self, parent_context=None):
            from ..similar_listing import groups_listing

            context = super().get_context_data(parent_context)
            context["listing"] = groups_listing()
            return context


@register_setting(icon="group")
class SimilarSchoolsSettings(BaseGenericSetting):
    """The bands of «Группы похожих школ»: editors choose them, ``schools.similar`` applies them."""

    large_city_from = models.PositiveIntegerField(
        _("Крупный город — от, тыс. жителей"),
        default=0,
        help_text=_(
            "Города и посёлки городского типа с таким населением и больше — отдельная группа "
            "«крупный город». 0 — все городские школы в одной группе «город»."
        ),
    )
    large_village_from = models.PositiveIntegerField(
        _("Крупное село — от, тыс. жителей"),
        default=1,
        help_text=_(
            "Сельские населённые пункты с таким населением и больше — «крупное село», меньше — "
            "«малое село». 0 — все сельские школы в одной группе «село». Сравнивается нижняя "
            "граница ответа анкеты: «1–5 тыс. человек» — это от 1 тыс."
        ),
    )
    pupil_bounds = models.CharField(
        _("Границы по числу обучающихся"),
        max_length=100,
        blank=True,
        default="100, 300, 700",
        help_text=_(
            "Через запятую: «100, 300, 700» — группы «менее 100», «100–299», «300–699» и "
            "«700 и больше». Пусто — не делить школы по числу обучающихся."
        ),
    )
    ovz_bounds = models.CharField(
        _("Границы по доле обучающихся с ОВЗ, %"),
        max_length=100,
        blank=True,
        default="5, 10",
        help_text=_(
            "Через запятую, в процентах: «5, 10» — группы «менее 5 %», «5–10 %» и «10 % и "
            "больше». Пусто — не делить школы по доле обучающихся с ОВЗ."
        ),
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("Наименьшая группа для сравнения, школ"),
        default=5,
        help_text=_(
            "Школу сравнивают с похожими, когда в её группе вместе с ней столько школ с "
            "результатами работы (не меньше 10 участников у каждой). Меньше 4 — квартили "
            "ничего не значат."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("large_city_from"), FieldPanel("large_village_from")],
            heading=_("Населённый пункт"),
        ),
        FieldPanel("pupil_bounds"),
        FieldPanel("ovz_bounds"),
        FieldPanel("min_group_size"),
        GroupsPanel(heading=_("Группы школ по сохранённым границам")),
    ]

    class Meta:
        verbose_name = _("Группы похожих школ")

    def clean(self):
        errors = {}
        for name in ("pupil_bounds", "ovz_bounds"):
            try:
                bounds = parse_bounds(getattr(self, name))
            except ValueError:
                errors[name] = _("Укажите растущие целые числа больше нуля через запятую.")
                continue
            if name == "ovz_bounds" and bounds and bounds[-1] >= 100:
                errors[name] = _("Доля в процентах: границы меньше 100.")
        if self.min_group_size < 4:
            errors["min_group_size"] = _("В группе должно быть не меньше 4 школ.")
        if errors:
            raise ValidationError(errors)
