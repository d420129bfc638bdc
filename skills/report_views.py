"""Admin → Показатели → «Дефицитные умения»: the coordinators' report of one work's tasks in the
region (``skills.report``), its filters in the URL, and the same table as XLSX.

For those who see the results in the admin (``indicators.view_resultaggregate``: coordinators,
institute editors). Reads the database in a fixed number of queries, however many schools and
tasks: the works with task results, the municipalities, the ШНОР year, the task results (four
at most), the school names, the description (two), the levels and the practices found for the
skills (one).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Max, OuterRef
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.defaults import permission_denied
from django.views.generic import View
from wagtail.admin.menu import MenuItem

from curriculum.models import EducationLevel
from indicators.models import ResultAggregate, TaskResult
from indicators.results.queries import TaskLevel, task_results_frame
from indicators.results.records import Procedure
from indicators.rules.sentences import PERCENT, format_difference, format_value
from schools.models import Municipality, School, SchoolStatus
from search.backends.base import Kind
from search.page import SearchState
from site_cms.admin_screens import AdminScreenMixin
from site_cms.exporting import XLSX_CONTENT_TYPE, download, xlsx_table

from .matching import MatchedPractice, SkillQuery, level_slug, matching_practices
from .queries import describe
from .report import TaskRow, task_rows

PERMISSION = "indicators.view_resultaggregate"


def can_view_report(user):
    return user.is_active and user.has_perm(PERMISSION)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_report(request.user)


# --- The filters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Work:
    year: int
    procedure: str
    subject_id: int
    subject: str
    subject_slug: str
    grade: int


def works_with_task_results():
    """[Work] that have task results, the newest year first, subjects in their order. One
    query."""
    rows = (
        ResultAggregate.objects.filter(Exists(TaskResult.objects.filter(result=OuterRef("pk"))))
        .order_by("-year", "procedure", "subject__sort_order", "subject__name", "grade")
        .values_list("year", "procedure", "subject_id", "subject__name", "subject__slug", "grade")
        .distinct()
    )
    return [Work(*row) for row in rows]


class Status:
    ALL = ""
    SHNOR = "shnor"
    OTHERS = "others"
    CHOICES = [(ALL, "Все школы"), (SHNOR, "Только ШНОР"), (OTHERS, "Кроме ШНОР")]


class ReportForm(forms.Form):
    """The report's filters (GET). Choices come from the works with task results; a value that
    is not among them is an error, and the report shows the default instead."""

    year = forms.TypedChoiceField(label="Год", coerce=int, required=False)
    procedure = forms.ChoiceField(label="Процедура", required=False)
    subject = forms.TypedChoiceField(label="Предмет", coerce=int, required=False)
    grade = forms.TypedChoiceField(label="Класс", coerce=int, required=False)
    municipality = forms.ModelChoiceField(
        label="Муниципалитет",
        queryset=Municipality.objects.order_by("name"),
        empty_label="Все",
        required=False,
    )
    status = forms.ChoiceField(label="Школы", choices=Status.CHOICES, required=False)

    def __init__(self, *args, works, **kwargs):
        super().__init__(*args, **kwargs)
        procedures = dict(Procedure.choices)
        self.fields["year"].choices = _unique((work.year, work.year) for work in works)
        self.fields["procedure"].choices = _unique(
            (work.procedure, procedures.get(work.procedure, work.procedure)) for work in works
        )
        self.fields["subject"].choices = sorted(
            _unique((work.subject_id, work.subject) for work in works), key=lambda c: c[1]
        )
        self.fields["grade"].choices = sorted(_unique((work.grade, work.grade) for work in works))


def _unique(pairs):
    return list(dict.fromkeys(pairs))


def chosen_work(works, data):
    """The Work the (cleaned) filters ask for, each missing or wrong value replaced by the
    default: the latest year, ВПР, the first subject and grade it has; None without any work,
    or when the works of the year have none of the chosen subject and grade."""
    candidates = list(works)
    for field, default in (
        ("year", None),
        ("procedure", Procedure.VPR),
        ("subject_id", None),
        ("grade", None),
    ):
        value = data.get(field.removesuffix("_id"))
        present = [getattr(work, field) for work in candidates]
        if value in (None, "") or value not in present:
            if value not in (None, "") and field in ("subject_id", "grade"):
                return None  # a real subject and grade, but not written that year
            value = default if default in present else (present[0] if present else None)
        candidates = [work for work in candidates if getattr(work, field) == value]
    return candidates[0] if candidates else None


def shnor_school_year(year):
    """The school year whose ШНОР list the status filter uses: Y/Y+1 — the list drawn from the
    results of Y, the schools supported next — when it is confirmed, else (Y−1)/Y, the year
    the work was written in. One query."""
    found = SchoolStatus.objects.filter(
        status=SchoolStatus.Status.LOW_RESULTS, school_year__in=[year - 1, year]
    ).aggregate(Max("school_year"))["school_year__max"]
    return found if found is not None else year


def selection_lookups(municipality, status, school_year):
    """``ResultAggregate`` lookups of the chosen schools."""
    lookups = {}
    if municipality:
        lookups["school__municipality"] = municipality
    if status:
        shnor = SchoolStatus.objects.filter(
            school_year=school_year, status=SchoolStatus.Status.LOW_RESULTS
        ).values("school_id")
        chosen = School.objects.filter(pk__in=shnor)
        if status == Status.OTHERS:
            chosen = School.objects.exclude(pk__in=shnor)
        lookups["school__in"] = chosen
    return lookups


# --- The report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportItem:
    """A task's row as the page and the XLSX show it."""

    task: TaskRow
    region: str
    selection: str
    municipalities: tuple[str, ...]
    schools: tuple[str, ...]
    calendar_url: str = ""
    bank_url: str = ""
    practices: tuple[MatchedPractice, ...] = ()


