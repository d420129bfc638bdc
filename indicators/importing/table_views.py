"""Admin import screens of small typed tables (values of indicators, grading scales).

The steps are the shared import wizard (site_cms.importing.wizard): the upload is a dry run of
the table's Resource (``table_resources``) that counts what would be added and
replaced; confirming runs it again, against the data of that moment. A refused file brings the
form back, its choices kept, above the row-numbered reasons.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.defaults import permission_denied
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from site_cms.importing.wizard import ImportConfirmView, ImportUploadView

from .problems import ImportRefused
from .table_resources import TableReport


class PermittedStepMixin(WagtailAdminTemplateMixin):
    """A screen for the users ``can_use`` admits, under its listing in the breadcrumbs."""

    index_url_name = None
    index_label = None

    @staticmethod
    def can_use(user):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.can_use(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": "", "label": self.get_page_title()},
        ]


@dataclass
class TableCheck:
    """What a run of the import gave: its counts, or the reasons nothing was saved."""

    report: TableReport | None = None
    problems: list = field(default_factory=list)


class TableImportStep(PermittedStepMixin):
    """What both steps of a table's import share; ``url_name`` names the upload's URL and
    ``url_name + "_confirm"`` the confirmation's."""

    header_icon = "upload"
    url_name = None
    counted = "строк"  # what the preview counts, in the genitive plural: «значений»
    form_class = None
    template_name = None  # the upload's form
    preview_template_name = None

    def import_table(self, upload, *, dry_run):
        """Run the table's import on the upload: a TableReport, or ImportRefused."""
        raise NotImplementedError

    def get_upload_url(self):
        return reverse(self.url_name)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.get_upload_url(),
            submit_button_label="Проверить файл",
            submit_button_active_label="Проверяю…",
            import_url=self.get_upload_url(),
            confirm_url=reverse(f"{self.url_name}_confirm"),
            **kwargs,
        )

    def check(self, upload, *, dry_run):
        try:
            return TableCheck(report=self.import_table(upload, dry_run=dry_run))
        except ImportRefused as refused:
            return TableCheck(problems=refused.problems)

    def render_preview(self, checked, upload, token=None):
        if checked.problems:
            # The form again, its choices kept, to send the corrected file.
            template = self.template_name
            context = {"form": self.form_class(initial=upload.options)}
        else:
            self.page_title = "Проверка файла"
            template = self.preview_template_name
            context = {"filename": upload.filename, "token": token}
        context = self.get_context_data(checked=checked, **context)
        return TemplateResponse(self.request, template, context)


class TableUploadView(TableImportStep, ImportUploadView):
    """Upload a table and see what importing it would do: a dry run."""

    def check_upload(self, upload):
        return self.check(upload, dry_run=True)

    def is_importable(self, checked):
        return not checked.problems


class TableConfirmView(TableImportStep, ImportConfirmView):
    """Import the previewed table, checked again; back to the listing with the counts."""

    def import_upload(self, upload):
        checked = self.check(upload, dry_run=False)
        if checked.problems:
            return self.render_preview(checked, upload)
        report = checked.report
        messages.success(
            self.request,
            f"{upload.filename}: строк {report.rows}. Добавлено {report.created}, "
            f"заменено {report.updated}.",
        )
        return redirect(self.index_url_name)
