"""A roadmap import is bounded before it reads the file, and a CSV that Python's csv module cannot
split is refused with its line: through ``import_roadmap`` and the admin's upload screen."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from roadmaps.models import RoadmapItem
from tests import bombs

from .conftest import csv_bytes, item, make_roadmap
from .test_admin import editor_client
from .test_importing import HEADER

pytestmark = pytest.mark.django_db
__all__ = ["editor_client"]  # a fixture, used by name

CSV_BROKEN = "CSV-файл не удалось разобрать — в ячейке больше 128 КБ текста или кавычка без пары"
CELLS = "В таблице больше 3\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}000 ячеек"
ROW = ["1.1", "Семинар", "сентябрь", "АмИРО", "Итоги"]


def long_cell():
    return csv_bytes([HEADER, ROW, [*ROW[:4], "Итоги " * 30_000]], encoding="utf-8")


def stray_quote():
    return csv_bytes([HEADER], encoding="utf-8") + b'1.2;"' + ";".join(ROW).encode() * 10_000


BROKEN_FILES = [
    ("plan.csv", long_cell, f"Строка 3: {CSV_BROKEN}"),
    ("plan.csv", stray_quote, f"Строка 2: {CSV_BROKEN}"),
    ("plan.xlsx", lambda: bombs.workbook(bombs.far_apart_sheet()), CELLS),
]
IDS = ["a cell over 128 KB", "a quote without its pair", "a cell bomb"]


@pytest.fixture
def page(home):
    return make_roadmap(home, [item("9.9", "Прежнее мероприятие")])


def kept(page):
    return list(RoadmapItem.objects.filter(page=page).values_list("activity", flat=True))


@pytest.mark.parametrize(("name", "build", "message"), BROKEN_FILES, ids=IDS)
def test_the_command_refuses_with_the_reason(page, tmp_path, name, build, message):
    path = tmp_path / name
    path.write_bytes(build())

    with pytest.raises(CommandError) as refused:
        call_command("import_roadmap", page.pk, str(path), stdout=StringIO())

    assert message in str(refused.value)
    assert kept(page) == ["Прежнее мероприятие"]


@pytest.mark.parametrize(("name", "build", "message"), BROKEN_FILES, ids=IDS)
def test_the_upload_shows_the_reason(editor_client, page, name, build, message):
    response = editor_client.post(
        reverse("roadmaps_import", args=[page.pk]), {"file": SimpleUploadedFile(name, build())}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert kept(page) == ["Прежнее мероприятие"]


def test_the_command_refuses_a_file_over_the_size_limit_unread(page, tmp_path, settings):
    settings.IMPORT_MAX_FILE_SIZE = 1024
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([HEADER, *[ROW] * 100], encoding="utf-8"))

    with pytest.raises(CommandError, match=r"Файл слишком большой \(.* КБ\): импорт принимает"):
        call_command("import_roadmap", page.pk, str(path), stdout=StringIO())
