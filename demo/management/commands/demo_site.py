"""Point the default Site at the address the demo server runs on; ``make demo`` runs it."""

from django.core.management.base import BaseCommand

from demo.site import serve_on


class Command(BaseCommand):
    help = "Задать адрес сайта по умолчанию: хост и порт, на которых работает демо-сервер."

    def add_arguments(self, parser):
        parser.add_argument("host", help="например, 127.0.0.1")
        parser.add_argument("port", type=int, help="например, 8000")

    def handle(self, *args, **options):
        serve_on(options["host"], options["port"], self.stdout)
