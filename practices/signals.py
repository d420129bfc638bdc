"""Keep the bank open to schools' editors and under expert review, whatever comes first:
the bank page or the school; queue the collection PDFs a publication changes."""

from django.db.models import Q

from .models import PracticeCollectionPage, PracticeIndexPage
from .permissions import grant_school_editors, school_editors_groups
from .tasks import build_collection_pdf
from .workflow import assign_review_workflow


def set_up_new_bank(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_review_workflow(instance)
        grant_school_editors([instance], school_editors_groups())


def open_bank_to_school(sender, school, **kwargs):
    grant_school_editors(PracticeIndexPage.objects.all(), [school.editors_group])


def collections_holding(practice):
    """The live collections that may hold the practice: those that chose it, and those of its
    bank, which may take it by the bank's filter."""
    collections = PracticeCollectionPage.objects.live()
    chosen = Q(chosen_practices__practice=practice)
    return collections.filter(chosen | collections.sibling_of_q(practice)).distinct()


def build_published_collection(sender, instance, **kwargs):
    build_collection_pdf.enqueue(instance.pk)


def build_collections_of_practice(sender, instance, **kwargs):
    """A practice published or unpublished: the worker builds its books anew (a book whose
    contents did not change is left as it is)."""
    for collection in collections_holding(instance):
        build_collection_pdf.enqueue(collection.pk)
