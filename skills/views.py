"""Admin screens of the task descriptions: the upload (upload → preview → confirm, the shared
wizard of site_cms.importing.wizard) and the list, where a description's years are corrected
and a description is deleted. A description is only ever added by an import.

Who imports results (the coordinators) loads descriptions: the permission is
``skills.add_taskdescription``, which a migration grants to their group.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.defaults import permission_denied
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from curriculum.models import Subject
from site_cms.admin_russian import RussianViewSetMixin
from site_cms.importing.wizard import ImportConfirmView, ImportUploadView

from .forms import DescriptionImportForm
from .importing import ReadFile, read_file
from .models import CodeKind, DescribedTask, TaskDescription
from .service import import_description

SESSION_KEY = "skills_descriptions_import"


def task_rows(tasks, texts):
    """Each task with its КЭС and КТ codes beside their texts ({(kind, code): text})."""
    return [
        {
            "task": task,
            "contents": [
                (code, texts.get((CodeKind.CONTENT, code))) for code in task.content_codes
            ],
            "requirements": [
                (code, texts.get((CodeKind.REQUIREMENT, code))) for code in task.requirement_codes
            ],
        }
        for task in tasks
    ]


def can_import(user):
    return user.has_perm("skills.add_taskdescription")


class ImportedOnlyPolicy(ModelPermissionPolicy):
    """The model permissions, except that nobody adds a description by hand: only an import
    (which checks ``can_import``) does."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(TaskDescription, ImportedOnlyPolicy(TaskDescription), exact_class=True)


# --- The upload -----------------------------------------------------------------------------


class ImportStepMixin(WagtailAdminTemplateMixin):
    header_icon = "upload"
    session_key = SESSION_KEY

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("taskdescription:index"), "label": "Описания проверочных работ"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_upload_url(self):
        return reverse("skills_import")

    def render_preview(self, report, upload, token=None):
        self.page_title = "Проверка файлов"
        description = report.description
        texts = {
            (kind, code): text
            for kind, codes in description.codes.items()
            for code, text in codes.items()
        }
        context = self.get_context_data(
            report=report,
            rows=task_rows([DescribedTask(**task.fields()) for task in description.tasks], texts),
            token=token,
            import_url=reverse("skills_import"),
            confirm_url=reverse("skills_import_confirm"),
        )
        return TemplateResponse(self.request, "skills/admin/import_preview.html", context)

    def run(self, upload, *, dry_run):
        """The import of the staged table of tasks with the dictionaries the form read."""
        options = upload.options
        files = [
            read_file(upload.filename, upload.read()),
            *(ReadFile(d["name"], d["kind"], codes=d["codes"]) for d in options["dictionaries"]),
        ]
        work = TaskDescription(
            procedure=options["procedure"],
            subject=get_object_or_404(Subject, pk=options["subject"]),
            grade=options["grade"],
            first_year=options["first_year"],
            last_year=options["last_year"],
        )
        return import_description(files, work, dry_run=dry_run)


class DescriptionImportView(ImportStepMixin, ImportUploadView):
    page_title = "Загрузка описания проверочной работы"
    template_name = "skills/admin/import.html"
    form_class = DescriptionImportForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=reverse("skills_import"),
            submit_button_label="Проверить файлы",
            submit_button_active_label="Проверяю…",
            **kwargs,
        )

    def get_import_options(self, form):
        return form.options()

    def check_upload(self, upload):
        return self.run(upload, dry_run=True)

    def is_importable(self, report):
        return not report.refused


class DescriptionImportConfirmView(ImportStepMixin, ImportConfirmView):
    def import_upload(self, upload):
        report = self.run(upload, dry_run=False)
        if report.refused:
            return self.render_preview(report, upload)
        verb = "заменено" if report.replaces else "загружено"
        messages.success(
            self.request,
            f"Описание «{report.work}» {verb}: заданий — {len(report.description.tasks)}.",
        )
        return redirect("taskdescription:index")


# --- The list -------------------------------------------------------------------------------


class DescriptionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("subject").annotate(Count("tasks"))

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if can_import(self.request.user):
            url = reverse("skills_import")
            buttons = [*buttons, HeaderButton("Загрузить описание", url=url, icon_name="upload")]
        return buttons


class DescriptionInspectView(InspectView):
    template_name = "skills/admin/inspect.html"

    def get_context_data(self, **kwargs):
        rows = task_rows(self.object.tasks.all(), self.object.code_texts())
        return super().get_context_data(rows=rows, **kwargs)


class TaskDescriptionViewSet(RussianViewSetMixin, ModelViewSet):
    model = TaskDescription
    add_label = "Добавить описание проверочной работы"
    count_forms = (
        "описание проверочной работы,описания проверочных работ,описаний проверочных работ"
    )
    index_view_class = DescriptionIndexView
    inspect_view_class = DescriptionInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["procedure", "subject", "grade", "years"]
    icon = "list-ol"
    menu_label = "Описания проверочных работ"
    # In «Показатели», beside the results they describe.
    menu_hook = "register_indicators_menu_item"
    menu_order = 850
    list_display = [
        "subject",
        "grade",
        "procedure",
        "years",
        Column("tasks__count", label="Заданий"),
        "imported_at",
    ]
    list_filter = ["subject", "grade", "procedure"]
    # Only the years are edited: the tasks come from the files.
    form_fields = ["first_year", "last_year"]
