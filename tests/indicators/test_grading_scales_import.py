"""Grading scales of ВПР imported from a table in the admin: upload → preview → confirm.

Through the door coordinators use: the admin over HTTP.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from curriculum.models import Subject
from indicators.models import GradingScale
from tests.indicators.fixtures import write_xlsx

pytestmark = pytest.mark.django_db

LISTING_URL = "/admin/gradingscale/"
IMPORT_URL = "/admin/indicators/scales/import/"
CONFIRM_URL = "/admin/indicators/scales/import/confirm/"
SESSION_KEY = "indicators_scales_import"
HEADER = "Год;Предмет;Класс;От балла на «3»;От балла на «4»;От балла на «5»;Максимальный балл"


@pytest.fixture
def coordinator(client, django_user_model):
    user = django_user_model.objects.create_user("coordinator", password="x")
    user.groups.add(Group.objects.get(name="Координаторы"))
    client.force_login(user)
    return client


def upload(client, *lines, name="scales.csv"):
    content = "\n".join([HEADER, *lines]).encode()
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content, "text/csv")})


def confirm(client):
    token = client.session[SESSION_KEY]["token"]
    return client.post(CONFIRM_URL, {"token": token}, follow=True)


def stored():
    return sorted(
        (s.year, s.subject.name, s.grade, s.min3, s.min4, s.min5, s.max_score)
        for s in GradingScale.objects.select_related("subject")
    )


def test_a_coordinator_imports_a_years_scales_through_the_preview(coordinator):
    math = Subject.objects.get(name="Математика")
    GradingScale.objects.create(
        year=2024, subject=math, grade=4, min3=1, min4=2, min5=3, max_score=4
    )
    listing = coordinator.get(LISTING_URL).content.decode()
    assert f'href="{IMPORT_URL}"' in listing and "Импорт шкал" in listing

    preview = upload(
        coordinator, "2024;Математика;4;6;10;14;20", "2024;русский язык;5;18;29;39;45"
    ).content.decode()

    assert "Будет добавлено шкал: <b>1</b>, заменено: <b>1</b>" in preview
    assert f'action="{CONFIRM_URL}"' in preview
    assert stored() == [(2024, "Математика", 4, 1, 2, 3, 4)]

    response = confirm(coordinator)

    assert "scales.csv: строк 2. Добавлено 1, заменено 1." in response.content.decode()
    assert stored() == [
        (2024, "Математика", 4, 6, 10, 14, 20),
        (2024, "Русский язык", 5, 18, 29, 39, 45),
    ]


def test_broken_rows_are_refused_with_their_numbers_and_nothing_is_saved(coordinator):
    response = upload(
        coordinator,
        "2024;Математика;4;6;10;14;20",  # good, but not saved with the others
        "2024;Астрология;4;6;10;14;20",
        "2024;Математика;12;6;10;14;20",
        "2024;Математика;5;10;6;14;20",
        "2024;Математика;6;6;10;14;12",
        "2024;Математика;7;шесть;10;14;20",
        "24;Математика;8;6;10;14;20",
        "2024;Математика;4;7;11;15;20",
    )

    html = response.content.decode()
    for expected in (
        "Строка 3: предмета «Астрология» нет среди предметов сайта.",
        "Строка 4: класс «12» — не целое число от 1 до 11.",
        "Строка 5: баллы должны возрастать",
        "Строка 6: баллы должны возрастать",
        "Строка 7: балл на «3» «шесть» — не целое число от 0 до 1000.",
        "Строка 8: год «24» — не год от 2000 до 2100.",
        "Строка 9: повторяет строку 2: оставьте одно значение.",
    ):
        assert expected in html
    assert "Файл не импортирован, ничего не сохранено" in html
    assert SESSION_KEY not in coordinator.session
    assert GradingScale.objects.count() == 0


def test_a_table_without_the_columns_is_refused_as_a_whole(coordinator):
    file = SimpleUploadedFile("scales.csv", "Год;Предмет;Класс\n2024;Математика;4\n".encode())

    html = coordinator.post(IMPORT_URL, {"file": file}).content.decode()

    assert "В заголовке (первая строка) нет столбцов: «От балла на «3»»" in html
    assert GradingScale.objects.count() == 0


def test_an_xlsx_with_numbers_as_numbers_and_other_spellings_of_the_headers(coordinator, tmp_path):
    header = ["Год", "Предмет", "Класс", "На «3»", "На «4»", "На «5»", "Максимум"]
    path = write_xlsx(
        tmp_path / "scales.xlsx", {"ВПР": [header, [2023, "Алгебра", 7, 7, 12, 16, 19]]}
    )

    with open(path, "rb") as file:
        preview = coordinator.post(IMPORT_URL, {"file": file}).content.decode()
    assert "Будет добавлено шкал: <b>1</b>" in preview
    confirm(coordinator)

    assert stored() == [(2023, "Математика", 7, 7, 12, 16, 19)]


@pytest.mark.parametrize("url", [IMPORT_URL, CONFIRM_URL])
def test_experts_cannot_import_scales(client, django_user_model, url):
    expert = django_user_model.objects.create_user("expert", password="x")
    expert.groups.add(Group.objects.get(name="Эксперты"))
    client.force_login(expert)

    assert client.get(url).status_code == 403
    assert client.post(url, {"token": "x"}).status_code == 403
    assert GradingScale.objects.count() == 0
