"""The roadmap's page form and the upload form of the roadmap import."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from schools.models import Municipality
from schools.permissions import edits_whole_site, own_schools
from site_cms.forms import PortalPageForm

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


class RoadmapPageForm(PortalPageForm):
    """A school's editors keep their school's roadmap: the level «Школьная» and one of their
    own schools (chosen for them when they have one), never another school's or a
    municipality's name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None or edits_whole_site(self.for_user) or "school" not in self.fields:
            return
        schools = own_schools(self.for_user)
        self.fields["school"].queryset = schools
        self.fields["municipality"].queryset = Municipality.objects.filter(
            schools__in=schools
        ).distinct()
        level = self.fields["level"]
        school_level = self._meta.model.Level.SCHOOL
        level.choices = [(school_level.value, school_level.label)]
        if self.instance.pk is None:
            self.initial["level"] = school_level.value
            first_two = list(schools[:2])
            if len(first_two) == 1:
                self.initial["school"] = first_two[0].pk
