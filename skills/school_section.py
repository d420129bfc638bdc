"""The school page's «Умения по заданиям»: for each work of the school's latest year with task
results, what its pupils do well and what to work on against the region, a chart of every task,
and the bank's practices for each skill to work on.

Reads the database in a fixed number of queries, however many works and tasks: the school's,
the municipality's and the region's task results (one each), the subjects, the descriptions
(two), the education levels, and the practices found for all the skills (``skills.matching``,
one). The HTML is kept by the state of all of these (one query), so a visit after a publication
that changed none of them reads only that.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.template.loader import render_to_string

from curriculum.models import EducationLevel, Subject
from indicators.charts.prepared import kept, latest_values
from indicators.charts.svg import ChartData, ChartKind, Series, render
from indicators.models import ImportLog, TaskResult
from indicators.results.privacy import public_minimum
from indicators.results.queries import TaskLevel, task_results_frame
from indicators.results.records import Procedure
from indicators.rules.sentences import PERCENT, format_number, format_value
from practices.models import PreparedBankIndex
from site_cms.templatetags.russian_tags import ru_plural

from .deficits import TaskRates, WorkSkills, school_skills
from .matching import MatchedPractice, SkillQuery, level_slug, matching_practices
from .models import SkillPractice, TaskDescription
from .queries import descriptions_of_year, match_tasks


@dataclass(frozen=True)
class SkillItem:
    task: TaskRates
    rates: str  # the three rates in a sentence
    practices: tuple[MatchedPractice, ...] = ()


@dataclass(frozen=True)
class WorkSection:
    work: WorkSkills
    title: str
    anchor: str
    strong: tuple[SkillItem, ...]
    weak: tuple[SkillItem, ...]
    chart: ChartData | None
    svg: str


def percent(rate):
    """A rate of 0–100 as «42 %»: whole percents, as the protocols give them."""
    return format_value(rate / 100, PERCENT, digits=0)


def points_phrase(points):
    """«15 процентных пунктов»; a fraction takes the genitive: «12,5 процентного пункта»."""
    if points != int(points):
        return f"{format_number(points)} процентного пункта"
    forms = "процентный пункт,процентных пункта,процентных пунктов"
    return f"{format_number(points)} {ru_plural(points, forms)}"


def rates_sentence(task):
    parts = [f"В школе задание выполнено на {percent(task.school)}"]
    if task.municipality is not None:
        parts.append(f"по муниципалитету — на {percent(task.municipality)}")
    if task.region is not None:
        parts.append(f"по региону — на {percent(task.region)}")
    return ", ".join(parts) + "."


def chart_data(work, title):
    """Every task's rate, the school's against the region's, with a sentence saying how many
    tasks the school did better and worse."""
    compared = [task for task in work.tasks if task.region is not None]
    better = sum(task.above_region > 0 for task in compared)
    worse = sum(task.above_region < 0 for task in compared)
    total = len(compared)
    summary = (
        f"{title}: школа выполнила лучше, чем в среднем по региону, {better} "
        f"{ru_plural(better, 'задание,задания,заданий')} из {total}, хуже — {worse}."
    )
    series = [
        Series("Школа", [(task.label, task.school / 100) for task in work.tasks]),
        Series("Регион", [(task.label, _share(task.region)) for task in work.tasks]),
    ]
    return ChartData(
        f"Процент выполнения заданий: {title}",
        series,
        PERCENT,
        summary,
        label_heading="Задание",
        digits=0,
    )


def _share(rate):
    return None if rate is None else rate / 100


def school_skills_html(school, *, low_vision=False, request=None):
    """The section's HTML; "" when the school has no task results. Kept by the state of all it
    shows (``_state``, one query): a drawing after a publication that changed none of it reads
    nothing else. Drawn without keeping while the bank's index was never prepared (no version
    counts the practices' changes yet)."""
    works_state, links = _state(school)
    if links.version is None:
        return _draw(school, works_state, low_vision, request)
    return kept(
        "school-skills-html",
        (works_state, links, minimum_participants(), low_vision),
        lambda: _draw(school, works_state, low_vision, request),
    )


def _draw(school, works_state, low_vision, request):
    works = _works(school, works_state)
    if not works:
        return ""
    slugs = _subject_slugs({work.subject for work in works})
    levels = list(EducationLevel.objects.all())
    queries = {
        (work, task): SkillQuery(
            task.skill, slugs.get(work.subject, ""), level_slug(work.grade, levels)
        )
        for work in works
        for task in work.weak
        if task.described  # «Задание 7» has no words to search by
    }
    practices = matching_practices(queries.values(), request)
    return _render(works, slugs, queries, practices, low_vision)


