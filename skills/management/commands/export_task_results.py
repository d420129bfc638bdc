"""Export the task results of ВПР (CSV or JSON): one row per school, municipality or the region
and task. The contract is in docs/results-formats.md («Результаты заданий: выгрузка»)."""

import itertools
import json
import math
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.importing.schools import subject_index
from indicators.results.queries import TaskLevel, task_results_frame
from indicators.results.records import Procedure
from schools.importing.cells import name_key
from site_cms import exporting

from ...queries import describe_works

EXPORT_COLUMNS = [
    "school_code",
    "municipality",
    "year",
    "procedure",
    "subject",
    "grade",
    "task",
    "max_points",
    "participants",
    "mean_points",
    "success_rate",
    # From the description of the task's work and year (the skill checked, the level Б/П/В):
    # empty where none applies.
    "skill",
    "level",
]
DECIMALS = 4


WORK = ["year", "procedure", "subject", "grade"]


def with_descriptions(frame):
    """``frame`` with the skill and level of every task a description covers."""
    works = {work: list(labels) for work, labels in frame.groupby(WORK, sort=False)["task"]}
    described = describe_works(works)
    infos = [
        described.get((year, procedure, subject, grade), {}).get(task)
        for year, procedure, subject, grade, task in frame[[*WORK, "task"]].itertuples(
            index=False, name=None
        )
    ]
    return frame.assign(
        skill=[info.skill if info else None for info in infos],
        level=[info.level or None if info else None for info in infos],
    )


def rows(frame):
    """Dicts of EXPORT_COLUMNS: empty cells as None, means and rates to DECIMALS places."""
    frame = with_descriptions(frame)
    for values in frame[EXPORT_COLUMNS].itertuples(index=False, name=None):
        row = dict(zip(EXPORT_COLUMNS, values, strict=True))
        for column, value in row.items():
            if isinstance(value, float) and math.isnan(value):
                row[column] = None
            elif hasattr(value, "item"):  # numpy's numbers, which json cannot write
                row[column] = value.item()
        for column in ("mean_points", "success_rate"):
            if row[column] is not None:
                row[column] = round(row[column], DECIMALS)
        yield row


def csv_chunks(frame):
    values = ([row[column] for column in EXPORT_COLUMNS] for row in rows(frame))
    return exporting.csv_chunks(itertools.chain([EXPORT_COLUMNS], values))


def json_chunks(frame):
    """A JSON array of objects, one object a line."""
    yield "["
    separator = "\n"
    for row in rows(frame):
        yield separator + json.dumps(row, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


WRITERS = {"csv": csv_chunks, "json": json_chunks}


class Command(BaseCommand):
    help = (
        "Выгружает результаты заданий ВПР в CSV или JSON: по строке на школу (муниципалитет, "
        "регион) и задание — участники, средний балл, процент выполнения, умение и уровень "
        "из описания работы."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=list(WRITERS), required=True)
        parser.add_argument("--year", type=int)
        parser.add_argument("--procedure", choices=Procedure.values)
        parser.add_argument("--subject", help="название предмета, например «Математика»")
        parser.add_argument("--grade", type=int)
        parser.add_argument(
            "--level",
            choices=TaskLevel.ALL,
            default=TaskLevel.SCHOOL,
            help="по школам (по умолчанию), муниципалитетам или по региону",
        )
        parser.add_argument("--output", type=Path, help="файл; без него — в стандартный вывод")

    def handle(self, *, format, level, output, **options):
        filters = {name: options[name] for name in ("year", "procedure", "grade")}
        filters = {name: value for name, value in filters.items() if value is not None}
        if subject := options["subject"]:
            # Found as the import finds it: other spellings, any case.
            subject_pk = subject_index().get(name_key(subject))
            if subject_pk is None:
                raise CommandError(
                    f"Предмет «{subject}» не найден в справочнике учебных предметов."
                )
            filters["subject_id"] = subject_pk
        chunks = WRITERS[format](task_results_frame(level, **filters))
        if output is None:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        try:
            with open(output, "w", encoding="utf-8", newline="") as file:
                file.writelines(chunks)
        except OSError as error:
            raise CommandError(
                f"Не удалось записать файл {output}: "
                "проверьте, что папка есть и в неё можно писать."
            ) from error
