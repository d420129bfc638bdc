"""A registry import is bounded before it reads the file, and a CSV that Python's csv module
cannot split is refused with its line: through ``import_schools`` and the admin's upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schools.models import School
from tests import bombs

from .test_registry_import import run_failing

pytestmark = pytest.mark.django_db

CSV_BROKEN = "CSV-файл не удалось разобрать — в ячейке больше 128 КБ текста или кавычка без пары"
DECLARED = "Лист таблицы объявляет диапазон до ячейки XFD1048576"
HEADER = "логин;имя;регион\n"


def stray_quote():
    row = "sch224145;МБОУ СОШ №7;г. Алейск\n"
    return (HEADER + '"' + row * 5_000).encode()  # the quote opens a cell of 200 KB


BROKEN_FILES = [
    ("schools.csv", stray_quote, f"Строка 2: {CSV_BROKEN}"),
    ("schools.xlsx", lambda: bombs.workbook(bombs.declared_sheet()), DECLARED),
]
IDS = ["a quote without its pair", "a cell bomb"]


@pytest.mark.parametrize(("name", "build", "message"), BROKEN_FILES, ids=IDS)
def test_the_command_refuses_with_the_reason(tmp_path, name, build, message):
    path = tmp_path / name
    path.write_bytes(build())

    assert message in run_failing(path, "--create-municipalities")
    assert not School.objects.exists()


@pytest.mark.parametrize(("name", "build", "message"), BROKEN_FILES, ids=IDS)
def test_the_upload_shows_the_reason(admin_client, name, build, message):
    response = admin_client.post(
        reverse("school:import"), {"file": SimpleUploadedFile(name, build())}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not School.objects.exists()
