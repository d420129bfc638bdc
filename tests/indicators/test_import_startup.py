"""What an import pays before it reads: ``manage.py import_results`` from the command line runs
no system checks (deploys and migrations run them)."""

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
