"""Fill the database with the portal's demo content; safe to run again."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from site_cms.demo.users import format_logins

# Loaders run in this order, each a callable taking stdout. Apps add theirs between the shell's
# content and ``finish``, which builds the home page and menus from the sections that exist.
DEMO_LOADERS = [
    "site_cms.demo.load",
    "schools.demo.load",
    "events.demo.load",
    "roadmaps.demo.load",
    "practices.demo.load",
    "indicators.demo.load",
    "site_cms.demo.finish",
    "search.demo.load",
]


class Command(BaseCommand):
    help = "Загрузить демо-содержимое: страницы, изображения, документы, меню, пользователей."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Разрешить загрузку с production-настройками (создаёт пользователей "
            "с известными паролями).",
        )

    def handle(self, *args, **options):
        # Overridden settings (as in tests) have no SETTINGS_MODULE; the environment still does.
        module = settings.SETTINGS_MODULE or os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if module.endswith(".production") and not options["allow_production"]:
            raise CommandError(
                "Демо-данные содержат учётные записи с опубликованными паролями; "
                "с production-настройками запустите с --allow-production, если это намеренно."
            )
        with transaction.atomic():
            for path in DEMO_LOADERS:
                import_string(path)(self.stdout)
        self.stdout.write(self.style.SUCCESS("Демонстрационное содержимое загружено."))
        self.stdout.write(format_logins())
