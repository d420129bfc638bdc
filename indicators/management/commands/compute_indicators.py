from django.core.management.base import BaseCommand

from indicators.programme.computing import refresh_computed_values


class Command(BaseCommand):
    help = "Пересчитать показатели программ, которые вычисляются по результатам и статусам."

    def handle(self, **options):
        count = refresh_computed_values()
        self.stdout.write(self.style.SUCCESS(f"Вычислено значений показателей: {count}."))
