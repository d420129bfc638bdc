"""Admin screens of the indicators (Wagtail ViewSets): grading scales, the import log, results.

Coordinators keep the grading scales here: the import of a ВПР protocol refuses a file whose
scale is missing and sends them to «Показатели → Шкалы перевода баллов ВПР». The import log and
the stored results are read-only: only an import writes them. The import screens (upload →
preview → confirm, the shared wizard of site_cms.importing.wizard, which keeps the upload in
private storage) run the service twice: a dry run for the preview, the import on confirming.
"""

from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from curriculum.models import Subject
from site_cms.admin_russian import RussianViewSetMixin
from site_cms.importing import limits
from site_cms.importing.wizard import ImportConfirmView, ImportUploadView

from ..importing.service import import_results
from ..models import GradingScale, ImportLog, ResultAggregate
from ..programme.views import IndicatorValueViewSet, ProgrammeIndicatorViewSet, ProgrammeViewSet
from ..rules.grading import Scale
from .records import Procedure
from .scale_import import GradingScaleIndexView

SESSION_KEY = "indicators_results_import"


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Viewing as the model permissions allow; adding and editing for nobody, admins included."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change", "delete") and super().user_has_permission(
            user, action
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


for model in (ImportLog, ResultAggregate):
    register_permission_policy(model, ReadOnlyPolicy(model), exact_class=True)


class ReadOnlyViewSet(ModelViewSet):
    inspect_view_enabled = True
    # The edit form is never shown (the policy refuses it), but a ModelViewSet must define it.
    exclude_form_fields = []


class GradingScaleViewSet(RussianViewSetMixin, ModelViewSet):
    model = GradingScale
    add_label = "Добавить шкалу"
    count_forms = "шкала,шкалы,шкал"
    index_view_class = GradingScaleIndexView
    icon = "table"
    menu_label = _("Шкалы перевода баллов ВПР")
    list_display = ["__str__", "min3", "min4", "min5", "max_score"]
    list_filter = ["year", "subject", "grade"]
    form_fields = ["year", "subject", "grade", "min3", "min4", "min5", "max_score"]


class ImportLogIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if can_import(self.request.user):
            url = reverse("indicators_import")
            buttons = [*buttons, HeaderButton("Импорт результатов", url=url, icon_name="upload")]
        return buttons


class ImportLogViewSet(RussianViewSetMixin, ReadOnlyViewSet):
    model = ImportLog
    count_forms = "запись,записи,записей"
    index_view_class = ImportLogIndexView
    icon = "history"
    menu_label = _("Журнал импорта результатов")
    list_display = ["file_name", "started_at", "user", "status", "rows_read", "created", "updated"]
    list_filter = ["status", "file_format"]
    search_fields = ["file_name", "checksum"]
    inspect_view_fields = [
        "file_name",
        "checksum",
        "file_format",
        "user",
        "started_at",
        "finished_at",
        "options",
        "status",
        "rows_read",
        "created",
        "updated",
        "skipped",
        "unknown_codes",
        "problems",
    ]


class ResultAggregateViewSet(RussianViewSetMixin, ReadOnlyViewSet):
    model = ResultAggregate
    count_forms = "результат,результата,результатов"
    icon = "list-ul"
    menu_label = _("Результаты школ")
    list_display = ["school", "procedure", "year", "subject", "grade", "participants", "mean_score"]
    list_filter = ["year", "procedure", "subject", "grade"]
    search_fields = ["school__short_name", "school__codes__code"]


class IndicatorsViewSetGroup(ViewSetGroup):
    menu_label = _("Показатели")
    menu_icon = "table"
    menu_order = 260
    # Screens that are not viewsets (the ШНОР candidates) join the menu through this hook.
    submenu_hook = "register_indicators_menu_item"
    items = (
        GradingScaleViewSet,
        ResultAggregateViewSet,
        ImportLogViewSet,
        ProgrammeViewSet,
        ProgrammeIndicatorViewSet,
        IndicatorValueViewSet,
    )


def can_import(user):
    return user.has_perm("indicators.add_importlog")


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Файл результатов"),
        help_text=_(
            "Протокол ВПР из ФИС ОКО (XLSX) или сводная таблица результатов школ (CSV, XLSX) "
            "с заголовками из описания форматов."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    year = forms.IntegerField(
        label=_("Год"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Если его нет в файле или имени файла."),
    )
    procedure = forms.ChoiceField(
        label=_("Процедура"), required=False, choices=[("", "—"), *Procedure.choices]
    )
    subject = forms.ModelChoiceField(
        label=_("Предмет"), required=False, queryset=Subject.objects.all()
    )
    grade = forms.IntegerField(label=_("Класс"), required=False, min_value=1, max_value=11)
    scale = forms.CharField(
        label=_("Шкала ВПР"),
        required=False,
        help_text=_(
            "Минимальные баллы на «3», «4» и «5» через запятую, например 6,10,14. Без неё "
            "берётся шкала из раздела «Шкалы перевода баллов ВПР»."
        ),
    )
    create_missing_schools = forms.BooleanField(
        label=_("Добавлять в реестр школы с неизвестными кодами"),
        required=False,
        help_text=_("С названием и муниципалитетом из файла. Иначе такой файл не импортируется."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # A summary CSV is read in chunks and may be long; the limits are the readers' own.
        csv = Path(upload.name).suffix.lower() == ".csv"
        try:
            limits.check_size(
                upload.size, limits.max_summary_file_size() if csv else limits.max_file_size()
            )
        except limits.FileRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        return upload

    def clean_scale(self):
        text = self.cleaned_data["scale"].strip()
        if not text:
            return None
        try:
            scale = Scale.parse(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        return [scale.min3, scale.min4, scale.min5]

    def options(self):
        """The service's options, as JSON can keep them in the session."""
        data = self.cleaned_data
        return {
            "year": data["year"],
            "procedure": data["procedure"] or None,
            "subject": data["subject"].name if data["subject"] else None,
            "grade": data["grade"],
            "scale": data["scale"],
            "create_missing_schools": data["create_missing_schools"],
        }


class ImportStepMixin(WagtailAdminTemplateMixin):
    """A step of the results import: for those who may import (coordinators)."""

    header_icon = "upload"
    session_key = SESSION_KEY

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("importlog:index"), "label": "Журнал импорта результатов"},
            {"url": "", "label": self.get_page_title()},
        ]

    def render_step(self, template_name, title, **context):
        self.page_title = title
        context = self.get_context_data(
            import_url=reverse("indicators_import"),
            confirm_url=reverse("indicators_import_confirm"),
            log_url=reverse("importlog:index"),
            **context,
        )
        return TemplateResponse(self.request, f"indicators/admin/{template_name}", context)

    def get_upload_url(self):
        return reverse("indicators_import")

    def render_preview(self, report, upload, token=None):
        return self.render_step(
            "results_import_preview.html", "Проверка файла", report=report, token=token
        )


class ResultsImportView(ImportStepMixin, ImportUploadView):
    """Upload a results file and see what importing it would do: a dry run of the service."""

    page_title = "Импорт результатов"
    template_name = "indicators/admin/results_import.html"
    form_class = ResultsImportForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=reverse("indicators_import"),
            submit_button_label="Проверить файл",
            submit_button_active_label="Проверяю…",
            **kwargs,
        )

    def get_import_options(self, form):
        return form.options()

    def check_upload(self, upload):
        return import_results([upload.path], dry_run=True, user=self.request.user, **upload.options)

    def is_importable(self, report):
        return not report.refused


class ResultsImportConfirmView(ImportStepMixin, ImportConfirmView):
    """Import the previewed file and show what was saved."""

    def import_upload(self, upload):
        report = import_results([upload.path], user=self.request.user, **upload.options)
        title = "Импорт не выполнен" if report.refused else "Импорт завершён"
        return self.render_step("results_import_preview.html", title, report=report, done=True)
