"""Import assessment results: ФИС ОКО ВПР protocols or summary tables of school results."""

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.importing.service import FORMATS, import_results
from indicators.results.records import Procedure
from indicators.rules.grading import Scale


def scale_option(value):
    """«T3,T4,T5»: the minimum total scores of marks 3, 4 and 5."""
    try:
        scale = Scale.parse(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error
    return (scale.min3, scale.min4, scale.min5)


class Command(BaseCommand):
    help = (
        "Импортирует результаты оценочных процедур: протоколы ВПР из ФИС ОКО или сводные "
        "таблицы результатов школ (CSV, XLSX). Файлы с ошибками не сохраняются целиком."
    )

    # The system checks belong to deploying and migrating; an import would pay a second for them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--format", choices=["auto", *FORMATS], default="auto")
        parser.add_argument("--year", type=int, help="год проведения")
        parser.add_argument("--procedure", choices=Procedure.values, help="процедура")
        parser.add_argument("--subject", help="предмет, например «Математика»")
        parser.add_argument("--grade", type=int, help="класс")
        parser.add_argument(
            "--scale",
            type=scale_option,
            help="шкала ВПР: минимальные баллы на «3», «4», «5» через запятую",
        )
        parser.add_argument(
            "--create-missing-schools",
            action="store_true",
            help="добавлять в реестр школы с неизвестными кодами",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="только проверить файлы, ничего не сохраняя"
        )

    def handle(self, *, files, create_missing_schools, dry_run, **options):
        report = import_results(
            files,
            format=options["format"],
            year=options["year"],
            procedure=options["procedure"],
            subject=options["subject"],
            grade=options["grade"],
            scale=options["scale"],
            create_missing_schools=create_missing_schools,
            dry_run=dry_run,
        )
        for file in report.files:
            self.stdout.write(f"{file.path.name}: {file.format_label or 'формат не определён'}.")
            line = f"  Прочитано результатов школ: {file.rows_read}"
            if not report.refused:
                verb = "будет добавлено" if dry_run else "добавлено"
                line += (
                    f"; {verb}: {file.created}, заменено: {file.updated}, "
                    f"пропущено (нет участников): {file.skipped}"
                )
            self.stdout.write(f"{line}.")
            if file.unknown_codes:
                self.stdout.write(
                    f"  Неизвестные коды школ ({len(file.unknown_codes)}): "
                    + ", ".join(file.unknown_codes)
                )
            if file.schools_created:
                self.stdout.write(f"  Школ добавлено в реестр: {file.schools_created}.")
            for problem in file.problems:
                self.stderr.write(f"  {problem}")
        if report.refused:
            raise CommandError(
                f"Результаты не импортированы, ошибок: {len(report.problems)}. Ничего не сохранено."
            )
        if dry_run:
            self.stdout.write("Проверка без сохранения: ошибок нет, ничего не сохранено.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Импорт завершён: добавлено {report.total('created')}, заменено "
                f"{report.total('updated')}. Время: {report.seconds:.2f} с."
            )
        )
