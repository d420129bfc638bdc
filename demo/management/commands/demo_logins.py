"""Print the demo logins and passwords; reads demo.users, never the database."""

from django.core.management.base import BaseCommand

from demo.users import ADMIN_URL, format_logins


class Command(BaseCommand):
    help = "Показать логины и пароли демонстрационных пользователей (база данных не нужна)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--admin-url", default=ADMIN_URL, help=f"По умолчанию {ADMIN_URL}")

    def handle(self, *args, **options):
        self.stdout.write(format_logins(options["admin_url"]))
