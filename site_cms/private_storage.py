"""Where documents' files live: private storage that only Wagtail's serve view hands out.

The proxy serves MEDIA_ROOT at /media/ to anyone, so documents (which a collection may restrict
to some users) are kept under PRIVATE_MEDIA_ROOT instead, and their storage has no URL: every
download goes through /documents/<id>/<name>, which checks the collection's view restrictions
and then streams the file or lets the proxy send it (SENDFILE_BACKEND). Each file also gets a
folder with a random name, so that knowing a document's title or file name is not enough to
find its file should the private folder ever be exposed.
"""

import os
import secrets
from contextlib import suppress

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property

FOLDER_TOKEN_BYTES = 12  # 16 characters, 96 random bits


class PrivateStorage(FileSystemStorage):
    """A folder outside MEDIA_ROOT (PRIVATE_MEDIA_ROOT unless a location is given)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        # Wagtail then links and serves documents through its permission-checked view.
        raise NotImplementedError("Private files have no public address.")

    def delete(self, name):
        super().delete(name)
        # The file's own random folder, now empty; a shared folder is not empty and stays.
        with suppress(OSError):
            os.rmdir(os.path.dirname(self.path(name)))


def documents_storage():
    """The storage of documents' files (STORAGES["documents"])."""
    return storages["documents"]


def document_upload_to(instance, filename):
    """documents/<random folder>/<the uploaded name>: the name stays readable for downloads."""
    return f"documents/{secrets.token_urlsafe(FOLDER_TOKEN_BYTES)}/{filename}"
