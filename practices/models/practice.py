"""The bank of best practices: its page and one card per practice."""

from django.core.exceptions import ValidationError
from django.db import models
from django.forms import CheckboxSelectMultiple
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
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import PracticeDescriptionBlock, ResultBlock
from ..forms import PracticePageForm
from ..permissions import REVIEW_PERMISSION
from .taxonomy import Kind


class PracticeIndexPage(Page):
    """«Банк лучших практик»: the practices below it, filtered by facets."""

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
    expert_conclusion = models.TextField(_("Экспертное заключение"), blank=True)
    expert_conclusion_date = models.DateField(_("Дата заключения"), null=True, blank=True)
    related_practices = ParentalManyToManyField(
        "self", verbose_name=_("Похожие практики"), blank=True, symmetrical=False
    )

    content_panels = Page.content_panels + [
        FieldPanel("annotation"),
        FieldPanel("kind"),
        FieldPanel("school"),
        InlinePanel("authors", label=_("Авторы"), heading=_("Авторы")),
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
        InlinePanel("materials", label=_("Материалы"), heading=_("Материалы")),
        FieldPanel("related_practices"),
    ]
    # The permission on the fields takes them out of the form (a forged POST changes nothing);
    # on the tab it hides the tab.
    review_panels = [
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

    def get_context(self, request, *args, **kwargs):
        from ..card import practice_context

        context = super().get_context(request, *args, **kwargs)
        context.update(practice_context(self))
        return context

    def clean(self):
        super().clean()
        if self.grade_from and self.grade_to and self.grade_from > self.grade_to:
            raise ValidationError({"grade_to": _("Последний класс не может быть меньше первого.")})


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
