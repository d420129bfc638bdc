"""The open-data download of the «Показатели» page: the filters a visitor chooses and the files.

Two files: the schools' results and the ВПР task results (per school, municipality or the
region: the ``level`` filter, which only the task results have). The filters offer only what
is stored (one query each), so an unknown year, procedure, subject, grade or level is a form
error in Russian, never an empty file by mistake; asked for as a file, it is refused (400). The
files are ``exporting``'s: the very text ``manage.py export_results`` and
``export_task_results`` write with the same filters, shares hidden under the public minimum.
"""

from django import forms
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.http import urlencode

from curriculum.models import Subject

from ..models import ResultAggregate
from .exporting import CONTENT_TYPES, FEW, TaskSelection, results, results_chunks
from .privacy import HIDDEN, public_minimum
from .queries import TaskLevel
from .records import Procedure

FILTERS = ["year", "procedure", "subject", "grade"]
TASKS = "tasks"  # ``dataset`` of the task results; the schools' results have none

# Where the procedure has no such count (``exporting.NOT_APPLICABLE``).
NO_MARKS = "; пусто для ЕГЭ: его результат — баллы, а не отметки"
NO_JOURNAL = "; пусто для ОГЭ и ЕГЭ: с отметками в журнале сравнивают ВПР и КДР"


def few_sentence():
    return f"; пусто, если участников меньше {public_minimum()}"


def column_meanings():
    """What each column of the schools' results holds (``exporting.EXPORT_COLUMNS``, in
    order), in plain words."""
    few = few_sentence()
    return {
        "school_code": "Логин школы в ФИС ОКО (sch… или edu…); у школы с несколькими логинами "
        "— первый по алфавиту",
        "school": "Краткое название школы",
        "municipality": "Муниципалитет школы",
        "year": "Год проведения работы или экзамена",
        "procedure": "Процедура: VPR — ВПР, OGE — ОГЭ, EGE — ЕГЭ, KDR — КДР",
        "subject": "Учебный предмет",
        "grade": "Класс",
        "participants": "Число участников",
        **{
            f"mark{mark}": f"Сколько участников получили отметку «{mark}»" + NO_MARKS + few
            for mark in (2, 3, 4, 5)
        },
        "mean_score": "Средний балл участников (первичный или тестовый, как в исходном файле), "
        "до сотых; пусто, если его нет" + few,
        "below_minimum": "Сколько участников не набрали минимальный балл; пусто для ВПР и КДР: "
        "минимальный балл есть только у ОГЭ и ЕГЭ" + few,
        "lowered": "Сколько участников получили отметку ниже, чем в журнале" + NO_JOURNAL + few,
        "confirmed": "Сколько участников подтвердили отметку из журнала" + NO_JOURNAL + few,
        "raised": "Сколько участников получили отметку выше, чем в журнале" + NO_JOURNAL + few,
        FEW: few_meaning("отметки, средний балл и остальные числа участников"),
    }


def task_column_meanings():
    """What each column of the task results holds (``exporting.TASK_EXPORT_COLUMNS``)."""
    few = few_sentence()
    return {
        "school_code": "Логин школы в ФИС ОКО (sch… или edu…); пусто в строках муниципалитета "
        "и региона",
        "municipality": "Муниципалитет; пусто в строках региона",
        "year": "Год проведения работы",
        "procedure": "Процедура: VPR — ВПР (результаты заданий есть только у ВПР)",
        "subject": "Учебный предмет",
        "grade": "Класс",
        "task": "Задание, как его называет протокол, без максимального балла: «7», «10К1»",
        "max_points": "Максимальный балл за задание",
        "participants": "Число участников, получивших балл за задание (в строках муниципалитета "
        "и региона — сумма по школам)",
        "mean_points": "Средний балл за задание, до 4 знаков после точки" + few,
        "success_rate": "Процент выполнения: средний балл, делённый на максимальный, в процентах, "
        "до 4 знаков после точки; у муниципалитета и региона — процент школ, взвешенный по "
        "числу участников" + few,
        "skill": "Умение, которое проверяет задание, из описания проверочной работы; пусто, "
        "если описание не загружено",
        "level": "Уровень сложности задания по описанию: Б — базовый, П — повышенный, "
        "В — высокий; пусто без описания",
        FEW: few_meaning(
            "средний балл и процент выполнения",
            sums=" или если в строке муниципалитета или региона скрытые школы вместе дают меньше "
            f"{public_minimum()} участников (вычтя показанные школы, их результат можно было бы "
            "узнать)",
        ),
    }


def few_meaning(hidden, sums=""):
    return (
        f"true, если участников меньше {public_minimum()}{sums}: {HIDDEN}, поэтому {hidden} "
        "в файле пусты (в JSON — null), а число участников остаётся; иначе false"
    )


FORMAT_LABELS = {"csv": "CSV (Excel)", "json": "JSON"}
LEVEL_LABELS = {
    TaskLevel.SCHOOL: "По школам",
    TaskLevel.MUNICIPALITY: "По муниципалитетам",
    TaskLevel.REGION: "По региону",
}
LEVEL_SLUGS = {
    TaskLevel.SCHOOL: "po-shkolam",
    TaskLevel.MUNICIPALITY: "po-municipalitetam",
    TaskLevel.REGION: "po-regionu",
}


