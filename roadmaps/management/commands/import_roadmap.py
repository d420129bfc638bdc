"""Import a roadmap's items from an XLSX or CSV file: all or nothing, replacing the old ones."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roadmaps.importing import parse_roadmap
from roadmaps.models import RoadmapPage
from site_cms.importing import limits


class Command(BaseCommand):
    help = "Загрузить мероприятия дорожной карты из файла XLSX или CSV (заменяет прежние)."

    def add_arguments(self, parser):
        parser.add_argument("page_id", type=int, help="ID страницы дорожной карты")
        parser.add_argument("file", help="Файл XLSX или CSV")
        parser.add_argument(
            "--dry-run", action="store_true", help="Только проверить файл, ничего не сохранять"
        )

    def handle(self, *args, page_id, file, dry_run, **options):
        page = RoadmapPage.objects.filter(pk=page_id).first()
        if page is None:
            raise CommandError(f"Дорожная карта с ID {page_id} не найдена.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Файл {file} не найден.")
        try:
            data = limits.read_bytes(path)
        except limits.FileRefused as refused:
            raise CommandError(f"Файл не загружен:\n{refused}") from refused
        parsed = parse_roadmap(path.name, data, page.period)
        if parsed.errors:
            raise CommandError("Файл не загружен:\n" + "\n".join(parsed.errors))
        summary = f"мероприятий: {len(parsed.rows)}, разделов: {len(parsed.sections)}"
        if dry_run:
            self.stdout.write(f"Проверка пройдена, {summary}. Ничего не сохранено.")
            return
        published = page.replace_items(parsed.rows)
        state = "опубликовано" if published else "сохранено в черновике"
        self.stdout.write(self.style.SUCCESS(f"«{page.title}»: загружено {summary}, {state}."))
