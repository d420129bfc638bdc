"""The workflow «Экспертиза практики» and the bank pages it moderates.

Imported by the setting ``WAGTAIL_FINISH_WORKFLOW_ACTION`` while Wagtail's models load, so
Wagtail's models are imported inside the functions.
"""

REVIEW_WORKFLOW_NAME = "Экспертиза практики"


def assign_review_workflow(bank):
    """Put the bank page, and so every practice below it, under the review workflow.

    A page that already has a workflow keeps it: that was an administrator's choice.
    """
    from wagtail.models import Workflow, WorkflowPage

    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=bank, defaults={"workflow": workflow})


def publish_approved(workflow_state, user=None):
    """Publish what a workflow approved (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

    Wagtail's own action publishes as the last approver and so fails unless that approver may
    publish too; here the approval is the authority: experts review practices without any
    right to publish pages themselves.
    """
    content_object = workflow_state.content_object
    # A task may have saved a revision while approving (the expert's conclusion) after this
    # object was loaded: publish what is latest in the database.
    content_object.refresh_from_db(fields=["latest_revision"])
    content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
