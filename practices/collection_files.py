"""Typeset collections kept as files, so that every download after the first is instant.

A file lives in the media storage as ``collections/<page id>/<slug>-<key>.pdf``. The key hashes
what the book depends on: the collection's live revision, its practices in order and the newest
practice's publication time. An edit of either gives a new key, so a stale file is never served;
writing a new file removes the older ones of the same collection. Files rather than the cache:
a book with pictures outgrows memcached's 1 MB items, and a file survives a restart.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .collection import collection_practices, fingerprint
from .collection_pdf import render_pdf

FOLDER = "collections"


def stored_name(collection, contents):
    """The storage name of the live collection's PDF for these contents."""
    practice_ids, newest = fingerprint(contents)
    raw = "|".join([str(collection.live_revision_id), ",".join(map(str, practice_ids)), newest])
    key = hashlib.sha256(raw.encode()).hexdigest()[:16]
    return f"{FOLDER}/{collection.pk}/{collection.slug}-{key}.pdf"


def stored_size(collection, contents):
    """The size in bytes of the PDF already typeset for these contents, or None."""
    name = stored_name(collection, contents)
    return default_storage.size(name) if default_storage.exists(name) else None


def live_pdf(collection, contents, request):
    """The PDF of the live collection as bytes: the stored file, typeset first if missing."""
    name = stored_name(collection, contents)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as file:
            return file.read()
    pdf = render_pdf(collection, collection_practices(collection), request)
    saved = default_storage.save(name, ContentFile(pdf))
    remove_other_files(collection, keep=saved)
    return pdf


def remove_other_files(collection, keep):
    folder = f"{FOLDER}/{collection.pk}"
    _, files = default_storage.listdir(folder)
    for filename in files:
        name = f"{folder}/{filename}"
        if name != keep:
            default_storage.delete(name)
