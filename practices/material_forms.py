"""The admin form of a document (WAGTAILDOCS_DOCUMENT_FORM_BASE).

Wagtail builds the single upload, the multiple upload and the chooser's upload form from this
base, so every way into the document library goes through the same checks.
"""

from wagtail.documents.forms import BaseDocumentForm

from . import uploads


class MaterialForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            # Wagtail's field checks the size before clean_file runs (and the multiple uploader
            # checks it in the browser): let both say it as this project does.
            limit = uploads.max_upload_size()
            message = uploads.too_large_message(limit)
            field.error_messages["file_too_large"] = message
            field.error_messages["file_too_large_unknown_size"] = message
            field.help_text = uploads.upload_hint(limit)

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
