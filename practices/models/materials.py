"""The bank of presentation materials: the portal's documents, described and listed."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField
from wagtail.models import CollectionViewRestriction, Page

from site_cms.private_storage import document_upload_to, documents_storage


class MaterialType(models.TextChoices):
    PRESENTATION = "presentation", _("презентация")
    GUIDELINES = "guidelines", _("методические рекомендации")
    COLLECTION = "collection", _("сборник")
    WEBINAR = "webinar", _("запись вебинара")
    TEMPLATE = "template", _("шаблон")


class Material(AbstractDocument):
    """A document of the portal: a presentation, guidelines, a collection, a recording.

    The project's document model (WAGTAILDOCS_DOCUMENT_MODEL). A document with a type is listed
    in the bank of presentation materials; one without is an ordinary attachment of a page.
    """

    # Private storage under a random folder: only the permission-checked view serves the file.
    file = models.FileField(
        upload_to=document_upload_to, storage=documents_storage, verbose_name=_("file")
    )
    material_type = models.CharField(
        _("Вид материала"),
        max_length=20,
        choices=MaterialType,
        blank=True,
        help_text=_("Материалы с указанным видом попадают в банк презентационных материалов."),
    )
    theme = models.ForeignKey(
        "practices.Direction",
        verbose_name=_("Тема"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
    )
    year = models.PositiveSmallIntegerField(_("Год"), null=True, blank=True)
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("Мероприятие, на котором представлен"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bank_materials",
    )
    authors = models.CharField(_("Авторы"), max_length=300, blank=True)
    description = models.TextField(_("Краткое описание"), blank=True, max_length=1000)

    admin_form_fields = Document.admin_form_fields + (
        "material_type",
        "theme",
        "year",
        "event",
        "authors",
        "description",
    )

    class Meta(AbstractDocument.Meta):
        verbose_name = _("Материал")
        verbose_name_plural = _("Материалы")


def public_materials():
    """Materials every visitor may open: none in a collection with a view restriction, nor in
    a collection below one (Wagtail serves those files to permitted users only)."""
    restricted = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    hidden = models.Q()
    for path in set(restricted):
        hidden |= models.Q(collection__path__startswith=path)
    return Material.objects.exclude(hidden) if hidden else Material.objects.all()


class MaterialsIndexPage(Page):
    """«Банк презентационных материалов»: the typed documents, filtered by type, theme, year."""

    intro = RichTextField(_("Вступление"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Банк презентационных материалов")

    def get_context(self, request, *args, **kwargs):
        from ..materials_listing import materials_context

        context = super().get_context(request, *args, **kwargs)
        context.update(materials_context(request))
        return context
