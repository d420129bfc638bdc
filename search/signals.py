"""Keep the search index current: pages on publish, unpublish, move, delete and view
restriction; materials on save, delete, bulk actions, and when their collection is restricted
or moved.

Each changed page or material is one task of the worker (``search.tasks.update_index``), which
indexes or removes it as it then is; publishing never waits for the search engine, and a
failing one is retried. Nothing happens when ``PORTAL_SEARCH_BACKEND`` is not set.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from practices.models import Material
from site_cms import page_cache

from .documents import material_key, page_key
from .tasks import update_index


def update(keys):
    """Enqueue an index update for each key («page:12», «material:3»)."""
    if not getattr(settings, "PORTAL_SEARCH_BACKEND", None):
        return
    for key in dict.fromkeys(keys):
        update_index.enqueue(key)


def sync(objects):
    """Index those of ``objects`` that belong in the index, remove the others."""
    update(map(_key, objects))


def _key(obj):
    return material_key(obj.pk) if isinstance(obj, Material) else page_key(obj.pk)


def _subtree(page, inclusive=True):
    return Page.objects.descendant_of(page, inclusive=inclusive).only("pk")


def on_page_published(sender, instance, **kwargs):
    sync([instance])


def on_page_unpublished(sender, instance, **kwargs):
    update([page_key(instance.pk)])


def on_page_moved(sender, instance, **kwargs):
    # The URLs below the page change, and the new place may be restricted or public.
    sync(_subtree(instance))


def on_page_slug_changed(sender, instance, **kwargs):
    # The page itself was indexed on publish; the URLs of the pages below it changed too.
    sync(_subtree(instance, inclusive=False))


def on_page_deleted(sender, instance, **kwargs):
    update([page_key(instance.pk)])


def on_page_restriction_changed(sender, instance, **kwargs):
    # When the page itself is being deleted, its own signal removes it afterwards.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        sync(_subtree(page))


def on_material_saved(sender, instance, **kwargs):
    sync([instance])


def on_material_deleted(sender, instance, **kwargs):
    update([material_key(instance.pk)])


def _materials_in(collection):
    """The materials of the collection and of the collections below it."""
    return Material.objects.filter(collection__path__startswith=collection.path).only("pk")


def on_collection_restriction_changed(sender, instance, **kwargs):
    sync(_materials_in(instance.collection))


def on_collection_saved(sender, instance, created, raw=False, **kwargs):
    # The admin saves an edited collection and then moves it, perhaps under a restricted one,
    # in one transaction: its materials are looked at in their new place, once it commits.
    if created or raw:
        return

    def sync_moved():
        collection = Collection.objects.filter(pk=instance.pk).first()
        if collection is not None:
            sync(_materials_in(collection))

    transaction.on_commit(sync_moved)


def sync_bulk_changed_materials(request, action_type, objects, action):
    """Wagtail's bulk actions change documents with a query, no save signal: «Добавить в
    коллекцию» may move them into a restricted collection, or out of one."""
    materials = [obj for obj in objects if isinstance(obj, Material) and obj.pk is not None]
    if materials:
        sync(materials)
        # Nor does the page cache see it, and the search answers it keeps.
        page_cache.invalidate()


def connect():
    page_published.connect(on_page_published, dispatch_uid="search_page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="search_page_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="search_page_moved")
    page_slug_changed.connect(on_page_slug_changed, dispatch_uid="search_page_slug_changed")
    # Deleting any page deletes its row of the base class, whose signal comes once per page.
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid="search_page_deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            on_page_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search_page_restriction_{signal is post_save}",
        )
        signal.connect(
            on_collection_restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"search_collection_restriction_{signal is post_save}",
        )
    post_save.connect(
        on_collection_saved, sender=Collection, dispatch_uid="search_collection_saved"
    )
    post_save.connect(on_material_saved, sender=Material, dispatch_uid="search_material_saved")
    post_delete.connect(
        on_material_deleted, sender=Material, dispatch_uid="search_material_deleted"
    )
