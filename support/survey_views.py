"""The survey's admin import (Рисковые профили → «Импорт анкеты»): the shared wizard of
site_cms.importing.wizard — upload and check, preview, confirm. Coordinators only."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.defaults import permission_denied
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from site_cms.importing.limits import FileRefused
from site_cms.importing.wizard import ImportConfirmView, ImportUploadView

from .forms import SurveyImportForm
from .permissions import reviews
from .survey import ParsedSurvey, import_survey, parse_survey

SESSION_KEY = "support_survey_import"


def checked(upload):
    try:
        return parse_survey(upload.filename, upload.read())
    except FileRefused as refused:
        return ParsedSurvey(errors=[str(refused)])


class SurveyImportStep(WagtailAdminTemplateMixin):
    header_icon = "upload"
    session_key = SESSION_KEY

    def dispatch(self, request, *args, **kwargs):
        if not reviews(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("riskprofile:index"), "label": "Рисковые профили"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_upload_url(self):
        return reverse("riskprofile:import")

    def render_preview(self, parsed, upload, token=None):
        self.page_title = "Проверка анкеты"
        context = self.get_context_data(
            parsed=parsed,
            filename=upload.filename,
            school_year=upload.options["school_year"],
            token=token,
            import_url=reverse("riskprofile:import"),
            confirm_url=reverse("riskprofile:import_confirm"),
        )
        return TemplateResponse(self.request, "support/admin/survey_preview.html", context)


class SurveyImportView(SurveyImportStep, ImportUploadView):
    page_title = "Импорт анкеты самодиагностики"
    template_name = "support/admin/survey_import.html"
    form_class = SurveyImportForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=reverse("riskprofile:import"),
            submit_button_label="Проверить файл",
            submit_button_active_label="Проверяю…",
            **kwargs,
        )

    def get_import_options(self, form):
        return {"school_year": form.cleaned_data["school_year"]}

    def check_upload(self, upload):
        return checked(upload)

    def is_importable(self, parsed):
        return not parsed.errors


class SurveyImportConfirmView(SurveyImportStep, ImportConfirmView):
    page_title = "Импорт анкеты самодиагностики"

    def import_upload(self, upload):
        parsed = checked(upload)
        if parsed.errors:
            return self.render_preview(parsed, upload)
        year = upload.options["school_year"]
        outcome = import_survey(parsed, year, user=self.request.user)
        messages.success(
            self.request,
            f"Анкета {year}/{year + 1} загружена: школ — {len(parsed.rows)}, сохранено оценок — "
            f"{outcome.saved}, новых профилей — {outcome.created_profiles}, оставлено оценок, "
            f"внесённых вручную, — {outcome.kept}.",
        )
        return redirect("riskprofile:index")
