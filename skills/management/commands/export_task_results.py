"""Export the task results of ВПР (CSV or JSON): one row per school, municipality or the region
and task. The contract is in docs/results-formats.md («Результаты заданий: выгрузка»); the file is
the open-data page's (``indicators.results.exporting.TaskSelection``), whose skill and level
columns this app's descriptions fill through the ``task_descriptions`` hook."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.importing.schools import subject_index
from indicators.results.exporting import FORMATS, TaskSelection
from indicators.results.privacy import public_minimum
from indicators.results.queries import TaskLevel
from indicators.results.records import Procedure
from schools.importing.cells import name_key


class Command(BaseCommand):
    help = (
        "Выгружает результаты заданий ВПР в CSV или JSON: по строке на школу (муниципалитет, "
        "регион) и задание — участники, средний балл, процент выполнения, умение и уровень "
        "из описания работы."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, required=True)
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
        parser.add_argument(
            "--private",
            action="store_true",
            help=(
                f"со средним баллом и процентом выполнения и там, где участников меньше "
                f"{public_minimum()}: для анализа в институте, не для публикации"
            ),
        )
        parser.add_argument("--output", type=Path, help="файл; без него — в стандартный вывод")

    def handle(self, *, format, level, private, output, **options):
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
        chunks = TaskSelection(level, **filters).chunks(format, public=not private)
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
