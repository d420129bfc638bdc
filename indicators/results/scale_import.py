"""The grading scales' import screens: a table of scales, upload → preview → confirm.

Coordinators keep the scales (migration 0002); ФИС ОКО publishes them for every subject and
grade at once, so a year's scales come as one table rather than one form each.
"""

from django import forms
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets import HeaderButton

from ..importing.grading_scales import HEADERS, import_grading_scales
from ..importing.table_views import TableConfirmView, TableImportStep, TableUploadView


def can_keep_scales(user):
    return user.has_perms(["indicators.add_gradingscale", "indicators.change_gradingscale"])


class GradingScaleIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if can_keep_scales(self.request.user):
            url = reverse("indicators_scales_import")
            buttons = [*buttons, HeaderButton("Импорт шкал", url=url, icon_name="upload")]
        return buttons


class ScalesImportForm(forms.Form):
    file = forms.FileField(
        label=_("Файл шкал"),
        help_text=_("CSV или XLSX, заголовки: ")
        + ", ".join(f"«{names[0]}»" for names in HEADERS.values()),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class ScalesImportStep(TableImportStep):
    page_title = "Импорт шкал перевода баллов ВПР"
    index_url_name = "gradingscale:index"
    index_label = "Шкалы перевода баллов ВПР"
    can_use = staticmethod(can_keep_scales)
    session_key = "indicators_scales_import"
    url_name = "indicators_scales_import"
    counted = "шкал"
    form_class = ScalesImportForm
    template_name = "indicators/admin/scales_import.html"
    preview_template_name = "indicators/admin/table_import_preview.html"

    def import_table(self, upload, *, dry_run):
        return import_grading_scales(upload.path, dry_run=dry_run)


class ScalesImportView(ScalesImportStep, TableUploadView):
    pass


class ScalesImportConfirmView(ScalesImportStep, TableConfirmView):
    pass