def percent(rate):
    return format_value(rate / 100, PERCENT)


def below_text(unit):
    return (
        f"{unit.name}: {percent(unit.rate)}, "
        f"на {format_difference(unit.below / 100, PERCENT)} ниже региона"
    )


def search_url(skill, kind, **facets):
    """The site search's address for the skill's words among ``kind`` (and the practices'
    facets): the calendar and the bank have no text search of their own."""
    state = SearchState(skill, kind, {name: (value,) for name, value in facets.items() if value})
    return f"{reverse('search')}?{state.url_query()}"


def report_items(work, lookups, min_participants):
    """[ReportItem] of ``work`` for the schools ``lookups`` choose."""
    filters = {
        "year": work.year,
        "procedure": work.procedure,
        "subject_id": work.subject_id,
        "grade": work.grade,
    }
    region = task_results_frame(TaskLevel.REGION, **filters)
    if region.empty:
        return []
    chosen = {**filters, **lookups}
    schools = task_results_frame(TaskLevel.SCHOOL, **chosen)
    municipalities = task_results_frame(TaskLevel.MUNICIPALITY, **chosen)
    selection = task_results_frame(TaskLevel.REGION, **chosen) if lookups else region
    names = School.objects.filter(
        pk__in=ResultAggregate.objects.filter(**chosen).values("school_id")
    ).values_list("pk", "short_name")
    described = describe(
        list(region["task"]), work.year, work.subject_id, work.grade, work.procedure
    )
    rows = task_rows(
        schools,
        municipalities,
        region,
        selection,
        described,
        dict(names),
        min_participants=min_participants,
    )
    level = level_slug(work.grade, EducationLevel.objects.all())
    queries = {
        row.label: SkillQuery(row.skill, work.subject_slug, level)
        for row in rows
        if row.deficit and row.described  # «Задание 7» has no words to search by
    }
    practices = matching_practices(queries.values())
    items = []
    for row in rows:
        query = queries.get(row.label)
        items.append(
            ReportItem(
                task=row,
                region=percent(row.region),
                selection=percent(row.selection),
                municipalities=tuple(map(below_text, row.municipalities)),
                schools=tuple(
                    below_text(unit) + (f" ({unit.municipality})" if unit.municipality else "")
                    for unit in row.schools_below
                ),
                calendar_url=search_url(row.skill, Kind.EVENT) if query else "",
                bank_url=search_url(
                    row.skill, Kind.PRACTICE, subject=work.subject_slug, level=level
                )
                if query
                else "",
                practices=tuple(practices.get(query, ())),
            )
        )
    return items


XLSX_HEADER = [
    "Задание",
    "Умение",
    "Уровень",
    "Максимальный балл",
    "Процент выполнения по региону",
    "Процент выполнения по выбранным школам",
    "Школ",
    "Участников",
    "Дефицит",
    "Муниципалитеты ниже региона",
    "Школы ниже региона",
    "Практики банка",
]


def xlsx_rows(items):
    yield XLSX_HEADER
    for item in items:
        task = item.task
        yield [
            task.label,
            task.skill,
            task.level,
            task.max_points,
            round(task.region, 1),
            round(task.selection, 1),
            task.schools,
            task.participants,
            "да" if task.deficit else "нет",
            "\n".join(item.municipalities),
            "\n".join(item.schools),
            "\n".join(f"{practice.title} — {practice.url}" for practice in item.practices),
        ]


class SkillReportView(AdminScreenMixin, View):
    page_title = "Дефицитные умения"
    header_icon = "table"
    template_name = "skills/admin/report.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_report(request.user):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        works = works_with_task_results()
        asked = ReportForm(request.GET, works=works)
        asked.is_valid()
        data = asked.cleaned_data
        work = chosen_work(works, data)
        year = work.year if work else (works[0].year if works else None)
        school_year = shnor_school_year(year) if year and data.get("status") else year
        items = []
        if work:
            lookups = selection_lookups(data.get("municipality"), data.get("status"), school_year)
            items = report_items(work, lookups, settings.RESULTS_MIN_PARTICIPANTS)
        if request.GET.get("format") == "xlsx" and work:
            return self.xlsx(work, items)
        shown = {
            "year": year,
            "procedure": work.procedure if work else data.get("procedure"),
            "subject": work.subject_id if work else data.get("subject"),
            "grade": work.grade if work else data.get("grade"),
            "municipality": data.get("municipality"),
            "status": data.get("status", ""),
        }
        context = self.get_context_data(
            form=ReportForm(initial=shown, works=works),
            errors=[error for errors in asked.errors.values() for error in errors],
            work=work,
            has_works=bool(works),
            procedure=Procedure(work.procedure).label if work else "",
            narrowed=bool(data.get("municipality") or data.get("status")),
            school_year=f"{school_year}/{school_year + 1}" if school_year else "",
            items=items,
            deficits=sum(item.task.deficit for item in items),
            min_participants=settings.RESULTS_MIN_PARTICIPANTS,
            action_url=reverse("skills_report"),
            xlsx_url=f"{reverse('skills_report')}?{urlencode({**_query(shown), 'format': 'xlsx'})}",
        )
        return TemplateResponse(request, self.template_name, context)

    def xlsx(self, work, items):
        content = xlsx_table(xlsx_rows(items), title="Дефицитные умения")
        name = f"deficitnye-umeniya-{work.year}-{work.subject_slug}-{work.grade}.xlsx"
        return download(content, XLSX_CONTENT_TYPE, name)


def _query(shown):
    """The filters as GET parameters, for the XLSX link."""
    values = {**shown, "municipality": getattr(shown["municipality"], "pk", None)}
    return {name: value for name, value in values.items() if value not in (None, "")}
