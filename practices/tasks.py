"""The collection PDF is typeset by the task worker (``collection_files.build``)."""

from django.core.cache import cache
from django_tasks import task

from . import collection_files
from .models import PracticeCollectionPage

# A visitor who finds the book missing asks for it at most this often per book version.
BUILD_REQUEST_SECONDS = 10 * 60


@task()
def build_collection_pdf(collection_id):
    collection = PracticeCollectionPage.objects.live().filter(pk=collection_id).first()
    if collection is not None:
        collection_files.build(collection)


def request_build(collection, contents):
    """Queue a build of the live collection unless one was asked for this version lately."""
    name = collection_files.stored_name(collection, contents)
    if cache.add(f"collection-pdf-build:{name}", True, BUILD_REQUEST_SECONDS):
        build_collection_pdf.enqueue(collection.pk)