def _render(works, slugs, queries, practices, low_vision):
    def item(work, task):
        found = practices.get(queries.get((work, task)), ())
        return SkillItem(task, rates_sentence(task), tuple(found))

    sections = []
    for work in works:
        title = f"{work.subject}, {work.grade} класс"
        chart = chart_data(work, title) if work.enough_participants else None
        sections.append(
            WorkSection(
                work=work,
                title=title,
                anchor=f"umeniya-{slugs.get(work.subject, 'predmet')}-{work.grade}",
                strong=tuple(item(work, task) for task in work.strong),
                weak=tuple(item(work, task) for task in work.weak),
                chart=chart,
                svg=render(ChartKind.BAR, chart, low_vision=low_vision) if chart else "",
            )
        )
    return render_to_string(
        "skills/school_skills.html",
        {
            "sections": sections,
            "year": works[0].year,
            "procedure": Procedure(works[0].procedure).label,
            "gap": points_phrase(settings.TASK_DEFICIT_GAP),
            "min_participants": minimum_participants(),
            "low_vision": low_vision,
        },
    )


class LinksState(NamedTuple):
    """What the practices' links depend on: the worker replaces the practices found for the
    skills (new keys), and the bank's index version counts every change of a practice (its
    title, address, publication, restrictions), of a subject and of a level
    (``practices.bank_index.mark_stale``); None while no index was ever prepared."""

    matched: int | None
    matched_count: int
    version: int | None


def _state(school):
    """(What the school's works depend on, ``LinksState``), in one query on indexes only (no
    count over a region's task rows on every request): task rows change by imports, which log
    themselves and insert rows with new keys; saving a description stamps it."""
    *data, matched, matched_count, version = latest_values(
        (TaskResult, "MAX", "id"),
        (ImportLog, "MAX", "id"),
        (TaskDescription, "MAX", "imported_at"),
        (TaskDescription, "COUNT", "id"),
        (SkillPractice, "MAX", "id"),
        (SkillPractice, "COUNT", "id"),
        (PreparedBankIndex, "MAX", "version"),
    )
    works = (school.pk, school.municipality_id, tuple(data), settings.TASK_DEFICIT_GAP)
    return works, LinksState(matched, matched_count, version)


def _works(school, state=None):
    """The school's WorkSkills of its latest year, kept in the cache while the task results and
    descriptions stay as they are (their ``state``: one query tells); else computed
    (``_compute_works``)."""
    state = state or _state(school)[0]
    return kept("school-skills", state, lambda: _compute_works(school))


def _compute_works(school):
    """Three task-result queries (the school's, its municipality's, the region's) in pandas,
    and the descriptions."""
    own = task_results_frame(TaskLevel.SCHOOL, school_id=school.pk)
    if own.empty:
        return []
    year = int(own["year"].max())
    latest = own[own["year"] == year]
    filters = {
        "year": year,
        "procedure__in": sorted(set(latest["procedure"])),
        "subject__name__in": sorted(set(latest["subject"])),
        "grade__in": sorted({int(grade) for grade in latest["grade"]}),
    }
    municipality = task_results_frame(
        TaskLevel.MUNICIPALITY, school__municipality_id=school.municipality_id, **filters
    )
    region = task_results_frame(TaskLevel.REGION, **filters)
    return school_skills(
        latest,
        municipality,
        region,
        _descriptions(latest, year),
        gap=settings.TASK_DEFICIT_GAP,
        min_participants=minimum_participants(),
    )


def weak_skills(school):
    """[(WorkSkills, TaskRates)]: what the school's latest works say to work on (the support
    app's recommendations list them)."""
    return [(work, task) for work in _works(school) for task in work.weak]


def minimum_participants():
    """The page is public: no rates under the public minimum, nor under the rules' own."""
    return max(public_minimum(), settings.RESULTS_MIN_PARTICIPANTS)


def _descriptions(latest, year):
    """{(procedure, subject, grade): {label: TaskInfo}} of the works in ``latest``: two queries
    (task results exist for ВПР only, so one procedure)."""
    works = latest.groupby(["procedure", "subject", "grade"], sort=False)["task"]
    labels = {key: list(tasks) for key, tasks in works}
    found = {}
    for procedure in {procedure for procedure, _subject, _grade in labels}:
        descriptions = descriptions_of_year(year, procedure).filter(
            subject__name__in={subject for _procedure, subject, _grade in labels},
            grade__in={grade for _procedure, _subject, grade in labels},
        )
        for description in descriptions.select_related("subject"):
            key = (procedure, description.subject.name, description.grade)
            if key in labels:
                found[key] = match_tasks(labels[key], description.tasks.all())
    return found


def _subject_slugs(names):
    return dict(Subject.objects.filter(name__in=names).values_list("name", "slug"))
