"""The schools' pages: the index, a page per school and its «Повышение качества образования»."""

from django.db import models
from django.db.models import Max, OuterRef, Subquery, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from site_cms.blocks import BodyStreamBlock

from ..blocks import ProgrammeDocumentBlock, RecommendationBlock, ReportBlock, TeamMemberBlock


class SchoolIndexPage(Page):
    intro = RichTextField(_("Вступление"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["schools.SchoolPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Список школ")


class SchoolPage(Page):
    """What a parent needs to know about the school: what it does to improve, with whom."""

    school = models.OneToOneField(
        "schools.School",
        verbose_name=_("Школа в реестре"),
        on_delete=models.PROTECT,
        related_name="page",
    )
    summary = models.TextField(
        _("Коротко о школе и её работе"),
        blank=True,
        help_text=_("Два-три предложения простыми словами: что школа делает, чтобы учить лучше."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Фотография школы"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("Подробнее"), blank=True)

    content_panels = Page.content_panels + [
        # School editors must not relink their page to another school of the registry.
        FieldPanel("school", permission="schools.change_school"),
        FieldPanel("summary"),
        FieldPanel("photo"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["schools.SchoolIndexPage"]
    subpage_types = ["schools.QualitySectionPage"]

    class Meta:
        verbose_name = _("Страница школы")
        verbose_name_plural = _("Страницы школ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["section"] = QualitySectionPage.objects.child_of(self).live().first()
        # The indicators app adds result widgets through this hook.
        context["school_widgets"] = [
            widget
            for build in hooks.get_hooks("school_page_widgets")
            if (widget := build(request, self.school))
        ]
        return context


class QualitySectionPageQuerySet(PageQuerySet):
    def with_last_update(self):
        """Annotate ``last_update``: the newest publication in the section or any page below it."""
        # A range on the indexed path, as treebeard selects a subtree; LIKE 'path%' built from
        # an outer column could not use the index and scanned every page once per section.
        subtree_end = Concat(OuterRef("path"), Value(Page.alphabet[-1] * 255))
        newest = (
            Page.objects.filter(live=True, path__gte=OuterRef("path"), path__lte=subtree_end)
            .order_by()
            .values("live")  # one group: every row in it is live
            .annotate(newest=Max("last_published_at"))
            .values("newest")
        )
        return self.annotate(last_update=Subquery(newest[:1]))


class QualitySectionPage(Page):
    """«Повышение качества образования»: the school's programme, roadmap, partners and reports."""

    intro = models.TextField(_("Вступление"), blank=True)
    programme_documents = StreamField(
        [("document", ProgrammeDocumentBlock())],
        verbose_name=_("Программа и антирисковые программы"),
        blank=True,
    )
    roadmap = StreamField(BodyStreamBlock(), verbose_name=_("Дорожная карта школы"), blank=True)
    partnership = RichTextField(
        _("Сетевое взаимодействие: совместная работа"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
    )
    recommendations = StreamField(
        [("recommendation", RecommendationBlock())],
        verbose_name=_("Адресные рекомендации"),
        blank=True,
    )
    reports = StreamField([("report", ReportBlock())], verbose_name=_("Отчёты"), blank=True)
    team = StreamField(
        [("member", TeamMemberBlock())], verbose_name=_("Школьная команда"), blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("programme_documents"),
        FieldPanel("roadmap"),
        FieldPanel("partnership"),
        FieldPanel("recommendations"),
        FieldPanel("reports"),
        MultiFieldPanel([FieldPanel("team")], heading=_("Команда")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("partnership"),
    ]
    parent_page_types = ["schools.SchoolPage"]
    subpage_types = ["schools.SchoolNewsPage", "site_cms.StandardPage"]
    max_count_per_parent = 1

    objects = PageManager.from_queryset(QualitySectionPageQuerySet)()

    class Meta:
        verbose_name = _("Раздел «Повышение качества образования»")
        verbose_name_plural = _("Разделы «Повышение качества образования»")


class SchoolNewsPage(Page):
    date = models.DateField(_("Дата"))
    intro = models.TextField(_("Кратко"), max_length=400)
    body = StreamField(BodyStreamBlock(), verbose_name=_("Текст"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["schools.QualitySectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Новость школы")
        verbose_name_plural = _("Новости школы")
        ordering = ["-date"]
