"""The experts' step of the workflow «Экспертиза практики»."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

from ..evidence import EvidenceLevel, missing_start_parts
from ..forms import CONCLUSION_REQUIRED, ConclusionForm, RequestChangesForm
from .practice import PracticePage


class ExpertReviewTask(AbstractGroupApprovalTask):
    """Members of the chosen groups recommend a practice with a conclusion or send it back.

    Approving writes the expert's text into the practice's expert conclusion, dated today, in
    a new revision; the workflow then publishes the latest revision, so the published practice
    carries its conclusion and the badge that follows from it.
    """

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        actions = [("reject", _("Отправить на доработку"), True)]
        # A recommended practice has its «Как начать»: until the draft has it, only sending
        # back is offered (and a forged approval is refused as an unknown action).
        if ready_to_recommend(obj):
            actions.append(("approve", _("Рекомендовать с заключением"), True))
        return actions

    def get_form_for_action(self, action):
        return ConclusionForm if action == "approve" else RequestChangesForm

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        page = task_state.workflow_state.content_object.specific
        # The level is the practice's, not the task state's: Wagtail's approve() takes no such
        # argument.
        evidence_level = kwargs.pop("evidence_level", EvidenceLevel.DESCRIPTION)
        if action_name == "approve" and isinstance(page, PracticePage):
            task_state.revision = record_conclusion(
                page, user, kwargs.get("comment", ""), evidence_level
            )
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


def ready_to_recommend(page):
    """Whether the latest draft of a practice has all of «Как начать» (other pages: always)."""
    page = page.specific_deferred if hasattr(page, "specific_deferred") else page
    if not isinstance(page, PracticePage):
        return True
    return not missing_start_parts(page.get_latest_revision_as_object().start_guide)


def record_conclusion(page, user, conclusion, evidence_level=EvidenceLevel.DESCRIPTION):
    """Save a revision of the practice's latest draft with the conclusion dated today and the
    expert's level of evidence; return it.

    The task state then records this revision as the approved one: the one that goes live.
    """
    conclusion = conclusion.strip()
    if not conclusion:  # the task's forms ask for it; a recommendation never goes without
        raise ValidationError(CONCLUSION_REQUIRED)
    draft = page.get_latest_revision_as_object()
    draft.expert_conclusion = conclusion
    draft.expert_conclusion_date = timezone.localdate()
    # The page editor hands the modal's JSON over as sent (checked by PracticePageForm).
    draft.evidence_level = EvidenceLevel(int(evidence_level))
    return draft.save_revision(user=user, log_action=True)
