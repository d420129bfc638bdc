"""Admin screens of the programme indicators: programmes, indicators, values, import, recompute.

Coordinators and institute editors keep them (migration 0006). Values of computed indicators
are neither typed nor imported: «Пересчитать» (and every saved results import) writes them.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from site_cms.admin_russian import RussianViewSetMixin

from ..importing.indicator_values import HEADERS, import_indicator_values
from ..importing.problems import ImportRefused, Problem
from ..importing.table_views import (
    PermittedStepMixin,
    TableConfirmView,
    TableImportStep,
    TableUploadView,
)
from ..models import IndicatorValue, Programme, ProgrammeIndicator
from .computing import refresh_computed_values


def can_keep_values(user):
    return user.has_perm("indicators.add_indicatorvalue")


class ProgrammeViewSet(RussianViewSetMixin, ModelViewSet):
    model = Programme
    add_label = "Добавить программу"
    count_forms = "программа,программы,программ"
    icon = "doc-full"
    menu_label = _("Программы")
    list_display = ["title", "territory", "period"]
    form_fields = ["title", "slug", "territory", "period", "description"]


class ProgrammeIndicatorIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if can_keep_values(self.request.user):
            url = reverse("indicators_compute")
            buttons = [*buttons, HeaderButton("Пересчитать вычисляемые", url=url, icon_name="cogs")]
        return buttons


class ProgrammeIndicatorViewSet(RussianViewSetMixin, ModelViewSet):
    model = ProgrammeIndicator
    add_label = "Добавить показатель"
    count_forms = "показатель,показателя,показателей"
    index_view_class = ProgrammeIndicatorIndexView
    icon = "order"
    menu_label = _("Показатели программ")
    list_display = ["code", "name", "programme", "level", "unit", "target", "computation"]
    list_filter = ["programme", "level", "computation"]
    search_fields = ["code", "name"]
    panels = [
        FieldPanel("programme"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]),
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("level")]),
        FieldRowPanel([FieldPanel("target"), FieldPanel("target_year")]),
        FieldPanel("higher_is_better"),
        FieldPanel("computation"),
        FieldPanel("definition"),
    ]


class IndicatorValueForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator")
        if indicator and indicator.computation:
            raise ValidationError(
                _(
                    "Значения этого показателя вычисляются по результатам, их не вносят "
                    "вручную: пересчитайте их на странице показателей программ."
                )
            )
        return cleaned


class EditorRecorded:
    """Typed in the admin: the value is «внесено» by whoever saved it."""

    def save_instance(self):
        self.form.instance.source = IndicatorValue.Source.ENTERED
        self.form.instance.updated_by = self.request.user
        return super().save_instance()


class IndicatorValueCreateView(EditorRecorded, CreateView):
    pass


class IndicatorValueEditView(EditorRecorded, EditView):
    pass


class IndicatorValueIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if can_keep_values(self.request.user):
            url = reverse("indicators_values_import")
            buttons = [*buttons, HeaderButton("Импорт значений", url=url, icon_name="upload")]
        return buttons


class IndicatorValueViewSet(RussianViewSetMixin, ModelViewSet):
    model = IndicatorValue
    add_label = "Добавить значение"
    count_forms = "значение показателя,значения показателей,значений показателей"
    index_view_class = IndicatorValueIndexView
    add_view_class = IndicatorValueCreateView
    edit_view_class = IndicatorValueEditView
    icon = "table"
    menu_label = _("Значения показателей")
    list_display = ["indicator", "year", "municipality", "school", "value", "source", "note"]
    list_filter = ["indicator__programme", "indicator", "year", "source"]
    edit_handler = ObjectList(
        [
            FieldPanel("indicator"),
            FieldPanel("year"),
            FieldRowPanel([FieldPanel("municipality"), FieldPanel("school")]),
            FieldPanel("value"),
            FieldPanel("note"),
        ],
        base_form_class=IndicatorValueForm,
    )


class KeeperOnlyMixin(PermittedStepMixin):
    index_url_name = "indicatorvalue:index"
    index_label = "Значения показателей"
    can_use = staticmethod(can_keep_values)


class ValuesImportForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Программа"), queryset=Programme.objects.all())
    file = forms.FileField(
        label=_("Файл значений"),
        help_text=_("CSV или XLSX, заголовки: ")
        + ", ".join(f"«{names[0]}»" for names in HEADERS.values()),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


PROGRAMME_GONE = "Программы, выбранной при загрузке, больше нет: выберите программу ещё раз."


class ValuesImportStep(KeeperOnlyMixin, TableImportStep):
    page_title = "Импорт значений показателей"
    session_key = "indicators_values_import"
    url_name = "indicators_values_import"
    counted = "значений"
    form_class = ValuesImportForm
    template_name = "indicators/admin/values_import.html"
    preview_template_name = "indicators/admin/values_import_preview.html"

    def get_import_options(self, form):
        return {"programme": form.cleaned_data["programme"].pk}

    def import_table(self, upload, *, dry_run):
        self.programme = Programme.objects.filter(pk=upload.options["programme"]).first()
        if self.programme is None:
            raise ImportRefused([Problem(None, PROGRAMME_GONE)])
        return import_indicator_values(
            upload.path, self.programme, user=self.request.user, dry_run=dry_run
        )


class ValuesImportView(ValuesImportStep, TableUploadView):
    pass


class ValuesImportConfirmView(ValuesImportStep, TableConfirmView):
    pass


class ComputeView(KeeperOnlyMixin, View):
    """Confirm, then recompute the computed indicators from the stored results."""

    page_title = "Пересчитать вычисляемые показатели"
    header_icon = "cogs"

    def get(self, request):
        computed = ProgrammeIndicator.objects.exclude(computation="").select_related("programme")
        context = self.get_context_data(indicators=computed)
        return TemplateResponse(request, "indicators/admin/compute.html", context)

    def post(self, request):
        count = refresh_computed_values()
        messages.success(request, f"Показатели пересчитаны: значений — {count}.")
        return redirect("indicatorvalue:index")
