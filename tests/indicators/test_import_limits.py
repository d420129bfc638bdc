"""The imports of indicator values and results are bounded before they read a file.

Through the management commands and the admin's upload screens: workbooks that would take
gigabytes once laid out (the «cell bombs» of the issue: 1.6 MB → 6 million cells took 25 s and
830 MB) are refused with the limit named, within bounded memory and time; a CSV that Python's
csv module cannot split (a cell over 128 KB, a quote without its pair) is refused with its line,
never a server error; the real ФИС ОКО protocols and a summary table of a million rows fit.
"""

import functools
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from bench.results_data import write_summary_csv
from indicators.models import ImportLog, IndicatorValue, ResultAggregate
from site_cms.importing import workbooks
from tests import bombs

from .test_commands import run
from .test_indicator_values import coordinator, programme

pytestmark = pytest.mark.django_db
__all__ = ["coordinator", "programme"]  # fixtures, used by name

MEGABYTE = bombs.MEGABYTE
CELLS = "В таблице больше 3\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}000 ячеек"
DECLARED = "Лист таблицы объявляет диапазон до ячейки XFD1048576"
COMPRESSED = "сжата в"
CSV_BROKEN = "CSV-файл не удалось разобрать — в ячейке больше 128 КБ текста или кавычка без пары"
REAL_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "fisoko-vpr-altai"

BOMBS = {
    # name: (the sheet, what the refusal says)
    "6 million cells compressed a thousand times": (bombs.compressed_cells_sheet, COMPRESSED),
    "4 million cells as Excel writes them": (bombs.referenced_cells_sheet, CELLS),
    "4 million cells without references": (bombs.unreferenced_cells_sheet, CELLS),
    "two cells at A1 and ZZ100000": (bombs.far_apart_sheet, CELLS),
    "the same with a namespace prefix": (functools.partial(bombs.far_apart_sheet, "x:"), CELLS),
    "a sheet that declares A1:XFD1048576": (bombs.declared_sheet, DECLARED),
}


@functools.cache
def bomb(name):
    return bombs.workbook(BOMBS[name][0]())


def bomb_file(tmp_path, name, filename="bomba.xlsx"):
    path = tmp_path / filename
    path.write_bytes(bomb(name))
    return path


@pytest.mark.parametrize("name", BOMBS)
def test_cell_bombs_are_refused_in_bounded_memory_and_time(tmp_path, programme, capsys, name):
    path = bomb_file(tmp_path, name)
    assert path.stat().st_size < 20 * MEGABYTE

    def attempt():
        with pytest.raises(CommandError):
            call_command("import_indicator_values", str(path), programme="amur")

    peak, seconds = bombs.measure(attempt)

    # Before: 830 MB and 25 s for the bomb; the others laid out gigabytes of cells.
    assert peak < 100 * MEGABYTE
    assert seconds < 5
    assert BOMBS[name][1] in capsys.readouterr().err
    assert not IndicatorValue.objects.exists()


def test_import_results_refuses_a_cell_bomb_and_logs_it(tmp_path):
    path = bomb_file(tmp_path, "4 million cells without references", "vpr-2023.xlsx")

    with pytest.raises(CommandError) as refused:
        run("import_results", path, "--scale", "6,10,14")

    assert CELLS in refused.value.stderr
    assert ImportLog.objects.get().status == ImportLog.Status.REFUSED
    assert not ResultAggregate.objects.exists()


def test_the_results_upload_refuses_a_cell_bomb(admin_client):
    upload = SimpleUploadedFile("vpr-2023.xlsx", bomb("two cells at A1 and ZZ100000"))

    response = admin_client.post(reverse("indicators_import"), {"file": upload})

    assert response.status_code == 200
    assert CELLS in response.content.decode()
    assert not ResultAggregate.objects.exists()


def test_the_results_upload_has_a_size_limit(admin_client, settings):
    settings.IMPORT_MAX_FILE_SIZE = 10 * 1024
    upload = SimpleUploadedFile("vpr-2023.xlsx", b"PK\x03\x04" + b"\0" * 20 * 1024)

    response = admin_client.post(reverse("indicators_import"), {"file": upload})

    assert "Файл слишком большой (20 КБ): импорт принимает файлы не больше 10 КБ." in (
        response.content.decode()
    )
    assert not ImportLog.objects.exists()


def test_the_values_upload_refuses_a_cell_bomb(coordinator, programme):
    upload = SimpleUploadedFile("values.xlsx", bomb("a sheet that declares A1:XFD1048576"))

    response = coordinator.post(
        "/admin/indicators/values/import/", {"programme": programme.pk, "file": upload}
    )

    assert response.status_code == 200
    assert DECLARED in response.content.decode()
    assert not IndicatorValue.objects.exists()


def long_cell_csv():
    return 'Показатель;Год;Значение\n3.2;2024;5\n3.2;2025;"{}"\n'.format("7" * 200_000).encode()


def stray_quote_csv():
    rows = "3.2;2024;5\n" * 20_000  # 200 KB after the quote that opens a cell
    return f'Показатель;Год;Значение\n3.2;2023;"5\n{rows}'.encode()


@pytest.mark.parametrize(
    ("content", "line"), [(long_cell_csv(), 3), (stray_quote_csv(), 2)], ids=["long", "quote"]
)
def test_a_csv_the_csv_module_cannot_split_is_refused_with_its_line(
    tmp_path, programme, capsys, coordinator, content, line
):
    path = tmp_path / "values.csv"
    path.write_bytes(content)

    with pytest.raises(CommandError):
        call_command("import_indicator_values", str(path), programme="amur")
    response = coordinator.post(
        "/admin/indicators/values/import/",
        {"programme": programme.pk, "file": SimpleUploadedFile("values.csv", content)},
    )

    assert f"Строка {line}: {CSV_BROKEN}" in capsys.readouterr().err
    assert response.status_code == 200
    assert f"Строка {line}: {CSV_BROKEN}" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_a_summary_csv_longer_than_its_limit_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_SUMMARY_ROWS = 100
    path = tmp_path / "ogje-2023.csv"
    write_summary_csv(path, 150)

    with pytest.raises(CommandError) as refused:
        run("import_results", path, "--format", "summary")

    assert "В таблице больше 100 строк" in refused.value.stderr


def test_the_default_limits_admit_the_benchs_million_rows(tmp_path, settings):
    """A summary CSV of the bench (a million rows, read in chunks) fits its own limits."""
    sample = tmp_path / "sample.csv"
    write_summary_csv(sample, 10_000)
    assert settings.IMPORT_MAX_SUMMARY_ROWS >= 1_000_000
    assert sample.stat().st_size * 100 < settings.IMPORT_MAX_SUMMARY_FILE_SIZE


@pytest.mark.skipif(not REAL_DATA.is_dir(), reason="the real ФИС ОКО files are not here")
def test_the_real_protocols_and_registry_files_fit_the_default_limits():
    for path in sorted(REAL_DATA.glob("*.xlsx")):
        assert path.stat().st_size < 20 * MEGABYTE
        workbooks.check_workbook(path)  # raises FileRefused if not
