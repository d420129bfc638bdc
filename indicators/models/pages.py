"""The «Показатели» page: text and result charts grouped in sections with a contents list, the
tables of the programmes' indicators, and the results as open data."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page

from ..charts.blocks import IndicatorStreamBlock, convert_blocks
from ..charts.contents import TABLE, page_sections
from ..programme.page_data import ProgrammeData


class IndicatorPage(RoutablePageMixin, Page):
    """«Показатели»: what the programme achieved, in words and result charts editors place;
    its «Открытые данные» sub-page gives the stored results as CSV or JSON files."""

    intro = models.TextField(_("Вступление"), blank=True, max_length=600)
    body = StreamField(IndicatorStreamBlock(), verbose_name=_("Содержание"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("Страница показателей")
        verbose_name_plural = _("Страницы показателей")

    @path("")
    def index_route(self, request, *args, **kwargs):
        """The page: its body in sections (``charts.contents``), each programme's table before
        its first «Показатель и цель» chart; the programme data is read once for all blocks."""
        request.is_preview = getattr(request, "is_preview", False)
        convert_blocks(self.body)
        data = ProgrammeData.for_page(self.body)
        sections, contents = page_sections(self.body, data.tables_before(self.body))
        for section in sections:
            for item in section.items:
                if item.kind == TABLE:  # the programme's pk, drawn where it stands
                    item.table = data.table_html(item.table, item.anchor, section.heading_level)
        return self.render(
            request,
            context_overrides={
                ProgrammeData.CONTEXT_KEY: data,
                "sections": sections,
                "contents": contents,
            },
        )

    def open_data_url(self, request=None):
        return self.get_url(request) + self.reverse_subpage("open_data")

    @path("otkrytye-dannye/", name="open_data")
    def open_data(self, request):
        """The filters and the file links, or a file (``results.open_data``)."""
        # Imported here: the form reads this app's models, which import this module.
        from ..results.open_data import open_data_response

        return open_data_response(self, request)
