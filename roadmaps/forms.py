"""The upload form of the roadmap import."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

MAX_UPLOAD_SIZE = 2 * 1024 * 1024
EXTENSIONS = (".xlsx", ".csv")


class RoadmapImportForm(forms.Form):
    file = forms.FileField(
        label="Файл дорожной карты",
        help_text="XLSX или CSV (UTF-8 или Windows-1251, разделитель «;» или «,») до 2 МБ.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in EXTENSIONS:
            raise ValidationError("Загрузите файл XLSX или CSV.")
        if upload.size > MAX_UPLOAD_SIZE:
            raise ValidationError(
                "Файл больше %(limit)s.", params={"limit": filesizeformat(MAX_UPLOAD_SIZE)}
            )
        return upload
