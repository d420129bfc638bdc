"""The bank of best practices: its page and one card per practice."""

from django.core.exceptions import ValidationError
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import PracticeDescriptionBlock, ResultBlock
from ..evidence import (
    EVIDENCE_MEANING,
    CostLevel,
    EvidenceLevel,
    StartGuide,
    TimeBand,
    TimeUnit,
    cost_level,
    evidence_short,
    steps,
    time_band,
    time_label,
)
from ..forms import PracticePageForm
from ..permissions import REVIEW_PERMISSION
from .taxonomy import Kind


class PracticeIndexPage(RoutablePageMixin, Page):
    """«Банк лучших практик»: the practices below it, filtered by facets, and compared."""

    intro = RichTextField(_("Вступление"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["practices.PracticePage", "practices.PracticeCollectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Банк лучших практик")

    def get_context(self, request, *args, **kwargs):
        from ..listing import bank_context

        context = super().get_context(request, *args, **kwargs)
        context.update(bank_context(self, request))
        return context

    @path("sravnenie/", name="compare")
    def compare(self, request):
        from ..compare import compare_context

        # Not self.render(): the bank's own context (facets, a page of cards) is not needed.
        context = {"page": self, "self": self, **compare_context(self, request.GET)}
        return TemplateResponse(request, "practices/practice_compare.html", context)


class PracticePage(Page):
    """One practice: what problem it solves, how it is done, what it gave, who did it."""

    annotation = models.TextField(
        _("Аннотация"),
        max_length=600,
        help_text=_("Два-три предложения: что это за практика и кому она поможет."),
    )
    kind = models.CharField(_("Вид практики"), max_length=20, choices=Kind)
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("Школа"),
        on_delete=models.PROTECT,
        related_name="practices",
    )
    levels = ParentalManyToManyField(
        "curriculum.EducationLevel", verbose_name=_("Уровни образования"), blank=True
    )
    grade_from = models.PositiveSmallIntegerField(_("С класса"), null=True, blank=True)
    grade_to = models.PositiveSmallIntegerField(_("По класс"), null=True, blank=True)
    subjects = ParentalManyToManyField("curriculum.Subject", verbose_name=_("Предметы"), blank=True)
    directions = ParentalManyToManyField(
        "practices.Direction", verbose_name=_("Направления"), blank=True
    )
    risk_factors = ParentalManyToManyField(
        "practices.RiskFactor", verbose_name=_("Факторы риска, на которые направлена"), blank=True
    )
    problem = models.TextField(_("Какую проблему решает"))
    description = StreamField(PracticeDescriptionBlock(), verbose_name=_("Описание практики"))
    results = StreamField(
        [("result", ResultBlock())], verbose_name=_("Результаты и эффекты"), blank=True
    )
    resources = models.TextField(_("Необходимые ресурсы"), blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("Учебный год начала практики"),
        null=True,
        blank=True,
        help_text=_("Год сентября, с которого школа работает так: 2023 — это 2023/24 учебный год."),
    )
    # Cost and effort: cost_level follows from them by the rule in evidence.py.
    teacher_hours_per_month = models.PositiveSmallIntegerField(
        _("Часов работы учителей в месяц"),
        null=True,
        blank=True,
        help_text=_("Сверх обычной нагрузки, на всех участников вместе."),
    )
    materials_cost = models.PositiveIntegerField(_("Материалы, руб. в год"), null=True, blank=True)
    equipment_cost = models.PositiveIntegerField(
        _("Оборудование, руб. единовременно"), null=True, blank=True
    )
    training_cost = models.PositiveIntegerField(
        _("Обучение педагогов, руб. единовременно"), null=True, blank=True
    )
    cost_level = models.CharField(
        _("Затраты"), max_length=10, choices=CostLevel, blank=True, editable=False
    )
    results_after = models.PositiveSmallIntegerField(
        _("Первые результаты через"), null=True, blank=True
    )
    results_after_unit = models.CharField(
        _("Единица"), max_length=10, choices=TimeUnit, default=TimeUnit.MONTHS, blank=True
    )
    results_band = models.CharField(
        _("Время до первых результатов"),
        max_length=10,
        choices=TimeBand,
        blank=True,
        editable=False,
    )
    # «Как начать»: required before the experts recommend the practice (review.py).
    first_steps = models.TextField(
        _("Первые шаги"), blank=True, help_text=_("По одному шагу в строке, по порядку.")
    )
    difficulties = models.TextField(_("Типичные трудности и как школа их преодолела"), blank=True)
    contact = models.TextField(
        _("Кому писать"),
        blank=True,
        help_text=_("Контакт школы для коллег: должность, телефон или электронная почта."),
    )
    contact_consent = models.BooleanField(
        _("Школа согласна публиковать этот контакт"), default=False
    )
    evidence_level = models.PositiveSmallIntegerField(
        _("Сила доказательств"), choices=EvidenceLevel, null=True, blank=True
    )
    expert_conclusion = models.TextField(_("Экспертное заключение"), blank=True)
    expert_conclusion_date = models.DateField(_("Дата заключения"), null=True, blank=True)
    related_practices = ParentalManyToManyField(
        "self", verbose_name=_("Похожие практики"), blank=True, symmetrical=False
    )

    content_panels = Page.content_panels + [
        FieldPanel("annotation"),
        FieldPanel("kind"),
        FieldPanel("school"),
        InlinePanel("authors", label=_("автора"), heading=_("Авторы")),
        MultiFieldPanel(
            [
                FieldPanel("levels", widget=CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("grade_from"), FieldPanel("grade_to")]),
                FieldPanel("subjects", widget=CheckboxSelectMultiple),
            ],
            heading=_("Для кого"),
        ),
        FieldPanel("directions", widget=CheckboxSelectMultiple),
        FieldPanel("risk_factors", widget=CheckboxSelectMultiple),
        FieldPanel("problem"),
        FieldPanel("description"),
        FieldPanel("results"),
        FieldPanel("resources"),
        FieldPanel("start_year"),
        MultiFieldPanel(
            [
                FieldPanel("teacher_hours_per_month"),
                FieldRowPanel(
                    [
                        FieldPanel("materials_cost"),
                        FieldPanel("equipment_cost"),
                        FieldPanel("training_cost"),
                    ]
                ),
                FieldRowPanel([FieldPanel("results_after"), FieldPanel("results_after_unit")]),
            ],
            heading=_("Затраты и время до результатов"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("first_steps"),
                FieldPanel("difficulties"),
                FieldPanel("contact"),
                FieldPanel("contact_consent"),
            ],
            heading=_("Как начать"),
            help_text=_("Обязателен для рекомендованной практики."),
        ),
        InlinePanel("materials", label=_("материал"), heading=_("Материалы")),
        FieldPanel("related_practices"),
    ]
    # The permission on the fields takes them out of the form (a forged POST changes nothing);
    # on the tab it hides the tab.
    review_panels = [
        FieldPanel("evidence_level", permission=REVIEW_PERMISSION),
        FieldPanel("expert_conclusion", permission=REVIEW_PERMISSION),
        FieldPanel("expert_conclusion_date", permission=REVIEW_PERMISSION),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Содержание")),
            ObjectList(review_panels, heading=_("Экспертиза"), permission=REVIEW_PERMISSION),
            ObjectList(Page.promote_panels, heading=_("Продвижение")),
            ObjectList(Page.settings_panels, heading=_("Настройки")),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("annotation"),
        index.SearchField("problem"),
        index.SearchField("description"),
        index.SearchField("results"),
        index.FilterField("kind"),
        index.FilterField("school"),
        index.FilterField("expert_conclusion_date"),
        index.FilterField("evidence_level"),
        index.FilterField("cost_level"),
        index.FilterField("results_band"),
        index.RelatedFields("directions", [index.SearchField("name")]),
        index.RelatedFields("subjects", [index.SearchField("name")]),
    ]
    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []
    base_form_class = PracticePageForm

    class Meta:
        verbose_name = _("Практика")
        verbose_name_plural = _("Практики")
        permissions = [("review_practice", _("Может давать экспертное заключение о практике"))]

    @property
    def is_recommended(self):
        return self.expert_conclusion_date is not None

    @property
    def grades_label(self):
        if self.grade_from and self.grade_to and self.grade_from != self.grade_to:
            return f"{self.grade_from}–{self.grade_to} классы"
        grade = self.grade_from or self.grade_to
        return f"{grade} класс" if grade else ""

    @property
    def evidence_meaning(self):
        return EVIDENCE_MEANING.get(self.evidence_level, "")

    @property
    def evidence_mark(self):
        return "" if self.evidence_level is None else evidence_short(self.evidence_level)

    @property
    def results_after_label(self):
        return time_label(self.results_after, self.results_after_unit)

    @property
    def start_steps(self):
        return steps(self.first_steps)

    @property
    def start_guide(self):
        return StartGuide(self.first_steps, self.difficulties, self.contact, self.contact_consent)

    def save(self, *args, **kwargs):
        # The derived levels are columns so that the facets count them in one GROUP BY.
        self.cost_level = cost_level(
            self.teacher_hours_per_month,
            self.materials_cost,
            self.equipment_cost,
            self.training_cost,
        )
        self.results_band = time_band(self.results_after, self.results_after_unit)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "cost_level", "results_band"}
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..card import practice_context

        context = super().get_context(request, *args, **kwargs)
        context.update(practice_context(self, request))
        return context

    def clean(self):
        super().clean()
        if self.grade_from and self.grade_to and self.grade_from > self.grade_to:
            raise ValidationError({"grade_to": _("Последний класс не может быть меньше первого.")})
        if self.results_after and not self.results_after_unit:
            raise ValidationError({"results_after_unit": _("Укажите: недели или месяцы.")})


class PracticeAuthor(Orderable):
    """An author; the name and position appear on the site only with their consent."""

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(_("Фамилия, имя, отчество"), max_length=200)
    position = models.CharField(_("Должность"), max_length=200, blank=True)
    consent_to_publish = models.BooleanField(
        _("Согласие на публикацию имени и должности"), default=False
    )

    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("consent_to_publish")]

    class Meta(Orderable.Meta):
        verbose_name = _("Автор")
        verbose_name_plural = _("Авторы")

    def __str__(self):
        return self.name


class PracticeMaterial(Orderable):
    """A document of the practice: lesson plans, presentations, templates."""

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(
        "practices.Material", verbose_name=_("Материал"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("material")]

    class Meta(Orderable.Meta):
        verbose_name = _("Материал практики")
        verbose_name_plural = _("Материалы практики")
