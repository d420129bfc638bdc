"""The search index follows the site in the task worker, one task per page or material.

A task looks at the object as it is when it runs, so tasks for one object may come in any
order: a live public page is indexed, anything else (a draft, a restricted or deleted page) is
removed. A failing backend (Elasticsearch down) is logged and the task retried later
(``site_cms.tasks.retry``); ``search_index --rebuild`` catches up with what still failed.
"""

from django.conf import settings
from django.db import transaction
from django_tasks import task
from wagtail.models import Page

from practices.models import Material
from site_cms.page_cache import invalidate
from site_cms.tasks import retry

from .backends import get_backend
from .documents import documents_for

MODELS = {"page": Page, "material": Material}


def current_object(key):
    """The page or material of a key («page:12», «material:3»), or None once deleted."""
    kind, pk = key.split(":")
    return MODELS[kind].objects.filter(pk=pk).only("pk").first()


@task()
def update_index(key, attempt=1):
    """Index the object of ``key`` if it belongs in the index, remove it otherwise."""
    if not getattr(settings, "PORTAL_SEARCH_BACKEND", None):
        return
    obj = current_object(key)
    documents = documents_for([obj]) if obj is not None else []
    backend = get_backend()
    try:
        # A savepoint: a failing database backend leaves an enclosing transaction usable.
        with transaction.atomic():
            if documents:
                backend.index(documents)
            else:
                backend.remove([key])
    except Exception:
        retry("Поисковый индекс не обновлён", update_index, key, attempt=attempt)
        return
    # A search asked between the publication and this task was kept without the object.
    invalidate()
