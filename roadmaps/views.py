"""Admin screens of a roadmap: import from a file (upload → preview → confirm) and export.

A valid file waits for the confirmation in the user's session under a random token; the
confirmation reads it again, so what is saved is exactly what was checked, all or nothing.
Only users who may edit the roadmap page get these screens.
"""

import base64
import secrets

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.defaults import permission_denied
from django.views.generic import FormView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .exporting import xlsx_response
from .forms import RoadmapImportForm
from .importing import parse_roadmap
from .models import RoadmapPage

SESSION_KEY = "roadmaps_import"


class RoadmapAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "table"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.page = get_object_or_404(RoadmapPage, pk=page_id)
        if not self.page.permissions_for_user(request.user).can_edit():
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

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


class RoadmapImportView(RoadmapAdminMixin, FormView):
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

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        parsed = parse_roadmap(upload.name, data, self.page.period)
        token = None
        if parsed.errors:
            self.request.session.pop(SESSION_KEY, None)
        else:
            token = secrets.token_urlsafe(16)
            self.request.session[SESSION_KEY] = {
                "token": token,
                "page": self.page.pk,
                "filename": upload.name,
                "data": base64.b64encode(data).decode("ascii"),
            }
        self.page_title = "Проверка файла"
        return self.render_step(
            "preview.html",
            parsed=parsed,
            filename=upload.name,
            token=token,
            publishes=self.page.import_publishes(self.request.user),
        )


class RoadmapImportConfirmView(RoadmapAdminMixin, View):
    page_title = "Импорт дорожной карты"

    def post(self, request):
        upload = request.session.pop(SESSION_KEY, None)
        token = request.POST.get("token", "")
        if (
            not upload
            or upload["page"] != self.page.pk
            or not secrets.compare_digest(upload["token"], token)
        ):
            messages.error(request, "Файл для импорта не найден: загрузите его ещё раз.")
            return redirect("roadmaps_import", self.page.pk)
        data = base64.b64decode(upload["data"])
        parsed = parse_roadmap(upload["filename"], data, self.page.period)
        if parsed.errors:
            return self.render_step("preview.html", parsed=parsed, filename=upload["filename"])
        published = self.page.replace_items(parsed.rows, user=request.user)
        if published:
            state = "опубликованы"
        elif self.page.permissions_for_user(request.user).can_publish():
            state = "сохранены в черновике: опубликуйте страницу"
        else:
            state = "сохранены в черновике: страницу опубликует редактор"
        messages.success(
            request,
            f"Дорожная карта «{self.page.title}»: загружено мероприятий — {len(parsed.rows)}, "
            f"они {state}.",
        )
        return redirect("wagtailadmin_pages:edit", self.page.pk)


class RoadmapExportView(RoadmapAdminMixin, View):
    def get(self, request):
        return xlsx_response(self.page)
