"""Bank of best practices and bank of presentation materials."""

from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document


class Material(AbstractDocument):
    """A document of the portal: a presentation, guidelines, a collection, a recording.

    The project's document model from the start (WAGTAILDOCS_DOCUMENT_MODEL), so the bank of
    presentation materials can describe documents without swapping models later.
    """

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("Материал")
        verbose_name_plural = _("Материалы")
