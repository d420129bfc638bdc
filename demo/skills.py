"""Demo task descriptions and the demo schools' per-task results («дефицитные умения»).

``load`` runs from ``manage.py load_demo`` after ``demo.indicators`` (it needs the demo results).
The descriptions of grades 4 and 5, mathematics and Russian, are CSV tables in
``content/task_descriptions/`` in the layout of ФИС ОКО's (the real works' tasks, levels,
maxima and КЭС/КТ codes, the skills shortened in our own words), loaded by the real importer
for the demo years. Every demo ВПР result of those works then gets task results
(``task_results``), created here: the demo results are not loaded from protocols either. It can
run again: a description of the same years is replaced, and so are the results' tasks; the
demo's descriptions of overlapping years (a load on an earlier day, ``demo.timeline``) go.

``match`` runs after the search index is rebuilt, last: it finds the bank's practices for the
skills at once, as the task worker would once it runs.
"""

from pathlib import Path

from django.db import transaction

from curriculum.models import Subject
from indicators.models import ResultAggregate, TaskResult
from indicators.results.records import Procedure
from site_cms import page_cache
from skills.importing import read_path
from skills.models import SkillPractice, TaskDescription
from skills.service import import_description
from skills.tasks import match_skills

from . import indicators_results as r
from . import task_results
from .indicators import LOG_NAME

FOLDER = Path(__file__).parent / "content" / "task_descriptions"
WORKS = {
    (r.MATHEMATICS, 4): "math-4",
    (r.MATHEMATICS, 5): "math-5",
    (r.RUSSIAN, 4): "russian-4",
    (r.RUSSIAN, 5): "russian-5",
}


def load(stdout):
    with transaction.atomic():
        works = {work: load_description(*work, folder) for work, folder in WORKS.items()}
        count = save_task_results(works)
    # The school pages show the tasks just saved.
    page_cache.invalidate()
    stdout.write(f"Описания проверочных работ: {len(works)}; результатов заданий школ: {count}")


def match(stdout):
    match_skills.call()
    matched = SkillPractice.objects.values("skill_key", "subject", "level").distinct().count()
    stdout.write(f"Умений, к которым подобраны практики банка: {matched}")


def load_description(subject, grade, folder):
    """Import one work's tables for the demo years; its tasks as ``task_results.Task``."""
    work = TaskDescription(
        procedure=Procedure.VPR,
        subject=Subject.objects.get(name=subject),
        grade=grade,
        first_year=r.YEARS[0],
        last_year=r.YEARS[-1],
    )
    # A load on an earlier day described the work for years overlapping these: the importer
    # would refuse the overlap.
    TaskDescription.objects.filter(
        procedure=work.procedure,
        subject=work.subject,
        grade=grade,
        first_year__lte=r.YEARS[-1],
        last_year__gte=r.YEARS[0],
    ).exclude(first_year=r.YEARS[0], last_year=r.YEARS[-1]).delete()
    files = [read_path(path) for path in sorted((FOLDER / folder).glob("*.csv"))]
    report = import_description(files, work)
    if report.refused:
        description = report.description
        problems = description.problems + [p for file in description.files for p in file.problems]
        raise RuntimeError(
            f"Описание {folder} не загружено: {'; '.join(map(str, problems + report.conflicts))}"
        )
    return [
        task_results.Task(task.label, task.max_points, task.level)
        for task in work.tasks.order_by("number")
    ]


def save_task_results(works):
    """Replace the task results of the demo's ВПР results of ``works``; how many were saved."""
    results = ResultAggregate.objects.filter(
        import_log__file_name=LOG_NAME,
        procedure=Procedure.VPR,
        grade__in={grade for _, grade in works},
        subject__name__in={subject for subject, _ in works},
    )
    rows = results.values("pk", "year", "subject__name", "grade", "participants", "mean_score")
    codes = dict(
        results.filter(school__codes__code__startswith="sch").values_list(
            "pk", "school__codes__code"
        )
    )
    generated = task_results.generate(
        [
            {
                "key": row["pk"],
                "school_code": codes[row["pk"]],
                "year": row["year"],
                "subject": row["subject__name"],
                "grade": row["grade"],
                "participants": row["participants"],
                "mean_score": row["mean_score"],
            }
            for row in rows
        ],
        works,
    )
    TaskResult.objects.filter(result__in=results).delete()
    tasks = [
        TaskResult(
            result_id=result_id,
            task=label,
            position=position,
            max_points=maximum,
            participants=participants,
            points=points,
            success_rate=points / (participants * maximum) * 100,
        )
        for result_id, participants in results.values_list("pk", "participants")
        for label, position, maximum, points in generated.get(result_id, [])
    ]
    TaskResult.objects.bulk_create(tasks, batch_size=1000)
    return len(tasks)
