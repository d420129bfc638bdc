"""The registry import screens: upload → preview → confirm → summary.

The preview shows what the file would create and update, and its row errors; nothing is saved.
The steps are the shared import wizard (site_cms.importing.wizard): a valid file waits in
private storage for the confirmation. Confirming plans the import again against the registry as
it is then, and saves it all or nothing.
"""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.defaults import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from site_cms.importing.wizard import ImportConfirmView, ImportUploadView

from ..forms import RegistryImportForm
from ..importing import import_registry, plan_import

SESSION_KEY = "schools_registry_import"
OPTIONS = ("create_municipalities", "provision")


def can_import(user):
    return user.has_perms(["schools.add_school", "schools.change_school"])


class ImportStepMixin(WagtailAdminTemplateMixin):
    """A step of the import: only for those who may add and change schools."""

    header_icon = "upload"
    session_key = SESSION_KEY
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

    def get_upload_url(self):
        return reverse(self.import_url_name)

    def render_preview(self, plan, upload, token=None):
        return self.render_step(
            "registry_import_preview.html",
            "Проверка файла",
            plan=plan,
            options=upload.options,
            token=token,
        )


class RegistryImportView(ImportStepMixin, ImportUploadView):
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

    def get_import_options(self, form):
        return {option: form.cleaned_data[option] for option in OPTIONS}

    def check_upload(self, upload):
        return plan_import(upload.read(), upload.filename, **upload.options)

    def is_importable(self, plan):
        return plan.is_valid


class RegistryImportConfirmView(ImportStepMixin, ImportConfirmView):
    """Import the previewed file and show the summary."""

    def import_upload(self, upload):
        plan, result = import_registry(upload.read(), upload.filename, **upload.options)
        if result is None:
            return self.render_preview(plan, upload)
        return self.render_step(
            "registry_import_done.html", "Импорт завершён", plan=plan, result=result
        )
