"""The experts' step of the workflow «Экспертиза практики»."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

from ..forms import CONCLUSION_REQUIRED, ConclusionForm, RequestChangesForm
from .practice import PracticePage


class ExpertReviewTask(AbstractGroupApprovalTask):
    """Members of the chosen groups recommend a practice with a conclusion or send it back.

    Approving writes the expert's text into the practice's expert conclusion, dated today, in
    a new revision; the workflow then publishes the latest revision, so the published practice
    carries its conclusion and the badge that follows from it.
    """

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", _("Отправить на доработку"), True),
                ("approve", _("Рекомендовать с заключением"), True),
            ]
        return []

    def get_form_for_action(self, action):
        return ConclusionForm if action == "approve" else RequestChangesForm

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        page = task_state.workflow_state.content_object.specific
        if action_name == "approve" and isinstance(page, PracticePage):
            task_state.revision = record_conclusion(page, user, kwargs.get("comment", ""))
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Участники выбранных групп рекомендуют практику с заключением "
            "или отправляют её на доработку"
        )

    class Meta:
        verbose_name = _("Экспертиза практики")
        verbose_name_plural = _("Экспертизы практик")


def record_conclusion(page, user, conclusion):
    """Save a revision of the practice's latest draft with the conclusion dated today; return it.

    The task state then records this revision as the approved one: the one that goes live.
    """
    conclusion = conclusion.strip()
    if not conclusion:  # the task's forms ask for it; a recommendation never goes without
        raise ValidationError(CONCLUSION_REQUIRED)
    draft = page.get_latest_revision_as_object()
    draft.expert_conclusion = conclusion
    draft.expert_conclusion_date = timezone.localdate()
    return draft.save_revision(user=user, log_action=True)
