"""The bank's practices for the described skills are searched for in the task worker.

``match_skills`` runs the site search for every described skill and keeps what it finds
(``skills.matching``), so the school pages and the coordinators' report read it instead of
searching. It is queued once per transaction that changes a description or publishes,
unpublishes, moves, restricts or deletes a practice (``skills.signals``).
"""

from django.db import transaction
from django_tasks import task

from search.backends.base import SearchUnavailable
from site_cms import page_cache
from site_cms.tasks import retry

from .matching import match_described_skills

# Below the default (0) of the search index's updates that a publication queues before it: the
# worker runs them first, so the search it asks already knows the publication.
PRIORITY = -10


@task(priority=PRIORITY)
def match_skills(attempt=1):
    """Search the practices of every described skill; the pages show them at once."""
    try:
        changed = match_described_skills()
    except SearchUnavailable:  # the pages show what was found before meanwhile
        retry("Практики для умений не подобраны", match_skills, attempt=attempt)
        return
    if changed:
        page_cache.invalidate()


def match_skills_on_commit():
    """Queue ``match_skills`` when the current transaction commits: once, however many rows of
    an import or a bulk publication ask for it (at once outside a transaction)."""
    pending = transaction.get_connection().run_on_commit
    if not any(isinstance(callback, _Enqueue) and not callback.done for *_, callback, _ in pending):
        transaction.on_commit(_Enqueue())


class _Enqueue:
    """The callback of one transaction. Run, it is done: a test's captured callbacks stay
    listed after they ran, those of a commit do not."""

    done = False

    def __call__(self):
        self.done = True
        match_skills.enqueue()
