"""Fill the database with the portal's demo content; safe to run again."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import attendance, events, indicators, practices, roadmaps, schools, site, skills, support
from demo.users import format_logins

# Loaders run in this order, each taking stdout. The apps' sections come between the shell's
# content and ``site.finish``, which builds the home page and menus from the sections that exist.
LOADERS = [
    site.load,
    schools.load,
    events.load,
    attendance.load,
    roadmaps.load,
    practices.load,
    indicators.load,
    skills.load,
    support.load,
    schools.date_sections,  # after every loader that publishes in the school sections
    site.finish,
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
            for load in LOADERS:
                load(self.stdout)
            # Publishing indexes pages as the loaders go; a rebuild also drops what an earlier
            # load left behind, leaving the index as ``search_index --rebuild`` would.
            call_command("search_index", "--rebuild", stdout=self.stdout)
            skills.match(self.stdout)  # searches the index just rebuilt
        self.stdout.write(self.style.SUCCESS("Демонстрационное содержимое загружено."))
        self.stdout.write(format_logins())
