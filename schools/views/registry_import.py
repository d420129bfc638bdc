"""The registry import screens: upload → preview → confirm → summary.

The preview shows what the file would create and update, and its row errors; nothing is saved.
A valid file waits for the confirmation in the user's session (it is at most
``forms.MAX_UPLOAD_SIZE``), under a random token the confirmation must send back. Confirming
plans the import again against the registry as it is then, and saves it all or nothing.
"""

import base64
import secrets

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.defaults import permission_denied
from django.views.generic import FormView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..forms import RegistryImportForm
from ..importing import import_registry, plan_import

SESSION_KEY = "schools_registry_import"
OPTIONS = ("create_municipalities", "provision")


def can_import(user):
    return user.has_perms(["schools.add_school", "schools.change_school"])


class ImportStepMixin(WagtailAdminTemplateMixin):
    """A step of the import: only for those who may add and change schools."""

    header_icon = "upload"
    index_url_name = None
    import_url_name = None
    import_confirm_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            # A plain 403 rather than Wagtail's redirect to the dashboard: the screen is never
            # linked for such users, so a request for it is not a wrong turn to recover from.
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": "Школы"},
            {"url": "", "label": self.get_page_title()},
        ]

    def render_step(self, template_name, title, **context):
        self.page_title = title
        context = self.get_context_data(
            index_url=reverse(self.index_url_name),
            import_url=reverse(self.import_url_name),
            confirm_url=reverse(self.import_confirm_url_name),
            **context,
        )
        return TemplateResponse(self.request, f"schools/admin/{template_name}", context)

    def render_preview(self, plan, options, token=None):
        return self.render_step(
            "registry_import_preview.html",
            "Проверка файла",
            plan=plan,
            options=options,
            token=token,
        )


class RegistryImportView(ImportStepMixin, FormView):
    """Upload a registry file and see what importing it would do."""

    page_title = "Импорт реестра школ"
    template_name = "schools/admin/registry_import.html"
    form_class = RegistryImportForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=reverse(self.import_url_name),
            submit_button_label="Проверить файл",
            submit_button_active_label="Проверяю…",
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        options = {option: form.cleaned_data[option] for option in OPTIONS}
        plan = plan_import(data, upload.name, **options)
        if not plan.is_valid:
            self.request.session.pop(SESSION_KEY, None)
            return self.render_preview(plan, options)
        token = secrets.token_urlsafe(16)
        self.request.session[SESSION_KEY] = {
            "token": token,
            "filename": upload.name,
            "data": base64.b64encode(data).decode("ascii"),
            **options,
        }
        return self.render_preview(plan, options, token)


class RegistryImportConfirmView(ImportStepMixin, View):
    """Import the previewed file and show the summary."""

    def post(self, request):
        upload = request.session.pop(SESSION_KEY, None)
        token = request.POST.get("token", "")
        if not upload or not secrets.compare_digest(upload["token"], token):
            messages.error(request, "Файл для импорта не найден: загрузите его ещё раз.")
            return redirect(self.import_url_name)
        options = {option: upload[option] for option in OPTIONS}
        data = base64.b64decode(upload["data"])
        plan, result = import_registry(data, upload["filename"], **options)
        if result is None:
            return self.render_preview(plan, options)
        return self.render_step(
            "registry_import_done.html", "Импорт завершён", plan=plan, result=result
        )
