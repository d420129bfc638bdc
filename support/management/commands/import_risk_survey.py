"""Import the region's self-diagnosis survey (XLSX): all or nothing; a re-import of the year
replaces the assessments the previous one wrote."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from site_cms.importing import limits
from support.survey import import_survey, parse_survey


class Command(BaseCommand):
    help = (
        "Загрузить анкету самодиагностики школ (XLSX: строка на школу, столбец на фактор риска) "
        "в рисковые профили учебного года."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Файл XLSX")
        parser.add_argument(
            "--year", type=int, required=True, help="Учебный год: 2025 — это 2025/2026"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Только проверить файл, ничего не сохранять"
        )

    def handle(self, *args, file, year, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Файл {file} не найден.")
        try:
            parsed = parse_survey(path.name, limits.read_bytes(path))
        except limits.FileRefused as refused:
            raise CommandError(f"Файл не загружен:\n{refused}") from refused
        if parsed.errors:
            raise CommandError(
                "Файл не загружен, ничего не сохранено:\n" + "\n".join(parsed.errors)
            )
        summary = f"школ: {len(parsed.rows)}, факторов: {len(parsed.factors)}"
        if dry_run:
            self.stdout.write(f"Проверка пройдена, {summary}. Ничего не сохранено.")
            return
        outcome = import_survey(parsed, year)
        self.stdout.write(
            self.style.SUCCESS(
                f"Анкета {year}/{year + 1} загружена: {summary}; сохранено оценок: "
                f"{outcome.saved}, новых профилей: {outcome.created_profiles}, оставлено "
                f"оценок, внесённых вручную: {outcome.kept}."
            )
        )
