"""The participant's feedback form, the certificate check and the admin's report upload."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from .models import Feedback
from .rating import SCORES

MAX_UPLOAD_SIZE = 2 * 1024 * 1024
EXTENSIONS = (".csv", ".xlsx")


class FeedbackForm(forms.ModelForm):
    usefulness = forms.TypedChoiceField(
        label="Насколько полезным было мероприятие (5 — очень полезным)",
        choices=[(score, str(score)) for score in reversed(SCORES)],
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Feedback
        fields = ["usefulness", "to_change", "next_topics"]
        widgets = {
            "to_change": forms.Textarea(attrs={"rows": 3}),
            "next_topics": forms.Textarea(attrs={"rows": 3}),
        }


class CertificateCheckForm(forms.Form):
    kod = forms.RegexField(
        label="Код сертификата",
        regex=r"^[\s\w-]+$",
        max_length=20,
        help_text="Напечатан внизу сертификата, например 7K3M-Q9XP.",
        error_messages={"invalid": "Код состоит из букв и цифр, например 7K3M-Q9XP."},
    )


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label="Отчёт вебинарной платформы",
        help_text="CSV (UTF-8 или Windows-1251, разделитель «;» или «,») или XLSX до 2 МБ.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in EXTENSIONS:
            raise ValidationError("Загрузите файл CSV или XLSX.")
        if upload.size > MAX_UPLOAD_SIZE:
            raise ValidationError(
                "Файл больше %(limit)s.", params={"limit": filesizeformat(MAX_UPLOAD_SIZE)}
            )
        return upload
