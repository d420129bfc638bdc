"""The upload form of a task description: the table of tasks, its dictionaries, the work."""

from django import forms

from curriculum.models import Subject
from indicators.results.records import Procedure
from site_cms.importing import limits

from .importing import KIND_NAMES, read_file
from .models import YEARS, CodeKind

TABLE = forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"})


class DescriptionImportForm(forms.Form):
    file = forms.FileField(
        label="Таблица заданий (ALL.xlsx)",
        help_text="По строке на задание или его часть: «№ КИМ», «Умения, виды деятельности», "
        "«Уровень сложности», «Код КЭС», «Код КТ», «Максимальный балл…».",
        widget=TABLE,
    )
    contents = forms.FileField(
        label="Словарь КЭС (KS.xlsx)",
        required=False,
        help_text="«Код» и «Проверяемые элементы содержания». Без него хранятся только коды.",
        widget=TABLE,
    )
    requirements = forms.FileField(
        label="Словарь КТ (KT.xlsx)",
        required=False,
        help_text="«Код» и «Проверяемые требования к уровню подготовки».",
        widget=TABLE,
    )
    procedure = forms.ChoiceField(
        label="Процедура", choices=Procedure.choices, initial=Procedure.VPR
    )
    subject = forms.ModelChoiceField(label="Предмет", queryset=Subject.objects.all())
    grade = forms.IntegerField(label="Класс", min_value=1, max_value=11)
    first_year = forms.IntegerField(label="С года", validators=YEARS)
    last_year = forms.IntegerField(
        label="По год (включительно)",
        required=False,
        validators=YEARS,
        help_text="Пусто — описание только для первого года.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            limits.check_size(upload.size)
        except limits.FileRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        return upload

    def clean_contents(self):
        return self._dictionary("contents", CodeKind.CONTENT)

    def clean_requirements(self):
        return self._dictionary("requirements", CodeKind.REQUIREMENT)

    def _dictionary(self, name, kind):
        """The dictionary the upload holds, as JSON keeps it until the confirmation."""
        upload = self.cleaned_data[name]
        if not upload:
            return None
        try:
            read = read_file(upload.name, limits.read_bytes(upload))
        except limits.FileRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        if read.problems:
            raise forms.ValidationError([str(problem) for problem in read.problems])
        if read.kind != kind:
            raise forms.ValidationError(f"Это не {KIND_NAMES[kind]}, а {KIND_NAMES[read.kind]}.")
        return {"name": read.name, "kind": kind, "codes": read.codes}

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is None:
            data["last_year"] = first
        elif first is not None and last < first:
            self.add_error("last_year", "Последний год раньше первого.")
        return data

    def options(self):
        """What the confirmation needs, as JSON keeps it."""
        data = self.cleaned_data
        return {
            "procedure": data["procedure"],
            "subject": data["subject"].pk,
            "grade": data["grade"],
            "first_year": data["first_year"],
            "last_year": data["last_year"],
            "dictionaries": [data[name] for name in ("contents", "requirements") if data[name]],
        }
