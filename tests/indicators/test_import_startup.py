"""What an import pays before it reads: ``manage.py import_results`` from the command line runs
no system checks (deploys and migrations run them), and loading the apps imports no library
that only some pages use (WeasyPrint, openpyxl): every process would pay for it."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import BaseCommand, execute_from_command_line

from indicators.models import ResultAggregate
from tests.factories import SchoolFactory
from tests.indicators.fixtures import SAMPLE, write_2022


@pytest.mark.django_db
def test_the_command_line_import_runs_no_system_checks(tmp_path, capsys):
    for number in ("220001", "220002", "220003"):
        SchoolFactory(code__code=f"sch{number}")
    path = write_2022(tmp_path / "Проведение работы по математике, 4 класс.xlsx", SAMPLE)

    # The command closes the connections when it ends, as in a shell; the test's transaction
    # on PostgreSQL must outlive it.
    with (
        mock.patch.object(BaseCommand, "check", side_effect=AssertionError("checks ran")),
        mock.patch("django.core.management.base.connections.close_all"),
    ):
        execute_from_command_line(
            ["manage.py", "import_results", str(path), "--year", "2022", "--scale", "6,10,14"]
        )

    assert "Импорт завершён" in capsys.readouterr().out
    assert ResultAggregate.objects.count() == 2


def test_loading_the_apps_leaves_the_pdf_and_spreadsheet_writers_unimported():
    """WeasyPrint takes half a second to import and openpyxl a fifth: a management command that
    never typesets nor writes a workbook must not pay for them (``django.setup`` loads every
    app's signals and Wagtail hooks, which reach the modules that use them)."""
    code = (
        "import sys, django; django.setup(); "
        "print(' '.join(m for m in ('weasyprint', 'openpyxl') if m in sys.modules))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert completed.stdout.strip() == ""
