"""Export stored results as open data (CSV or JSON), one row per school result."""

from django.core.management.base import BaseCommand, CommandError

from indicators.importing.schools import subject_index
from indicators.results.exporting import FORMATS, results, results_chunks
from indicators.results.privacy import public_minimum
from indicators.results.records import Procedure
from schools.importing.cells import name_key


class Command(BaseCommand):
    help = (
        "Выгружает результаты школ в CSV или JSON: по строке на школу, процедуру, предмет, класс."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--year", type=int)
        parser.add_argument("--procedure", choices=Procedure.values)
        parser.add_argument("--subject", help="название предмета, например «Математика»")
        parser.add_argument("--grade", type=int)
        parser.add_argument(
            "--private",
            action="store_true",
            help=(
                f"с отметками и средним баллом и там, где участников меньше {public_minimum()}: "
                "для анализа в институте, не для публикации"
            ),
        )

    def handle(self, *, format, year, procedure, subject, grade, private, **options):
        if subject and name_key(subject) not in subject_index():
            raise CommandError(f"Предмет «{subject}» не найден в справочнике учебных предметов.")
        queryset = results(year=year, procedure=procedure, subject=subject, grade=grade)
        for chunk in results_chunks(format, queryset, public=not private):
            self.stdout.write(chunk, ending="")
