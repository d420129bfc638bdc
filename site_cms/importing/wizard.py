"""The admin import wizard every import screen shares: upload → preview → confirm.

A file that passes the check waits for the confirmation in private storage
(PRIVATE_MEDIA_ROOT/imports/<token>/), not in the session: the session keeps only the token, so
it stays small whatever the file. The stored upload remembers who sent it and for what (its
scope, e.g. one roadmap), and only that user confirming for that scope gets it back; it is
deleted when confirmed, so a second confirmation finds nothing. Uploads never confirmed are
deleted by the next upload after ``MAX_AGE``. The confirmation checks the file again, so what
is saved is exactly what was checked against the data of that moment.

A screen subclasses ``ImportUploadView`` and ``ImportConfirmView`` with the same
``session_key`` and ``get_import_scope()`` and fills in their hooks.
"""

import json
import re
import secrets
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView, View
from wagtail.admin import messages

from site_cms.private_storage import PrivateStorage

FOLDER = "imports"
MAX_AGE = timedelta(hours=6)
TOKEN_BYTES = 16
# What secrets.token_urlsafe(TOKEN_BYTES) gives: anything else never reaches a file path.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22}")
NOT_FOUND = "Файл для импорта не найден: загрузите его ещё раз."


@dataclass
class StagedUpload:
    filename: str
    data: bytes
    options: dict = field(default_factory=dict)


def _storage():
    # Built per call: tests (and settings overrides) move PRIVATE_MEDIA_ROOT.
    return PrivateStorage()


def _names(token):
    return f"{FOLDER}/{token}/meta.json", f"{FOLDER}/{token}/upload"


def _delete(storage, token):
    for name in _names(token):
        with suppress(FileNotFoundError):
            storage.delete(name)


def _delete_stale(storage):
    try:
        tokens, _files = storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    oldest = timezone.now() - MAX_AGE
    for token in tokens:
        meta = _names(token)[0]
        with suppress(FileNotFoundError):
            if storage.get_modified_time(meta) < oldest:
                _delete(storage, token)


def stage(user, scope, upload: StagedUpload):
    """Store a checked upload for ``user`` and ``scope``; return its token."""
    storage = _storage()
    _delete_stale(storage)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    meta_name, data_name = _names(token)
    meta = {
        "user": user.pk,
        "scope": scope,
        "filename": upload.filename,
        "options": upload.options,
    }
    storage.save(data_name, ContentFile(upload.data))
    storage.save(meta_name, ContentFile(json.dumps(meta).encode()))
    return token


def _meta(storage, token):
    if not TOKEN_RE.fullmatch(token):
        return None
    try:
        with storage.open(_names(token)[0]) as file:
            return json.load(file)
    except FileNotFoundError:
        return None


def discard(user, token):
    """Delete ``user``'s stored upload under ``token``, if there is one."""
    storage = _storage()
    meta = _meta(storage, token)
    if meta and meta["user"] == user.pk:
        _delete(storage, token)


def claim(user, scope, token):
    """Take ``user``'s stored upload for ``scope`` out of storage, or None.

    Another user's token, or one for another scope, gives None and leaves that upload alone.
    """
    storage = _storage()
    meta = _meta(storage, token)
    if not meta or meta["user"] != user.pk or meta["scope"] != scope:
        return None
    try:
        with storage.open(_names(token)[1]) as file:
            data = file.read()
    except FileNotFoundError:
        return None
    _delete(storage, token)
    return StagedUpload(meta["filename"], data, meta["options"])


class ImportWizardMixin:
    """What both steps of one screen share: where the token is kept and what it is for."""

    session_key = None

    def get_import_scope(self):
        """What the upload is for, such as one page: a token for another scope is refused."""
        return self.session_key

    def get_upload_url(self):
        raise NotImplementedError


class ImportUploadView(ImportWizardMixin, FormView):
    """Upload a file, check it and preview what importing it would do; nothing is saved."""

    def get_import_options(self, form):
        """The form's choices that the confirmation needs (JSON values)."""
        return {}

    def check_upload(self, upload: StagedUpload):
        """Read and check the file; return what the preview shows."""
        raise NotImplementedError

    def is_importable(self, checked):
        raise NotImplementedError

    def render_preview(self, checked, upload: StagedUpload, token=None):
        """The preview; with a token, it offers to confirm."""
        raise NotImplementedError

    def form_valid(self, form):
        file = form.cleaned_data["file"]
        upload = StagedUpload(file.name, file.read(), self.get_import_options(form))
        checked = self.check_upload(upload)
        # One waiting upload per screen and user: a new file replaces the previous one.
        previous = self.request.session.pop(self.session_key, None)
        if previous:
            discard(self.request.user, previous["token"])
        token = None
        if self.is_importable(checked):
            token = stage(self.request.user, self.get_import_scope(), upload)
            self.request.session[self.session_key] = {"token": token}
        return self.render_preview(checked, upload, token)


class ImportConfirmView(ImportWizardMixin, View):
    """Import the previewed file, checking it again first."""

    def import_upload(self, upload: StagedUpload):
        """Check and save the upload; return the response."""
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        request.session.pop(self.session_key, None)
        upload = claim(request.user, self.get_import_scope(), request.POST.get("token", ""))
        if upload is None:
            messages.error(request, NOT_FOUND)
            return redirect(self.get_upload_url())
        return self.import_upload(upload)