def _choices(blank, pairs):
    return [("", blank), *pairs]


class OpenDataForm(forms.Form):
    """The filters of the download (all optional), the file (none: the schools' results) and
    its format (none: the page)."""

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
    level = forms.ChoiceField(
        label="Результаты заданий",
        required=False,
        choices=_choices("По школам", list(LEVEL_LABELS.items())[1:]),
        error_messages={
            "invalid_choice": "Уровня «%(value)s» нет: результаты заданий бывают по школам, "
            "по муниципалитетам и по региону.",
        },
    )
    dataset = forms.ChoiceField(
        required=False,
        choices=_choices("", [(TASKS, TASKS)]),
        error_messages={
            "invalid_choice": "Файла «%(value)s» нет: есть результаты школ и результаты заданий.",
        },
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
        self.subjects = {
            slug: (pk, name) for slug, pk, name in subjects.values_list("slug", "pk", "name")
        }
        self.fields["subject"].choices = _choices(
            "Все предметы", ((slug, name) for slug, (_pk, name) in self.subjects.items())
        )
        grades = stored.values_list("grade", flat=True).distinct().order_by("grade")
        self.fields["grade"].choices = _choices("Все классы", ((g, f"{g} класс") for g in grades))

    @property
    def filter_fields(self):
        return [self[name] for name in [*FILTERS, "level"]]

    def results(self):
        """The schools' results the filters select (``exporting.results``: subject by name)."""
        data = self.cleaned_data
        subject = self.subjects.get(data["subject"])
        return results(
            year=data["year"],
            procedure=data["procedure"],
            subject=subject[1] if subject else None,
            grade=data["grade"],
        )

    @property
    def task_level(self):
        return self.cleaned_data["level"] or TaskLevel.SCHOOL

    @cached_property
    def tasks(self):
        """The task results the filters select at the chosen level."""
        data = self.cleaned_data
        filters = {name: data[name] for name in ("year", "procedure", "grade") if data[name]}
        if data["subject"]:
            filters["subject_id"] = self.subjects[data["subject"]][0]
        return TaskSelection(self.task_level, **filters)

    def query_string(self, format, dataset=""):
        """The address of a file of the chosen filters in ``format``."""
        names = [*FILTERS, "level"] if dataset == TASKS else FILTERS
        chosen = {name: self.data[name] for name in names if self.cleaned_data[name]}
        file = {"dataset": dataset, "format": format} if dataset else {"format": format}
        return "?" + urlencode({**chosen, **file})

    def file_name(self, format, dataset=""):
        """«rezultaty-2024-VPR-matematika-4-klass.csv» for the filters; the task results'
        «rezultaty-zadaniy-…-po-municipalitetam.json»."""
        data = self.cleaned_data
        parts = ["rezultaty-zadaniy" if dataset == TASKS else "rezultaty", data["year"]]
        parts += [data["procedure"], data["subject"]]
        if data["grade"] is not None:
            parts.append(f"{data['grade']}-klass")
        if dataset == TASKS:
            parts.append(LEVEL_SLUGS[self.task_level])
        return "-".join(str(part) for part in parts if part) + f".{format}"

    def downloads(self):
        """[(title, rows, [(label, address, file name)])] of the two files."""
        files = []
        for dataset, title, rows in [
            ("", "Результаты школ", self.results().count()),
            (TASKS, "Результаты заданий ВПР", self.tasks.row_count),
        ]:
            if dataset == TASKS:
                title += f" ({LEVEL_LABELS[self.task_level].lower()})"
            links = [
                (label, self.query_string(format, dataset), self.file_name(format, dataset))
                for format, label in FORMAT_LABELS.items()
            ]
            files.append((title, rows, links))
        return files

    def response(self):
        """The file, streamed: a region's results never sit in memory whole."""
        format, dataset = self.cleaned_data["format"], self.cleaned_data["dataset"]
        if dataset == TASKS:
            chunks = self.tasks.chunks(format)
        else:
            chunks = results_chunks(format, self.results())
        response = StreamingHttpResponse(
            (chunk.encode() for chunk in chunks), content_type=CONTENT_TYPES[format]
        )
        name = self.file_name(format, dataset)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def open_data_response(page, request):
    """The page of the filters and the file links; with ``format`` chosen, the file itself. A
    file asked for with unknown filters is refused with the page and its messages (400)."""
    form = OpenDataForm(request.GET)
    valid = form.is_valid()
    if valid and form.cleaned_data["format"]:
        return form.response()
    context = page.get_context(request)
    context.update(
        form=form,
        columns=column_meanings().items(),
        task_columns=task_column_meanings().items(),
        minimum=public_minimum(),
    )
    if valid:
        context.update(files=form.downloads())
    status = 400 if not valid and request.GET.get("format") else 200
    return TemplateResponse(request, "indicators/open_data.html", context, status=status)
