"""Admin forms of the bank: the practice page form and the experts' workflow forms."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from schools.models import School
from schools.permissions import own_schools
from site_cms.forms import PortalPageForm

from .evidence import EvidenceLevel, StartGuide, missing_start_parts
from .permissions import edits_whole_bank


class PracticePageForm(PortalPageForm):
    """A school editor names only one of the own schools; the only one is chosen for them.

    The school the practice already names stays a valid choice: an expert reviewing it edits
    the practice without being any school's editor.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("school")
        bank = self.parent_page or self.instance.get_parent()
        if field is None or self.for_user is None or edits_whole_bank(self.for_user, bank):
            return
        own = own_schools(self.for_user)
        field.queryset = own | School.objects.filter(pk=self.instance.school_id)
        schools = list(own[:2])
        if self.instance.school_id is None and len(schools) == 1:
            self.initial["school"] = schools[0].pk

    def clean(self):
        cleaned_data = super().clean()
        self.check_workflow_action()
        return cleaned_data

    def check_workflow_action(self):
        """Refuse a workflow action of the editor whose modal data the task's form refuses.

        The editor's action buttons send what their modal collected as JSON, and Wagtail hands
        it to the task unchecked: a hand-made POST would recommend a practice without a
        conclusion (or fail on broken JSON).
        """
        if not self.data.get("action-workflow-action") or self.for_user is None:
            return
        task = self.instance.current_workflow_task if self.instance.pk else None
        action = self.data.get("workflow-action-name")
        if task is None or action not in {
            name for name, *_ in task.get_actions(self.instance, self.for_user)
        }:
            return  # Wagtail saves the page instead
        try:
            extra_data = json.loads(self.data.get("workflow-action-extra-data", "{}"))
        except ValueError:
            extra_data = None
        if not isinstance(extra_data, dict):
            self.add_error(None, _("Данные действия повреждены: повторите его из редактора."))
            return
        form_class = task.get_form_for_action(action)
        if form_class is not None:
            for errors in form_class(extra_data).errors.values():
                for error in errors:
                    self.add_error(None, error)
        if action == "approve":
            # The revision Wagtail saves before the action is this form's data: check that.
            data = self.cleaned_data
            guide = StartGuide(
                *(data.get(name, "") for name in ("first_steps", "difficulties", "contact")),
                data.get("contact_consent", False),
            )
            if missing := missing_start_parts(guide):
                self.add_error(None, start_guide_missing(missing))


def start_guide_missing(missing):
    return _("Рекомендовать можно практику с разделом «Как начать»; не заполнено: %s.") % (
        ", ".join(missing)
    )


CONCLUSION_REQUIRED = _("Напишите экспертное заключение: без него практику нельзя рекомендовать.")


class ConclusionForm(forms.Form):
    """Approval in «Экспертиза практики»: the text becomes the practice's expert conclusion."""

    comment = forms.CharField(
        label=_("Экспертное заключение"),
        help_text=_("Будет опубликовано на странице практики с сегодняшней датой."),
        widget=forms.Textarea({"rows": 5}),
        error_messages={"required": CONCLUSION_REQUIRED},
    )
    # Absent from an older client's data, the level is the weakest claim: a description.
    evidence_level = forms.TypedChoiceField(
        label=_("Сила доказательств"),
        choices=EvidenceLevel.choices,
        coerce=int,
        required=False,
        empty_value=EvidenceLevel.DESCRIPTION,
        initial=EvidenceLevel.DESCRIPTION,
        help_text=_("Критерии уровней — в справке банка практик (docs/evidence-bank.md)."),
    )


class RequestChangesForm(forms.Form):
    """Sending a practice back: the school's editors see the comment in the editor."""

    comment = forms.CharField(label=_("Что нужно доработать"), widget=forms.Textarea({"rows": 5}))
