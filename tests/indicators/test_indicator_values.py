"""Values of programme indicators: typed in the admin, imported from CSV/XLSX, recomputed.

Through the doors users use: the admin over HTTP and the management commands.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

from indicators.models import IndicatorValue
from site_cms import page_cache
from tests.factories import (
    MunicipalityFactory,
    ProgrammeFactory,
    ProgrammeIndicatorFactory,
    SchoolCodeFactory,
)
from tests.indicators.fixtures import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/indicators/values/import/"
CONFIRM_URL = "/admin/indicators/values/import/confirm/"
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


def test_a_number_too_big_for_the_column_is_refused_with_its_row(
    tmp_path, programme, places, capsys
):
    rows = [
        ["Показатель", "Год", "Муниципалитет", "Значение"],
        ["3.2", "2024", "", "5"],
        ["К1", "2024", "Городской округ Примерный", "1e20"],
    ]
    path = write_csv(tmp_path / "values.csv", rows)

    with pytest.raises(CommandError, match="ошибок: 1. Ничего не сохранено"):
        call_command("import_indicator_values", str(path), programme="amur")

    assert "Строка 3: значение 1e20 — число слишком велико." in capsys.readouterr().err
    assert IndicatorValue.objects.count() == 0


def test_a_row_the_database_refuses_is_named_and_nothing_is_saved(
    tmp_path, programme, capsys, monkeypatch, caplog
):
    save = IndicatorValue.save

    def refuse_2023(value, *args, **kwargs):
        if value.year == 2023:
            raise IntegrityError("database says no")
        return save(value, *args, **kwargs)

    monkeypatch.setattr(IndicatorValue, "save", refuse_2023)
    rows = [["Показатель", "Год", "Значение"], ["3.2", "2024", "5"], ["3.2", "2023", "6"]]
    path = write_csv(tmp_path / "values.csv", rows)

    with pytest.raises(CommandError, match="ошибок: 1. Ничего не сохранено"):
        call_command("import_indicator_values", str(path), programme="amur")

    assert (
        "Строка 3: не удалось сохранить из-за ошибки на сервере: сообщите администратору."
        in capsys.readouterr().err
    )
    assert "database says no" in caplog.text  # the details go to the log, not to the user
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


SESSION_KEY = "indicators_values_import"


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


def upload(client, programme, content, name="values.csv"):
    file = SimpleUploadedFile(name, content.encode(), "text/csv")
    return client.post(IMPORT_URL, {"programme": programme.pk, "file": file})


def confirm(client, **kwargs):
    token = client.session[SESSION_KEY]["token"]
    return client.post(CONFIRM_URL, {"token": token}, **kwargs)


def test_the_upload_form_checks_first_and_has_no_dry_run_box(coordinator, programme):
    listing = coordinator.get("/admin/indicatorvalue/").content.decode()
    assert f'href="{IMPORT_URL}"' in listing and "Импорт значений" in listing

    page = coordinator.get(IMPORT_URL).content.decode()

    assert "Проверить файл" in page
    assert "dry_run" not in page and "Только проверить" not in page


def test_coordinator_imports_values_in_the_admin(coordinator, programme, private_root):
    preview = upload(coordinator, programme, "Показатель;Год;Значение\n3.2;2024;45\n")

    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Будет добавлено значений: <b>1</b>, заменено: <b>0</b>" in html
    assert f'action="{CONFIRM_URL}"' in html
    assert IndicatorValue.objects.count() == 0
    # The upload waits in private storage, not in a temporary folder named in the session.
    assert list(private_root.glob("imports/*/upload/values.csv"))

    response = confirm(coordinator, follow=True)

    assert "values.csv: строк 1. Добавлено 1, заменено 0." in response.content.decode()
    assert stored() == [("3.2", 2024, None, None, "45.00", "imported")]
    assert not list(private_root.glob("imports/*/upload/values.csv"))
    value = IndicatorValue.objects.get()
    assert value.updated_by.username == "coordinator"


def test_the_preview_counts_replaced_values_and_saves_nothing(coordinator, programme):
    indicator = programme.indicators.get(code="3.2")
    IndicatorValue.objects.create(indicator=indicator, year=2023, value=10)

    preview = upload(coordinator, programme, "Показатель;Год;Значение\n3.2;2023;45\n3.2;2024;50\n")

    assert "Будет добавлено значений: <b>1</b>, заменено: <b>1</b>" in preview.content.decode()
    assert stored() == [("3.2", 2023, None, None, "10.00", "entered")]

    response = confirm(coordinator, follow=True)

    assert "строк 2. Добавлено 1, заменено 1." in response.content.decode()
    assert stored() == [
        ("3.2", 2023, None, None, "45.00", "imported"),
        ("3.2", 2024, None, None, "50.00", "imported"),
    ]


def test_the_preview_leaves_public_pages_be_and_the_import_makes_them_stale_once(
    coordinator, programme
):
    before = page_cache.current_generation()

    upload(coordinator, programme, "Показатель;Год;Значение\n3.2;2023;45\n3.2;2024;50\n")
    assert page_cache.current_generation() == before

    confirm(coordinator)
    assert page_cache.current_generation() == before + 1


def test_a_refused_upload_lists_the_rows_and_keeps_the_chosen_programme(
    coordinator, programme, private_root
):
    other = ProgrammeFactory(title="Муниципальная система", slug="town")

    response = upload(coordinator, programme, "Показатель;Год;Значение\n3.2;2024;abc\n")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Строка 2: значение «abc» — не число." in html
    assert "Файл не импортирован, ничего не сохранено" in html
    assert f'<option value="{programme.pk}" selected>' in html
    assert f'<option value="{other.pk}">' in html
    assert IndicatorValue.objects.count() == 0
    assert SESSION_KEY not in coordinator.session
    assert not list(private_root.glob("imports/*"))


def test_the_admin_refuses_every_broken_row_with_its_number(coordinator, programme, places):
    content = "\n".join(
        [
            "Показатель;Год;Муниципалитет;Значение",
            "3.2;2024;;50",
            "3.6;2024;;50",
            "К1;2024;;3",
            "3.2;2024;;55",
        ]
    )

    html = upload(coordinator, programme, content).content.decode()

    for expected in (
        "Строка 3: показатель 3.6 вычисляется по результатам, его не импортируют.",
        "Строка 4: показатель муниципальный: укажите муниципалитет, без школы.",
        "Строка 5: повторяет строку 2: оставьте одно значение.",
    ):
        assert expected in html
    assert "Будет добавлено" not in html
    assert IndicatorValue.objects.count() == 0


def test_confirming_checks_the_file_again(coordinator, programme):
    upload(coordinator, programme, "Показатель;Год;Значение\n3.2;2024;45\n")
    # Between the preview and the confirmation the indicator became a computed one.
    programme.indicators.filter(code="3.2").update(computation="positive_dynamics")

    response = confirm(coordinator)

    html = response.content.decode()
    assert "Строка 2: показатель 3.2 вычисляется по результатам, его не импортируют." in html
    assert f'<option value="{programme.pk}" selected>' in html
    assert IndicatorValue.objects.count() == 0


def test_a_programme_deleted_before_confirming_is_named(coordinator, programme):
    upload(coordinator, programme, "Показатель;Год;Значение\n3.2;2024;45\n")
    programme.delete()

    html = confirm(coordinator).content.decode()

    assert "Программы, выбранной при загрузке, больше нет" in html
    assert IndicatorValue.objects.count() == 0


def test_a_second_confirmation_finds_nothing(coordinator, programme):
    upload(coordinator, programme, "Показатель;Год;Значение\n3.2;2024;45\n")
    token = coordinator.session[SESSION_KEY]["token"]
    coordinator.post(CONFIRM_URL, {"token": token})

    response = coordinator.post(CONFIRM_URL, {"token": token}, follow=True)

    assert "Файл для импорта не найден" in response.content.decode()
    assert IndicatorValue.objects.count() == 1


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
    [IMPORT_URL, CONFIRM_URL, "/admin/indicators/compute/", "/admin/indicatorvalue/"],
)
def test_experts_cannot_reach_the_programme_screens(client, django_user_model, url):
    expert = django_user_model.objects.create_user("expert", password="x")
    expert.groups.add(Group.objects.get(name="Эксперты"))
    client.force_login(expert)

    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"token": "x"}).status_code in (302, 403)
    assert IndicatorValue.objects.count() == 0
