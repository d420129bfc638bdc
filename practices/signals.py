"""Keep the bank open to schools' editors and under expert review, whatever comes first:
the bank page or the school."""

from .models import PracticeIndexPage
from .permissions import grant_school_editors, school_editors_groups
from .workflow import assign_review_workflow


def set_up_new_bank(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_review_workflow(instance)
        grant_school_editors([instance], school_editors_groups())


def open_bank_to_school(sender, school, **kwargs):
    grant_school_editors(PracticeIndexPage.objects.all(), [school.editors_group])
