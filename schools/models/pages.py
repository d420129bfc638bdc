"""The schools' pages: the index, a page per school and its «Повышение качества образования»."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from site_cms.blocks import BodyStreamBlock
from site_cms.forms import PortalPageForm

from ..blocks import ProgrammeDocumentBlock, RecommendationBlock, ReportBlock, TeamMemberBlock

# Any path below a page's sorts between the page's own and this suffix appended to it.
SUBTREE_END = Page.alphabet[-1] * 255


def below(page):
    """The pages below ``page`` (its descendants): a range on the indexed path, as treebeard
    selects a subtree. Wagtail's ``descendant_of`` and ``child_of`` filter by LIKE 'path%',
    which scans every page on SQLite and on PostgreSQL without a pattern index."""
    return Q(path__gt=page.path, path__lte=page.path + SUBTREE_END)


class RoutesToOneChildType:
    """A page whose children are all of one type (``subpage_types``) finds the child a URL
    names as that type, in one query: Wagtail's ``route`` reads it as a page, then its
    specific page. A child of another type (made before the rule) is routed as Wagtail does.
    ``routed_children`` may read with the child what its page shows at once."""

    def routed_children(self):
        (child_model,) = self.allowed_subpage_models()
        return child_model.objects.all()

    def route(self, request, path_components):
        if path_components:
            children = self.routed_children()
            try:
                child = children.get(below(self), depth=self.depth + 1, slug=path_components[0])
            except children.model.DoesNotExist:
                return super().route(request, path_components)
            child._cached_parent_obj = self
            return child.route(request, path_components[1:])
        return super().route(request, path_components)


class SchoolIndexPage(RoutesToOneChildType, Page):
    intro = RichTextField(_("Вступление"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["schools.SchoolPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Список школ")

    def routed_children(self):
        # A school page shows its registry record and municipality.
        return super().routed_children().select_related("school__municipality")

    def get_context(self, request, *args, **kwargs):
        from ..listing import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request, today=timezone.localdate()))
        return context


class SchoolPage(RoutesToOneChildType, Page):
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
    base_form_class = PortalPageForm

    class Meta:
        verbose_name = _("Страница школы")
        verbose_name_plural = _("Страницы школ")

    def routed_children(self):
        # The section shows when it or a page below it was last published.
        return super().routed_children().with_last_update()

    def get_context(self, request, *args, **kwargs):
        from ..listing import default_status_year, status_years
        from ..public import partnerships, school_pairs, status_summary

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        # Routing read the registry record with the page (``SchoolIndexPage.routed_children``).
        school = self.school
        section = self.quality_section()
        year = default_status_year(status_years(), today)
        context.update(
            school=school,
            section=section,
            status=status_summary(school.statuses.all(), year),
            partnerships=partnerships(school_pairs(school), school, today),
            news=section.latest_news(3) if section else [],
        )
        # The indicators app adds result widgets through this hook.
        context["school_widgets"] = [
            widget
            for build in hooks.get_hooks("school_page_widgets")
            if (widget := build(request, school))
        ]
        # Other apps list what they keep about the school (its practices) through this hook.
        context["school_sections"] = [
            section
            for build in hooks.get_hooks("school_page_sections")
            if (section := build(request, school))
        ]
        return context

    def quality_section(self):
        """The live section below the page with its ``last_update``, without the streams the
        page does not show (one query)."""
        return (
            QualitySectionPage.objects.filter(below(self), depth=self.depth + 1)
            .live()
            .defer(*QualitySectionPage.STREAMS)
            .with_last_update()
            .order_by("path")
            .first()
        )


class QualitySectionPageQuerySet(PageQuerySet):
    def with_last_update(self):
        """Annotate ``last_update``: the newest publication in the section or any page below it."""
        # A range on the indexed path, as treebeard selects a subtree; LIKE 'path%' built from
        # an outer column could not use the index and scanned every page once per section.
        subtree_end = Concat(OuterRef("path"), Value(SUBTREE_END))
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
    subpage_types = ["schools.SchoolNewsPage", "site_cms.StandardPage", "roadmaps.RoadmapPage"]
    max_count_per_parent = 1
    base_form_class = PortalPageForm

    objects = PageManager.from_queryset(QualitySectionPageQuerySet)()

    class Meta:
        verbose_name = _("Раздел «Повышение качества образования»")
        verbose_name_plural = _("Разделы «Повышение качества образования»")

    NEWS_PER_PAGE = 10
    # What the school page does not show of its section.
    STREAMS = ["programme_documents", "roadmap", "recommendations", "reports", "team"]

    def news_pages(self, private=None):
        """The live public news below the section, newest first; ``private``: the view
        restrictions' ``private_q`` when the caller has read them already."""
        if private is None:
            private = Page.objects.private_q()
        return (
            SchoolNewsPage.objects.live()
            .exclude(private)
            .filter(below(self))
            .order_by("-date", "-first_published_at", "-pk")
        )

    def latest_news(self, count):
        """The newest news, without their text: the school page lists titles and dates."""
        return list(self.news_pages().defer("body")[:count])

    def school_page(self):
        """The school page above the section, with its registry record: the one routing read
        (``RoutesToOneChildType``), else one query."""
        parent = getattr(self, "_cached_parent_obj", None)
        if isinstance(parent, SchoolPage) and SchoolPage.school.is_cached(parent):
            return parent
        return (
            SchoolPage.objects.filter(path=self.path[: -self.steplen])
            .select_related("school__municipality")
            .first()
        )

    def newest_publication(self):
        """The newest publication in the section or below it: read with the section when
        routing annotated it (``with_last_update``), else one query."""
        if hasattr(self, "last_update"):
            return self.last_update
        if self.pk is None:
            return None
        return (
            QualitySectionPage.objects.with_last_update()
            .filter(pk=self.pk)
            .values_list("last_update", flat=True)
            .first()
        )

    def get_context(self, request, *args, **kwargs):
        from ..public import partnerships, school_pairs

        context = super().get_context(request, *args, **kwargs)
        school_page = self.school_page()
        school = school_page.school if school_page else None
        # The view restrictions, read once for the news and the other pages.
        private = Page.objects.private_q()
        paginator = Paginator(self.news_pages(private), self.NEWS_PER_PAGE)
        news = paginator.get_page(request.GET.get("page"))
        others = (
            Page.objects.filter(below(self), depth=self.depth + 1)
            .live()
            .exclude(private)
            .not_type(SchoolNewsPage)
            .order_by("path")
            if self.pk
            else []
        )
        pairs = partnerships(school_pairs(school), school, timezone.localdate()) if school else []
        others = list(others)
        show_partnership = bool(pairs or self.partnership)
        # Other apps add (anchor, label, html) blocks: the support app's «Фактор риска — меры».
        blocks = [
            b
            for build in hooks.get_hooks("quality_section_blocks")
            if school and (b := build(request, school))
        ]
        context.update(
            school_page=school_page,
            school=school,
            partnerships=pairs,
            show_partnership=show_partnership,
            news=news,
            other_pages=others,
            section_blocks=blocks,
            last_update=self.newest_publication(),
            contents=[
                (anchor, label)
                for anchor, label, present in (
                    ("programma", "Программа и документы", self.programme_documents),
                    ("dorozhnaya-karta", "Дорожная карта", self.roadmap),
                    *((anchor, label, True) for anchor, label, _ in blocks),
                    ("partnery", "Сетевое взаимодействие", show_partnership),
                    ("rekomendacii", "Адресные рекомендации", self.recommendations),
                    ("otchety", "Отчёты", self.reports),
                    ("komanda", "Школьная команда", self.team),
                    ("novosti", "Новости", paginator.count),
                    ("materialy", "Другие материалы", others),
                )
                if present
            ],
        )
        return context


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
    base_form_class = PortalPageForm

    class Meta:
        verbose_name = _("Новость школы")
        verbose_name_plural = _("Новости школы")
        ordering = ["-date"]
