"""Admin screens of a roadmap: import from a file (upload → preview → confirm) and export.

The steps are the shared import wizard (site_cms.importing.wizard): a valid file waits in
private storage for the confirmation, which reads it again and saves it all or nothing.
Only users who may edit the roadmap page get these screens.
"""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import View
from wagtail.admin import messages

from site_cms.admin_screens import PageAdminScreenMixin
from site_cms.importing.wizard import ImportConfirmView, ImportUploadView

from .exporting import xlsx_response
from .forms import RoadmapImportForm
from .importing import parse_roadmap
from .models import RoadmapPage

SESSION_KEY = "roadmaps_import"


class RoadmapAdminMixin(PageAdminScreenMixin):
    page_model = RoadmapPage
    header_icon = "table"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            roadmap=self.page,
            import_url=reverse("roadmaps_import", args=[self.page.pk]),
            confirm_url=reverse("roadmaps_import_confirm", args=[self.page.pk]),
            **kwargs,
        )

    def render_step(self, template_name, **context):
        context = self.get_context_data(**context)
        return TemplateResponse(self.request, f"roadmaps/admin/{template_name}", context)


class RoadmapImportStep(RoadmapAdminMixin):
    session_key = SESSION_KEY

    def get_import_scope(self):
        return f"roadmap:{self.page.pk}"

    def get_upload_url(self):
        return reverse("roadmaps_import", args=[self.page.pk])

    def render_preview(self, parsed, upload, token=None):
        self.page_title = "Проверка файла"
        rows = parsed.preview_rows(self.page.item_numbers(), self.page.period)
        return self.render_step(
            "preview.html",
            parsed=parsed,
            rows=rows,
            new_count=sum(row["is_new"] for row in rows),
            outside_count=sum(row["outside_period"] for row in rows),
            filename=upload.filename,
            token=token,
            publishes=self.page.import_publishes(self.request.user),
        )


class RoadmapImportView(RoadmapImportStep, ImportUploadView):
    page_title = "Импорт дорожной карты из файла"
    template_name = "roadmaps/admin/import.html"
    form_class = RoadmapImportForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=reverse("roadmaps_import", args=[self.page.pk]),
            submit_button_label="Проверить файл",
            submit_button_active_label="Проверяю…",
            **kwargs,
        )

    def check_upload(self, upload):
        return parse_roadmap(upload.filename, upload.read(), self.page.period)

    def is_importable(self, parsed):
        return not parsed.errors


class RoadmapImportConfirmView(RoadmapImportStep, ImportConfirmView):
    page_title = "Импорт дорожной карты"

    def import_upload(self, upload):
        parsed = parse_roadmap(upload.filename, upload.read(), self.page.period)
        if parsed.errors:
            return self.render_preview(parsed, upload)
        published = self.page.replace_items(parsed.rows, user=self.request.user)
        if published:
            state = "опубликованы"
        elif self.page.permissions_for_user(self.request.user).can_publish():
            state = "сохранены в черновике: опубликуйте страницу"
        else:
            state = "сохранены в черновике: страницу опубликует редактор"
        messages.success(
            self.request,
            f"Дорожная карта «{self.page.title}»: загружено мероприятий — {len(parsed.rows)}, "
            f"они {state}.",
        )
        return redirect("wagtailadmin_pages:edit", self.page.pk)


class RoadmapExportView(RoadmapAdminMixin, View):
    def get(self, request):
        return xlsx_response(self.page)
