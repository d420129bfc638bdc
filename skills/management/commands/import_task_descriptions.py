"""Load a task description («описание проверочной работы») from its ALL, KS and KT tables."""

import argparse
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from curriculum.models import Subject
from indicators.importing.schools import find_subject, subject_index
from indicators.results.records import Procedure
from skills.importing import KIND_NAMES, read_path
from skills.models import TaskDescription
from skills.service import import_description

YEARS = re.compile(r"(\d{4})(?:\s*[-–—]\s*(\d{4}))?")
SUFFIXES = (".xlsx", ".xlsm", ".csv")


def years_option(value):
    """«2022» or «2020-2022»: the years the description applies to."""
    found = YEARS.fullmatch(value.strip())
    if not found:
        raise argparse.ArgumentTypeError("годы — «2022» или «2020-2022»")
    first, last = int(found[1]), int(found[2] or found[1])
    if not 2000 <= first <= last <= 2100:
        raise argparse.ArgumentTypeError("годы — от 2000 до 2100, первый не позже последнего")
    return first, last


def table_paths(paths):
    """The files given, a folder standing for the tables in it (not Excel's «~$» copies)."""
    found = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    child
                    for child in path.iterdir()
                    if child.suffix.lower() in SUFFIXES and not child.name.startswith("~$")
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"Файл не найден: {path}")
    if not found:
        raise CommandError("Нет таблиц описания (XLSX или CSV) среди указанных файлов.")
    return found


class Command(BaseCommand):
    help = (
        "Загружает описание проверочной работы из таблиц ФИС ОКО: ALL (задания) и, по желанию, "
        "KS (КЭС) и KT (КТ) — файлами или папкой с ними. Описание действует в указанные годы; "
        "повторная загрузка для тех же лет заменяет его. Файлы с ошибками не сохраняются."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="+", type=Path, help="ALL.xlsx, KS.xlsx, KT.xlsx или папка"
        )
        parser.add_argument(
            "--year",
            type=years_option,
            required=True,
            help="год или годы, в которые действует описание: 2022 или 2020-2022",
        )
        parser.add_argument("--subject", required=True, help="предмет, например «Математика»")
        parser.add_argument("--grade", type=int, required=True, choices=range(1, 12), metavar="N")
        parser.add_argument("--procedure", choices=Procedure.values, default=Procedure.VPR)
        parser.add_argument(
            "--dry-run", action="store_true", help="только проверить файлы, ничего не сохраняя"
        )

    def handle(self, *, files, year, subject, grade, procedure, dry_run, **options):
        subject_pk = find_subject(subject_index(), subject)
        if subject_pk is None:
            raise CommandError(f"Предмет «{subject}» не найден среди учебных предметов.")
        work = TaskDescription(
            procedure=procedure,
            subject=Subject.objects.get(pk=subject_pk),
            grade=grade,
            first_year=year[0],
            last_year=year[1],
        )
        report = import_description(
            [read_path(path) for path in table_paths(files)], work, dry_run=dry_run
        )
        for file in report.description.files:
            self.stdout.write(f"{file.name}: {self._summary(file)}.")
            for problem in file.problems:
                self.stderr.write(f"  {problem}")
        for problem in [*report.description.problems, *report.conflicts]:
            self.stderr.write(problem)
        if report.refused:
            raise CommandError(f"Описание «{work}» не загружено. Ничего не сохранено.")
        tasks = len(report.description.tasks)
        replaced = f", заменит «{report.replaces}»" if report.replaces else ""
        if dry_run:
            self.stdout.write(
                f"Проверка без сохранения: «{work}», заданий {tasks}{replaced}. "
                "Ничего не сохранено."
            )
            return
        replaced = f", заменено «{report.replaces}»" if report.replaces else ""
        self.stdout.write(
            self.style.SUCCESS(f"Описание «{work}» загружено: заданий {tasks}{replaced}.")
        )

    @staticmethod
    def _summary(file):
        if file.tasks:
            return f"заданий {len(file.tasks)}"
        if file.codes:
            return f"{KIND_NAMES[file.kind]}, кодов {len(file.codes)}"
        return "не прочитан"
