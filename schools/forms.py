"""Forms of the registry admin: uploading a registry file to import."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from .importing import EXTENSIONS

MAX_UPLOAD_SIZE = 5 * 1024 * 1024


class RegistryImportForm(forms.Form):
    file = forms.FileField(
        label="Файл реестра",
        help_text=(
            "XLSX или CSV до 5 МБ: список логинов школ ФИС ОКО, контекстные данные об ОО "
            "(лист «Общая информация об ОО») или выгрузка реестра с этого сайта."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    create_municipalities = forms.BooleanField(
        label="Создавать отсутствующие муниципалитеты",
        required=False,
        help_text="Иначе строка с муниципалитетом, которого нет в реестре, — ошибка.",
    )
    provision = forms.BooleanField(
        label="Создать страницы и разделы для новых школ",
        required=False,
        help_text=(
            "Для каждой новой школы: страница, раздел «Повышение качества образования», "
            "группа редакторов и коллекция файлов. Для сотен школ это займёт минуты."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = Path(upload.name).suffix.lower()
        if extension not in EXTENSIONS:
            raise ValidationError(
                "Загрузите файл XLSX или CSV: файлы «%(extension)s» не поддерживаются.",
                params={"extension": extension or upload.name},
            )
        if upload.size > MAX_UPLOAD_SIZE:
            raise ValidationError(
                "Файл больше %(limit)s: загрузите реестр частями.",
                params={"limit": filesizeformat(MAX_UPLOAD_SIZE)},
            )
        return upload
