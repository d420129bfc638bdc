"""Values of programme indicators: typed in the admin, imported from CSV/XLSX, recomputed.

Through the doors users use: the admin over HTTP and the management commands.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import IndicatorValue
from tests.factories import (
    MunicipalityFactory,
    ProgrammeFactory,
    ProgrammeIndicatorFactory,
    SchoolCodeFactory,
)
from tests.indicators.fixtures import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["Показатель", "Год", "Муниципалитет", "Код школы", "Значение", "Примечание"]


@pytest.fixture
def programme():
    programme = ProgrammeFactory(slug="amur")
    ProgrammeIndicatorFactory(programme=programme, code="3.2", short_name="Профилактика")
    ProgrammeIndicatorFactory(programme=programme, code="3.6", computation="positive_dynamics")
    ProgrammeIndicatorFactory(
        programme=programme, code="К1", unit="count", level="municipality", short_name="ШНОР"
    )
    ProgrammeIndicatorFactory(programme=programme, code="Ш1", level="school")
    return programme


@pytest.fixture
def places():
    town = MunicipalityFactory(name="Городской округ Примерный")
    school = SchoolCodeFactory(code="sch220001").school
    return town, school


def stored():
    return sorted(
        (v.indicator.code, v.year, v.municipality_id, v.school_id, str(v.value), v.source)
        for v in IndicatorValue.objects.select_related("indicator")
    )


def test_command_imports_a_cp1251_csv_and_a_second_import_replaces(
    tmp_path, programme, places, capsys
):
    town, school = places
    rows = [
        HEADER,
        ["3.2", "2024", "", "", "62,5 %", "по мониторингу"],
        ["К1", "2024", "Городской округ Примерный", "", "7", ""],
        ["Ш1", "2024", "", "SCH220001", "100", ""],
    ]
    path = write_csv(tmp_path / "values.csv", rows, encoding="cp1251")

    call_command("import_indicator_values", str(path), programme="amur")

    assert "строк 3. Добавлено 3, заменено 0." in capsys.readouterr().out
    assert stored() == [
        ("3.2", 2024, None, None, "62.50", "imported"),
        ("К1", 2024, town.pk, None, "7.00", "imported"),
        ("Ш1", 2024, None, school.pk, "100.00", "imported"),
    ]

    rows[1][4] = "70"
    call_command(
        "import_indicator_values", str(write_csv(tmp_path / "v2.csv", rows)), programme="amur"
    )
    assert "Добавлено 0, заменено 3." in capsys.readouterr().out
    assert IndicatorValue.objects.count() == 3
    assert IndicatorValue.objects.get(indicator__code="3.2").value == 70


def test_command_reads_xlsx_with_numbers_as_numbers(tmp_path, programme, capsys):
    path = write_xlsx(
        tmp_path / "values.xlsx",
        {"Лист1": [["Показатель", "Год", "Значение"], ["3.2", 2023, 40.5]]},
    )

    call_command("import_indicator_values", str(path), programme="amur")

    assert stored() == [("3.2", 2023, None, None, "40.50", "imported")]


def test_broken_rows_are_refused_with_their_numbers_and_nothing_is_saved(
    tmp_path, programme, places, capsys
):
    rows = [
        HEADER,
        ["3.2", "2024", "", "", "50", ""],  # good, but not saved with the others
        ["9.9", "2024", "", "", "50", ""],
        ["3.6", "2024", "", "", "50", ""],
        ["3.2", "двадцать", "", "", "50", ""],
        ["3.2", "2023", "", "", "много", ""],
        ["3.2", "2022", "", "", "120", ""],
        ["К1", "2024", "", "", "3", ""],
        ["К1", "2024", "Несуществующий район", "", "3", ""],
        ["Ш1", "2024", "", "sch999999", "50", ""],
        ["3.2", "2024", "", "", "55", ""],
        ["3.2", "2021", "Городской округ Примерный", "", "10", ""],
    ]
    path = write_csv(tmp_path / "values.csv", rows)

    with pytest.raises(CommandError, match="ошибок: 10. Ничего не сохранено"):
        call_command("import_indicator_values", str(path), programme="amur")

    errors = capsys.readouterr().err
    for expected in (
        "Строка 3: показателя «9.9» нет в программе.",
        "Строка 4: показатель 3.6 вычисляется по результатам, его не импортируют.",
        "Строка 5: год «двадцать» — не год от 2000 до 2100.",
        "Строка 6: значение «много» — не число.",
        "Строка 7: значение 120 — процент должен быть от 0 до 100.",
        "Строка 8: показатель муниципальный: укажите муниципалитет, без школы.",
        "Строка 9: муниципалитета «Несуществующий район» нет в реестре.",
        "Строка 10: школы с кодом «sch999999» нет в реестре.",
        "Строка 11: повторяет строку 2: оставьте одно значение.",
        "Строка 12: показатель региональный: муниципалитет и школу не указывают.",
    ):
        assert expected in errors
    assert IndicatorValue.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "Файл пуст."),
        ("columns.csv", "Показатель;Значение\n3.2;5\n".encode(), "нет столбцов: «Год»"),
        (
            "zip.xlsx",
            b"PK\x03\x04not really a workbook",
            "Файл не удалось прочитать как таблицу Excel",
        ),
        ("utf16.csv", "Показатель;Год;Значение\n".encode("utf-16"), "кодировка не UTF-8"),
        ("values.txt", b"3.2;2024;5", "Нужен файл CSV или XLSX."),
    ],
)
def test_unreadable_files_are_refused(tmp_path, programme, capsys, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError):
        call_command("import_indicator_values", str(path), programme="amur")

    assert message in capsys.readouterr().err


def test_command_names_the_programmes_when_one_is_unknown(tmp_path, programme):
    with pytest.raises(CommandError, match="Программы «nope» нет. Программы: amur."):
        call_command("import_indicator_values", str(tmp_path / "x.csv"), programme="nope")


def test_dry_run_saves_nothing(tmp_path, programme, capsys):
    path = write_csv(tmp_path / "v.csv", [["Показатель", "Год", "Значение"], ["3.2", "2024", "5"]])
    call_command("import_indicator_values", str(path), programme="amur", dry_run=True)
    assert "было бы добавлено 1" in capsys.readouterr().out
    assert IndicatorValue.objects.count() == 0


# --- The admin ------------------------------------------------------------------------------


def member(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, password="x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def coordinator(client, django_user_model):
    client.force_login(member(django_user_model, "coordinator", "Координаторы"))
    return client


def test_coordinator_imports_values_in_the_admin(coordinator, programme):
    upload = SimpleUploadedFile(
        "values.csv", "Показатель;Год;Значение\n3.2;2024;45\n".encode(), "text/csv"
    )
    response = coordinator.post(
        "/admin/indicators/values/import/",
        {"programme": programme.pk, "file": upload},
        follow=True,
    )

    assert "values.csv: строк 1. Добавлено 1, заменено 0." in response.content.decode()
    assert stored() == [("3.2", 2024, None, None, "45.00", "imported")]


def test_a_refused_upload_lists_the_rows_and_keeps_the_chosen_programme(coordinator, programme):
    other = ProgrammeFactory(title="Муниципальная система", slug="town")
    upload = SimpleUploadedFile(
        "values.csv", "Показатель;Год;Значение\n3.2;2024;abc\n".encode(), "text/csv"
    )
    response = coordinator.post(
        "/admin/indicators/values/import/", {"programme": programme.pk, "file": upload}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Строка 2: значение «abc» — не число." in html
    assert f'<option value="{programme.pk}" selected>' in html
    assert f'<option value="{other.pk}">' in html
    assert IndicatorValue.objects.count() == 0


def test_coordinator_types_a_value_and_cannot_type_a_computed_one(coordinator, programme):
    entered = programme.indicators.get(code="3.2")
    computed = programme.indicators.get(code="3.6")

    response = coordinator.post(
        "/admin/indicatorvalue/new/",
        {"indicator": computed.pk, "year": 2024, "value": "50", "note": ""},
    )
    assert "вычисляются по результатам" in response.content.decode()
    assert IndicatorValue.objects.count() == 0

    response = coordinator.post(
        "/admin/indicatorvalue/new/",
        {"indicator": entered.pk, "year": 2024, "value": "150", "note": ""},
    )
    assert "Процент должен быть от 0 до 100." in response.content.decode()

    response = coordinator.post(
        "/admin/indicatorvalue/new/",
        {"indicator": entered.pk, "year": 2024, "value": "50", "note": ""},
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.source, value.updated_by.username) == ("entered", "coordinator")


def test_recompute_button_writes_the_computed_values(coordinator, programme):
    page = coordinator.get("/admin/indicators/compute/")
    assert "3.6" in page.content.decode()

    response = coordinator.post("/admin/indicators/compute/", follow=True)

    # No ШНОР and no results: nothing to compute, and it says so.
    assert "Показатели пересчитаны: значений — 0." in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/admin/indicators/values/import/", "/admin/indicators/compute/", "/admin/indicatorvalue/"],
)
def test_experts_cannot_reach_the_programme_screens(client, django_user_model, url):
    expert = django_user_model.objects.create_user("expert", password="x")
    expert.groups.add(Group.objects.get(name="Эксперты"))
    client.force_login(expert)

    response = client.get(url)

    assert response.status_code in (302, 403)
    assert IndicatorValue.objects.count() == 0
