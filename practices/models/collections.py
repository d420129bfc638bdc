"""«Сборник лучших практик»: chosen practices (or a filter of the bank) as a printable book."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page


class PracticeCollectionPage(RoutablePageMixin, Page):
    """A collection of practices, read on the site and downloaded as a PDF."""

    intro = RichTextField(
        _("Предисловие"), blank=True, features=["bold", "italic", "link", "ul", "ol", "h3"]
    )
    filter_query = models.CharField(
        _("Или все практики по фильтру банка"),
        max_length=500,
        blank=True,
        help_text=_(
            "Адрес страницы банка с выбранными фильтрами или его часть после «?», например "
            "direction=formiruyushchee-otsenivanie&level=noo. Используется, если практики "
            "не выбраны по одной."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("chosen_practices", label=_("практику"), heading=_("Практики сборника")),
        FieldPanel("filter_query"),
    ]
    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Сборник лучших практик")
        verbose_name_plural = _("Сборники лучших практик")

    # The modules below import the models: imported when called, not at import time.
    def get_context(self, request, *args, **kwargs):
        from ..collection import collection_contents
        from ..collection_views import PREPARING, ready_size

        context = super().get_context(request, *args, **kwargs)
        contents = collection_contents(self)
        context["contents"] = contents
        context["pdf_url"] = self.get_url(request) + self.reverse_subpage("pdf")
        if self.live and contents:
            context["pdf_size"] = ready_size(self, contents)
            # Until the worker has typeset the book, the page says so instead of a link.
            context["pdf_preparing"] = PREPARING if context["pdf_size"] is None else ""
        return context

    @path("pdf/", name="pdf")
    def pdf(self, request):
        from ..collection_views import download

        return download(self, request)


class CollectionPractice(Orderable):
    page = ParentalKey(
        PracticeCollectionPage, on_delete=models.CASCADE, related_name="chosen_practices"
    )
    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name=_("Практика"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("practice")]

    class Meta(Orderable.Meta):
        verbose_name = _("Практика сборника")
        verbose_name_plural = _("Практики сборника")
