"""The open-data download of the «Показатели» page: the filters a visitor chooses and the files.

The filters offer only what is stored (one query each), so an unknown year, procedure, subject
or grade is a form error in Russian, never an empty file by mistake. The files are
``exporting``'s: the very text ``manage.py export_results`` writes with the same filters.
"""

from django import forms
from django.http import StreamingHttpResponse
from django.utils.http import urlencode

from curriculum.models import Subject

from ..models import ResultAggregate
from .exporting import CONTENT_TYPES, WRITERS, results
from .records import Procedure

FILTERS = ["year", "procedure", "subject", "grade"]

# Where the procedure has no such count (``exporting.NOT_APPLICABLE``).
NO_MARKS = "; пусто для ЕГЭ: его результат — баллы, а не отметки"
NO_JOURNAL = "; пусто для ОГЭ и ЕГЭ: с отметками в журнале сравнивают ВПР и КДР"

# What each column of the files holds (``exporting.EXPORT_COLUMNS``, in order), in plain words.
COLUMN_MEANINGS = {
    "school_code": "Логин школы в ФИС ОКО (sch… или edu…); у школы с несколькими логинами — "
    "первый по алфавиту",
    "school": "Краткое название школы",
    "municipality": "Муниципалитет школы",
    "year": "Год проведения работы или экзамена",
    "procedure": "Процедура: VPR — ВПР, OGE — ОГЭ, EGE — ЕГЭ, KDR — КДР",
    "subject": "Учебный предмет",
    "grade": "Класс",
    "participants": "Число участников",
    "mark2": "Сколько участников получили отметку «2»" + NO_MARKS,
    "mark3": "Сколько участников получили отметку «3»" + NO_MARKS,
    "mark4": "Сколько участников получили отметку «4»" + NO_MARKS,
    "mark5": "Сколько участников получили отметку «5»" + NO_MARKS,
    "mean_score": "Средний балл участников (первичный или тестовый, как в исходном файле), "
    "до сотых; пусто, если его нет",
    "below_minimum": "Сколько участников не набрали минимальный балл; пусто для ВПР и КДР: "
    "минимальный балл есть только у ОГЭ и ЕГЭ",
    "lowered": "Сколько участников получили отметку ниже, чем в журнале" + NO_JOURNAL,
    "confirmed": "Сколько участников подтвердили отметку из журнала" + NO_JOURNAL,
    "raised": "Сколько участников получили отметку выше, чем в журнале" + NO_JOURNAL,
}

FORMAT_LABELS = {"csv": "CSV (Excel)", "json": "JSON"}


def _choices(blank, pairs):
    return [("", blank), *pairs]


class OpenDataForm(forms.Form):
    """The filters of the download (all optional) and the file format (none: the page)."""

    year = forms.TypedChoiceField(
        label="Год",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Результатов за год «%(value)s» нет: выберите год."},
    )
    procedure = forms.ChoiceField(
        label="Процедура",
        required=False,
        error_messages={"invalid_choice": "Процедуры «%(value)s» нет среди результатов."},
    )
    subject = forms.ChoiceField(
        label="Предмет",
        required=False,
        error_messages={"invalid_choice": "Предмета «%(value)s» нет среди результатов."},
    )
    grade = forms.TypedChoiceField(
        label="Класс",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Результатов за класс «%(value)s» нет: выберите класс."},
    )
    format = forms.ChoiceField(
        required=False,
        choices=_choices("", FORMAT_LABELS.items()),
        error_messages={
            "invalid_choice": "Формата «%(value)s» нет: файлы бывают в CSV и JSON.",
        },
    )

    def __init__(self, data):
        super().__init__(data)
        stored = ResultAggregate.objects.order_by()
        years = stored.values_list("year", flat=True).distinct().order_by("-year")
        self.fields["year"].choices = _choices("Все годы", ((y, y) for y in years))
        procedures = set(stored.values_list("procedure", flat=True).distinct())
        self.fields["procedure"].choices = _choices(
            "Все процедуры", ((p.value, p.label) for p in Procedure if p.value in procedures)
        )
        # Slugs in the address, names in the list and in the files.
        subjects = Subject.objects.filter(results__isnull=False).distinct()
        self.subject_names = dict(subjects.values_list("slug", "name"))
        self.fields["subject"].choices = _choices("Все предметы", self.subject_names.items())
        grades = stored.values_list("grade", flat=True).distinct().order_by("grade")
        self.fields["grade"].choices = _choices("Все классы", ((g, f"{g} класс") for g in grades))

    @property
    def filter_fields(self):
        return [self[name] for name in FILTERS]

    def filters(self):
        """The chosen filters as ``exporting.results`` takes them (subject by name)."""
        data = self.cleaned_data
        return {
            "year": data["year"],
            "procedure": data["procedure"],
            "subject": self.subject_names.get(data["subject"]),
            "grade": data["grade"],
        }

    def results(self):
        return results(**self.filters())

    def query_string(self, format):
        """The address of the file of the chosen filters in ``format``."""
        chosen = {name: self.data[name] for name in FILTERS if self.cleaned_data[name]}
        return "?" + urlencode({**chosen, "format": format})

    def file_name(self, format):
        """The file's name: «rezultaty-2024-VPR-matematika-4-klass.csv» for the filters."""
        data = self.cleaned_data
        parts = ["rezultaty", data["year"], data["procedure"], data["subject"]]
        if data["grade"] is not None:
            parts.append(f"{data['grade']}-klass")
        return "-".join(str(part) for part in parts if part) + f".{format}"

    def response(self):
        """The file, streamed: a region's results never sit in memory whole."""
        format = self.cleaned_data["format"]
        chunks = (chunk.encode() for chunk in WRITERS[format](self.results()))
        response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[format])
        response["Content-Disposition"] = f'attachment; filename="{self.file_name(format)}"'
        return response
