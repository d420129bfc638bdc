"""The admin form of a document (WAGTAILDOCS_DOCUMENT_FORM_BASE).

Wagtail builds the single upload, the multiple upload and the chooser's upload form from this
base, so every way into the document library goes through the same checks.

Listing a document in the bank of materials («Вид материала», the event it was presented at)
is the institute's editors' approval: others are not offered those fields, and their change to
a listed material takes it out of the bank until an institute editor lists it again.
"""

from wagtail.documents.forms import BaseDocumentForm

from . import uploads
from .permissions import lists_materials

LISTING_FIELDS = ("material_type", "event")
LISTED_NOTE = (
    "Материал размещён в банке материалов: после любого изменения он будет снят из банка, "
    "пока редактор института не проверит его снова."
)


class MaterialForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        user = kwargs.get("user")  # Wagtail's views pass it; the base form takes it out
        super().__init__(*args, **kwargs)
        self.lists_materials = user is not None and lists_materials(user)
        if not self.lists_materials:
            for name in LISTING_FIELDS:
                self.fields.pop(name, None)
        field = self.fields.get("file")
        if field is not None:
            # Wagtail's field checks the size before clean_file runs (and the multiple uploader
            # checks it in the browser): let both say it as this project does.
            limit = uploads.max_upload_size()
            message = uploads.too_large_message(limit)
            field.error_messages["file_too_large"] = message
            field.error_messages["file_too_large_unknown_size"] = message
            field.help_text = uploads.upload_hint(limit)
            if not self.lists_materials and self.is_listed():
                field.help_text = f"{LISTED_NOTE} {field.help_text}"

    def is_listed(self):
        return bool(self.instance.material_type or self.instance.event_id)

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            uploads.validate_upload(file.name, file, uploads.max_upload_size())
        return file

    def _update_errors(self, errors):
        # The model's clean() repeats the extension check in Wagtail's words, and once
        # clean_file has refused a file it checks an empty name («Расширение файлов “”…»):
        # the file's own error is the one to show.
        if "file" in self._errors and hasattr(errors, "error_dict"):
            errors.error_dict.pop("file", None)
            if not errors.error_dict:
                return
        super()._update_errors(errors)

    def save(self, commit=True):
        if not self.lists_materials and self.instance.pk and self.changed_data:
            self.instance.material_type = ""
            self.instance.event = None
        return super().save(commit=commit)
