"""The school pages' result charts and verdicts are prepared by the task worker after an import
(``charts.prepared``): the import does not wait for them, and the pages that come before the
worker draw from what they compute themselves."""

from django.db import transaction
from django_tasks import task

from .prepared import prepare


@task()
def prepare_school_results(school_ids):
    prepare(school_ids)


def prepare_on_commit(school_ids):
    """Queue the preparation of these schools' data when the current transaction commits."""
    if school_ids:
        ids = sorted(school_ids)
        transaction.on_commit(lambda: prepare_school_results.enqueue(ids))
