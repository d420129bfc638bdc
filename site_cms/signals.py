"""Invalidate the public page cache whenever something visitors see changes."""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import BaseViewRestriction, Collection, Page, Site
from wagtail.signals import post_page_move
from wagtail.snippets.models import get_snippet_models

from . import page_cache

# Models of the apps built on the shell that public pages show (``refresh_on_change``).
_app_models = []


def refresh_on_change(*models):
    """Saving or deleting any of ``models`` makes the page cache stale: for the registry and
    programme rows that the apps show on public pages; they call it from ``ready``."""
    _app_models.extend(models)


def _visible_models():
    # A view restriction hides pages or documents, and their search results, from visitors, and
    # so does moving a collection under a restricted one; snippets (directions, subjects,
    # organisations…) are shown by name on public pages.
    return (
        Page,
        Site,
        BaseSiteSetting,
        Redirect,
        BaseViewRestriction,
        Collection,
        get_image_model(),
        get_document_model(),
        *get_snippet_models(),
        *_app_models,
    )


def _on_model_change(sender, instance, **kwargs):
    if isinstance(instance, _visible_models()):
        page_cache.invalidate()


def _on_model_delete(sender, instance, origin=None, **kwargs):
    # A cascade is one change: the object deleted (a programme) makes the cache stale, not each
    # of the rows that go with it (its indicators and their values).
    if origin is not instance and isinstance(origin, _visible_models()):
        return
    _on_model_change(sender, instance)


def _on_page_move(sender, **kwargs):
    page_cache.invalidate()


def connect():
    post_save.connect(_on_model_change, dispatch_uid="page_cache_save")
    post_delete.connect(_on_model_delete, dispatch_uid="page_cache_delete")
    # Moving a page updates the tree with queryset updates, which send no post_save.
    post_page_move.connect(_on_page_move, dispatch_uid="page_cache_move")
