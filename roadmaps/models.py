"""The roadmap page («Дорожная карта») and its items, edited inline and imported from files."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from .deadlines import parse_deadline
from .exporting import xlsx_response
from .forms import RoadmapPageForm
from .status import PLANNED, STATUS_CHOICES
from .table import roadmap_table


class RoadmapPage(RoutablePageMixin, Page):
    """A table of activities with deadlines, responsible and expected results.

    A region's, a municipality's or a school's (then it lives in the school's «Повышение
    качества образования» section). Items are Orderable inline rows; overdue is computed.
    """

    class Level(models.TextChoices):
        REGION = "region", _("Региональная")
        MUNICIPALITY = "municipality", _("Муниципальная")
        SCHOOL = "school", _("Школьная")

    level = models.CharField(_("Уровень"), max_length=20, choices=Level, default=Level.REGION)
    municipality = models.ForeignKey(
        "schools.Municipality",
        verbose_name=_("Муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roadmaps",
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("Школа"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roadmaps",
    )
    period_start = models.DateField(_("Начало периода"))
    period_end = models.DateField(
        _("Окончание периода"),
        help_text=_("Срок «в течение года» означает окончание периода."),
    )
    intro = models.TextField(_("Вступление"), blank=True)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("Утверждённый документ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("level"),
                FieldPanel("municipality"),
                FieldPanel("school"),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            ],
            heading=_("Чья дорожная карта и на какой период"),
        ),
        FieldPanel("intro"),
        FieldPanel("document"),
        InlinePanel("items", heading=_("Мероприятия"), label=_("мероприятие")),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["site_cms.HomePage", "site_cms.StandardPage", "schools.QualitySectionPage"]
    subpage_types = []
    base_form_class = RoadmapPageForm

    class Meta:
        verbose_name = _("Дорожная карта")
        verbose_name_plural = _("Дорожные карты")

    @property
    def period(self):
        return (self.period_start, self.period_end)

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("Окончание периода раньше его начала.")
        if self.level == self.Level.MUNICIPALITY and not self.municipality_id:
            errors["municipality"] = _("Для муниципальной дорожной карты выберите муниципалитет.")
        if self.level == self.Level.SCHOOL and not self.school_id:
            errors["school"] = _("Для школьной дорожной карты выберите школу.")
        if errors:
            raise ValidationError(errors)

    def owner_name(self):
        """Whose roadmap it is, in words."""
        if self.level == self.Level.SCHOOL and self.school:
            return self.school.short_name
        if self.level == self.Level.MUNICIPALITY and self.municipality:
            return self.municipality.name
        return ""

    def table_items(self):
        return self.items.select_related("evidence_document")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["table"] = roadmap_table(self.table_items(), timezone.localdate())
        return context

    @path("pechat/", name="print")
    def print_view(self, request):
        context = self.get_context(request)
        return TemplateResponse(request, "roadmaps/roadmap_page_print.html", context)

    @path("xlsx/", name="xlsx")
    def xlsx_view(self, request):
        return xlsx_response(self)

    def import_publishes(self, user=None):
        """Whether an import publishes the items at once: into a live page without unpublished
        changes, by a user who may publish it. A coordinator's import, like their other edits,
        stays a draft for an editor to publish."""
        return (
            self.live
            and not self.has_unpublished_changes
            and (user is None or self.permissions_for_user(user).can_publish())
        )

    def item_numbers(self):
        """The numbers of the items an import would replace: the latest revision's."""
        latest = self.get_latest_revision_as_object()
        return {item.number for item in latest.items.all() if item.number}

    def replace_items(self, rows, user=None):
        """Replace every item with ``rows`` (dicts of RoadmapItem fields), through a revision.

        Items numbered as before keep their status and evidence unless the rows bring a
        status. The items are set on the latest revision, so an editor's unpublished changes to the
        page are kept; they are published when ``import_publishes``, else left as a draft.
        Returns whether the items were published. Writing the rows straight to the table would
        be undone by the next publish from the editor, which saves the revision's items.
        """
        with transaction.atomic():
            self.refresh_from_db(fields=["live", "has_unpublished_changes", "latest_revision"])
            latest = self.get_latest_revision_as_object()
            publish = self.import_publishes(user)
            kept = {item.number: item for item in latest.items.all() if item.number}
            latest.items = [
                RoadmapItem(sort_order=n, **_keep_progress(row, kept.get(row["number"])))
                for n, row in enumerate(rows)
            ]
            revision = latest.save_revision(user=user, log_action=True)
            if publish:
                revision.publish(user=user)
        return publish


def _keep_progress(row, old):
    """``row`` with the status and evidence of the item ``old`` when it brings no status."""
    if row.get("status") is not None:
        return row
    if old is None:
        return row | {"status": PLANNED}
    return row | {
        "status": old.status,
        "evidence_url": old.evidence_url,
        "evidence_document": old.evidence_document,
    }


class RoadmapItem(Orderable):
    """One activity of a roadmap. ``section`` groups consecutive items under a heading."""

    page = ParentalKey(RoadmapPage, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(
        _("Раздел"),
        max_length=500,
        blank=True,
        help_text=_(
            "Например, «1. Организационные мероприятия». Подряд идущие мероприятия "
            "с одинаковым разделом выводятся под одним заголовком."
        ),
    )
    number = models.CharField(_("№"), max_length=20, blank=True)
    activity = models.TextField(_("Мероприятие"))
    deadline = models.CharField(
        _("Сроки"),
        max_length=300,
        blank=True,
        help_text=_("Как в документе: «до 15.03.2024», «I квартал 2024», «ежеквартально»."),
    )
    starts_on = models.DateField(_("Начало"), null=True, blank=True)
    ends_on = models.DateField(
        _("Окончание"),
        null=True,
        blank=True,
        help_text=_("Если не указано, срок выполнения вычисляется из поля «Сроки»."),
    )
    due_date = models.DateField(_("Срок выполнения"), null=True, editable=False)
    responsible = models.TextField(_("Ответственные"), blank=True)
    participants = models.TextField(_("Участники"), blank=True)
    expected_result = models.TextField(_("Ожидаемый результат"), blank=True)
    status = models.CharField(_("Статус"), max_length=20, choices=STATUS_CHOICES, default=PLANNED)
    evidence_url = models.URLField(_("Подтверждение: ссылка"), blank=True)
    evidence_document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("Подтверждение: документ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("section"), FieldPanel("number")]),
        FieldPanel("activity"),
        FieldRowPanel([FieldPanel("deadline"), FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldRowPanel([FieldPanel("responsible"), FieldPanel("participants")]),
        FieldPanel("expected_result"),
        FieldRowPanel(
            [FieldPanel("status"), FieldPanel("evidence_url"), FieldPanel("evidence_document")]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Мероприятие дорожной карты")
        verbose_name_plural = _("Мероприятия дорожной карты")

    def __str__(self):
        return f"{self.number} {self.activity}".strip()

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Окончание раньше начала.")})

    def save(self, *args, **kwargs):
        self.due_date = self.ends_on or parse_deadline(self.deadline, self.page.period).due
        super().save(*args, **kwargs)
