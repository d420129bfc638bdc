"""The admin import wizard every import screen shares: upload → preview → confirm.

A file that passes the check waits for the confirmation in private storage
(PRIVATE_MEDIA_ROOT/imports/<token>/upload/<its name>), not in the session: the session keeps
only the token, so it stays small whatever the file. The stored upload remembers who sent it
and for what (its scope, e.g. one roadmap), and only that user confirming for that scope gets
it back; it is deleted when confirmed, so a second confirmation finds nothing. Uploads never
confirmed are deleted by the next upload after ``MAX_AGE_SECONDS``. The confirmation checks the
file again, so what is saved is exactly what was checked against the data of that moment.

A screen subclasses ``ImportUploadView`` and ``ImportConfirmView`` with the same
``session_key`` and ``get_import_scope()`` and fills in their hooks.
"""

import json
import os
import re
import secrets
import shutil
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from django.shortcuts import redirect
from django.views.generic import FormView, View
from wagtail.admin import messages

from site_cms.private_storage import PrivateStorage

FOLDER = "imports"
MAX_AGE_SECONDS = 6 * 60 * 60
TOKEN_BYTES = 16
# What secrets.token_urlsafe(TOKEN_BYTES) gives: anything else never reaches a file path.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22}")
META = "meta.json"
UPLOAD = "upload"
NOT_FOUND = "Файл для импорта не найден: загрузите его ещё раз."


@dataclass
class StagedUpload:
    """An upload in its own folder, under its own name (some readers take it from the name)."""

    path: Path
    options: dict = field(default_factory=dict)

    @property
    def filename(self):
        return self.path.name

    def read(self):
        return self.path.read_bytes()


def _root():
    # Looked up per call: tests (and settings overrides) move PRIVATE_MEDIA_ROOT.
    return Path(PrivateStorage().path(FOLDER))


def _folder(token):
    return _root() / token if TOKEN_RE.fullmatch(token) else None


def _delete_stale():
    oldest = time.time() - MAX_AGE_SECONDS
    with suppress(FileNotFoundError):
        for folder in _root().iterdir():
            if folder.stat().st_mtime < oldest:
                shutil.rmtree(folder, ignore_errors=True)


def stage(user, scope, file, options):
    """Store an uploaded file for ``user`` and ``scope``, streaming it; return the upload
    and its token."""
    _delete_stale()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    folder = _root() / token
    # A folder of the file's own, so that no uploaded name meets the metadata's; Path(...).name:
    # the uploaded name never leaves it.
    (folder / UPLOAD).mkdir(parents=True)
    path = folder / UPLOAD / Path(file.name).name
    with open(path, "wb") as out:
        for chunk in file.chunks():
            out.write(chunk)
    meta = {"user": user.pk, "scope": scope, "options": options, "filename": path.name}
    (folder / META).write_text(json.dumps(meta))
    return StagedUpload(path, options), token


def discard(token):
    """Delete the stored upload under ``token``, if there is one."""
    if folder := _folder(token):
        shutil.rmtree(folder, ignore_errors=True)


def claim(user, scope, token):
    """Take ``user``'s stored upload for ``scope`` (once), or None.

    Another user's token, or one for another scope, gives None and leaves that upload alone.
    The caller deletes the upload (``discard``) when done with it.
    """
    folder = _folder(token)
    try:
        meta = json.loads((folder / META).read_text()) if folder else None
    except FileNotFoundError:
        return None
    if not meta or meta["user"] != user.pk or meta["scope"] != scope:
        return None
    try:
        # Removing the metadata is what claims it: of two confirmations only one succeeds.
        os.remove(folder / META)
    except FileNotFoundError:
        return None
    return StagedUpload(folder / UPLOAD / meta["filename"], meta["options"])


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
        # One waiting upload per screen and user: a new file replaces the previous one.
        previous = self.request.session.pop(self.session_key, None)
        if previous:
            discard(previous["token"])
        upload, token = stage(
            self.request.user,
            self.get_import_scope(),
            form.cleaned_data["file"],
            self.get_import_options(form),
        )
        importable = False
        try:
            checked = self.check_upload(upload)
            importable = self.is_importable(checked)
        finally:
            if not importable:
                discard(token)
        if not importable:
            return self.render_preview(checked, upload)
        self.request.session[self.session_key] = {"token": token}
        return self.render_preview(checked, upload, token)


class ImportConfirmView(ImportWizardMixin, View):
    """Import the previewed file, checking it again first."""

    def import_upload(self, upload: StagedUpload):
        """Check and save the upload; return the response."""
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        request.session.pop(self.session_key, None)
        token = request.POST.get("token", "")
        upload = claim(request.user, self.get_import_scope(), token)
        if upload is None:
            messages.error(request, NOT_FOUND)
            return redirect(self.get_upload_url())
        try:
            return self.import_upload(upload)
        finally:
            discard(token)
