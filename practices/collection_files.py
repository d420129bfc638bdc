"""Typeset collections kept as files, built by the task worker, never in a visitor's request.

A file lives in the media storage as ``collections/<page id>/<slug>-<key>.pdf``. The key hashes
what the book depends on: the collection's live revision, its practices in order, the newest
practice's publication time and the book's layout. A change of any gives a new key, so a stale
file is never served;
writing a new file removes the older ones of the same collection. Files rather than the cache:
a book with pictures outgrows memcached's 1 MB items, and a file survives a restart.

Publishing the collection or a practice queues a build (``practices.signals``), and so does a
visitor who finds no file for the current key: a book outdated by something no signal reports
(a deleted practice, a restricted one) is built all the same.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from site_cms import page_cache

from .collection import collection_contents, collection_practices, fingerprint

FOLDER = "collections"


def stored_name(collection, contents):
    """The storage name of the live collection's PDF for these contents."""
    # Imported when used: WeasyPrint takes half a second to import, and every process (a
    # management command too) loads this module through the app's signals and hooks.
    from .collection_pdf import layout_digest

    practice_ids, newest = fingerprint(contents)
    raw = "|".join(
        [
            str(collection.live_revision_id),
            ",".join(map(str, practice_ids)),
            newest,
            layout_digest(),
        ]
    )
    key = hashlib.sha256(raw.encode()).hexdigest()[:16]
    return f"{FOLDER}/{collection.pk}/{collection.slug}-{key}.pdf"


def stored_size(collection, contents):
    """The size in bytes of the PDF typeset for these contents, or None while there is none."""
    name = stored_name(collection, contents)
    return default_storage.size(name) if default_storage.exists(name) else None


def stored_pdf(collection, contents):
    """The PDF typeset for these contents as bytes, or None while there is none."""
    name = stored_name(collection, contents)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as file:
        return file.read()


def build(collection):
    """Typeset the live collection unless its current file exists (the task's work)."""
    contents = collection_contents(collection)
    if not contents:
        return
    name = stored_name(collection, contents)
    if default_storage.exists(name):
        return
    from .collection_pdf import render_pdf

    pdf = render_pdf(collection, collection_practices(collection))
    saved = default_storage.save(name, ContentFile(pdf))
    if saved != name:  # another worker saved this version meanwhile, under the name
        default_storage.delete(saved)
        return
    remove_other_files(collection, keep=saved)
    # Cached copies of the collection's page still say that the book is being prepared.
    page_cache.invalidate()


def remove_other_files(collection, keep):
    folder = f"{FOLDER}/{collection.pk}"
    _, files = default_storage.listdir(folder)
    for filename in files:
        name = f"{folder}/{filename}"
        if name != keep:
            default_storage.delete(name)
