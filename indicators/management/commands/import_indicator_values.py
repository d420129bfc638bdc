from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.importing.indicator_values import import_indicator_values
from indicators.importing.problems import ImportRefused
from indicators.models import Programme


class Command(BaseCommand):
    help = (
        "Импортировать значения показателей программы из CSV или XLSX: столбцы «Показатель», "
        "«Год», «Значение», при необходимости «Муниципалитет», «Код школы», «Примечание»."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--programme", required=True, help="краткое имя программы (например, amur-shnor)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="только проверить файл, ничего не сохраняя"
        )

    def handle(self, *, file, programme, dry_run, **options):
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            known = ", ".join(Programme.objects.values_list("slug", flat=True)) or "нет ни одной"
            raise CommandError(f"Программы «{programme}» нет. Программы: {known}.")
        try:
            report = import_indicator_values(file, found, dry_run=dry_run)
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(
                f"Значения не импортированы, ошибок: {len(refused.problems)}. Ничего не сохранено."
            ) from None
        verb = "Проверка без сохранения: было бы добавлено" if dry_run else "Добавлено"
        self.stdout.write(
            self.style.SUCCESS(
                f"{file.name}: строк {report.rows}. {verb} {report.created}, "
                f"заменено {report.updated}."
            )
        )
