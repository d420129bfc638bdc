"""Import the school registry from a ФИС ОКО file or the registry's own export (XLSX, CSV)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools.importing import import_registry
from site_cms.importing import limits


class Command(BaseCommand):
    help = (
        "Импортирует реестр школ из XLSX или CSV: список логинов ФИС ОКО, контекстные данные "
        "об ОО или выгрузку реестра. Файл с ошибками не сохраняется целиком."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--create-municipalities",
            action="store_true",
            help="создавать муниципалитеты, которых нет в реестре",
        )
        parser.add_argument(
            "--provision", action="store_true", help="создать страницы и разделы новых школ"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="только проверить файл, ничего не сохраняя"
        )

    def handle(self, *, file, create_municipalities, provision, dry_run, verbosity, **options):
        try:
            data = limits.read_bytes(file)
        except OSError as error:
            raise CommandError(f"Файл {file} не прочитан: {error.strerror}") from error
        except limits.FileRefused as refused:
            raise CommandError(f"Файл не импортирован: {refused}") from refused
        started = time.perf_counter()
        plan, result = import_registry(
            data,
            file.name,
            create_municipalities=create_municipalities,
            provision=provision,
            provision_later=False,  # the pages exist when the command says so
            dry_run=dry_run,
        )
        seconds = time.perf_counter() - started
        if not plan.is_valid:
            for error in plan.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Файл не импортирован, ошибок: {len(plan.errors)}. Ничего не сохранено."
            )

        self.stdout.write(f"Формат: {plan.format_label}; строк со школами: {plan.rows}.")
        self.stdout.write(f"Предупреждений: {len(plan.warnings)}.")
        if plan.context_summary:
            self.stdout.write(plan.context_summary)
        if verbosity > 1:
            for warning in plan.warnings:
                self.stdout.write(f"  {warning}")
        if dry_run:
            self.stdout.write(
                f"Проверка без сохранения. Будет школ создано: {len(plan.new_schools)}, "
                f"обновлено: {len(plan.changed_schools)}, без изменений: {plan.unchanged}. "
                f"Муниципалитетов создано: {len(plan.new_municipalities)}, "
                f"обновлено: {len(plan.changed_municipalities)}."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Школ создано: {result.created}, обновлено: {result.updated}, "
                f"без изменений: {result.unchanged}. "
                f"Муниципалитетов создано: {result.municipalities_created}, "
                f"обновлено: {result.municipalities_updated}. "
                f"Страниц школ создано: {result.provisioned}. Время: {seconds:.2f} с."
            )
        )
