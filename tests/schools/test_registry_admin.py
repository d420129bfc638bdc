"""The registry's admin screens through HTTP: listing filters and search, export, the import
steps (upload → preview → confirm), permissions and «Создать страницу школы»."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from schools.importing import plan_import
from schools.models import Municipality, School, SchoolCode, SchoolPage, SchoolStatus
from tests.factories import SchoolIndexPageFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "schools"
INDEX = reverse("school:index")
IMPORT = reverse("school:import")
CONFIRM = reverse("school:import_confirm")


def upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes())


def staff(*codenames):
    """A user who may enter the admin and holds the given schools.* permissions."""
    user = get_user_model().objects.create_user("staff", password="x")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="schools", codename__in=codenames),
    )
    return user


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]


def preview(client, path, **options):
    return client.post(IMPORT, {"file": upload(path), **options})


@pytest.fixture
def registry(db):
    aleisk = Municipality.objects.create(name="г. Алейск", code="reg22_m061")
    district = Municipality.objects.create(name="Алейский район")
    schools = {
        "seventh": School.objects.create(
            short_name="МБОУ СОШ №7", municipality=aleisk, kind=School.Kind.SOSH
        ),
        "lyceum": School.objects.create(
            short_name="МБОУ Лицей Алейска", municipality=aleisk, kind=School.Kind.LYCEUM
        ),
        "kashino": School.objects.create(
            short_name="МКОУ Кашинская СОШ", municipality=district, kind=School.Kind.SOSH
        ),
    }
    SchoolCode.objects.create(school=schools["seventh"], code="sch224145")
    SchoolCode.objects.create(school=schools["seventh"], code="edu224145")
    SchoolCode.objects.create(school=schools["lyceum"], code="sch224147")
    SchoolCode.objects.create(school=schools["kashino"], code="sch223022")
    SchoolStatus.objects.create(
        school=schools["kashino"], school_year=2024, status=SchoolStatus.Status.LOW_RESULTS
    )
    return schools


def listed(client, **params):
    response = client.get(INDEX, params)
    assert response.status_code == 200
    return response.content.decode()


# Listing


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"kind": "лицей"}, ["МБОУ Лицей Алейска"], ["МБОУ СОШ №7", "МКОУ Кашинская СОШ"]),
        ({"status": "shnor"}, ["МКОУ Кашинская СОШ"], ["МБОУ СОШ №7", "МБОУ Лицей Алейска"]),
        ({"q": "лицей"}, ["МБОУ Лицей Алейска"], ["МБОУ СОШ №7", "МКОУ Кашинская СОШ"]),
        ({"q": "кашинская сош"}, ["МКОУ Кашинская СОШ"], ["МБОУ СОШ №7", "МБОУ Лицей Алейска"]),
        ({"q": "223022"}, ["МКОУ Кашинская СОШ"], ["МБОУ СОШ №7", "МБОУ Лицей Алейска"]),
    ],
)
def test_listing_filters_and_search(admin_client, registry, params, shown, hidden):
    html = listed(admin_client, **params)

    assert all(name in html for name in shown)
    assert not any(name in html for name in hidden)


def test_listing_filters_by_municipality(admin_client, registry):
    html = listed(admin_client, municipality=registry["kashino"].municipality_id)

    assert "МКОУ Кашинская СОШ" in html
    assert "МБОУ СОШ №7" not in html


def test_a_school_found_by_two_of_its_logins_is_listed_once(admin_client, registry):
    html = listed(admin_client, q="224145")

    edit_url = reverse("school:edit", args=[registry["seventh"].pk])
    assert html.count(f'<a href="{edit_url}">') == 1


def test_listing_offers_import_export_and_pages(admin_client, registry):
    html = listed(admin_client)

    assert f'href="{IMPORT}"' in html
    assert "?export=xlsx" in html
    assert "?export=csv" in html
    assert html.count("Создать страницу школы") == 3


# Export


def test_export_of_the_filtered_listing(admin_client, registry):
    response = admin_client.get(INDEX, {"export": "csv", "kind": "СОШ"})

    assert response["Content-Type"] == "text/csv"
    assert 'filename="reestr-shkol-' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Логины ФИС ОКО,Краткое название,Полное название,Тип,Муниципалитет,Код муниципалитета,"
        "Адрес,Местность,Сайт,Электронная почта,Телефон"
    )
    assert sorted(lines[1:]) == [
        '"edu224145, sch224145",МБОУ СОШ №7,,СОШ,г. Алейск,reg22_m061,,,,,',
        "sch223022,МКОУ Кашинская СОШ,,СОШ,Алейский район,,,,,,",
    ]


def test_export_writes_imported_texts_as_text_never_as_formulas(admin_client, registry):
    seventh = registry["seventh"]
    seventh.full_name = '=HYPERLINK("https://evil.example/","МБОУ СОШ №7")'
    seventh.phone = "+7 (38553) 2-14-57"
    seventh.address = "@SUM(A1)"
    seventh.save()
    expected = [
        '\'=HYPERLINK("https://evil.example/","МБОУ СОШ №7")',
        "'@SUM(A1)",
        "'+7 (38553) 2-14-57",
    ]

    csv_response = admin_client.get(INDEX, {"export": "csv", "q": "sch224145"})
    xlsx_response = admin_client.get(INDEX, {"export": "xlsx", "q": "sch224145"})

    header, row = csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")))
    columns = [header.index(name) for name in ("Полное название", "Адрес", "Телефон")]
    assert [row[column] for column in columns] == expected
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert [sheet.cell(2, column + 1).value for column in columns] == expected


@pytest.mark.parametrize("format_name", ["xlsx", "csv"])
def test_export_round_trips(admin_client, registry, format_name):
    response = admin_client.get(INDEX, {"export": format_name})

    plan = plan_import(response.content, f"reestr.{format_name}")

    assert plan.errors == []
    assert (len(plan.new_schools), len(plan.changed_schools), plan.unchanged) == (0, 0, 3)


@pytest.mark.parametrize("format_name", ["xlsx", "csv"])
def test_an_export_with_formula_like_texts_imports_back_unchanged(
    admin_client, registry, format_name
):
    seventh = registry["seventh"]
    seventh.phone = "+7 (38553) 2-14-57"
    seventh.address = "-"
    seventh.save()
    response = admin_client.get(INDEX, {"export": format_name})

    plan = plan_import(response.content, f"reestr.{format_name}")

    assert plan.errors == []
    assert (len(plan.new_schools), len(plan.changed_schools), plan.unchanged) == (0, 0, 3)


# Import


def test_preview_then_confirm_creates_the_records(admin_client, db):
    response = preview(admin_client, FIXTURES / "school-logins.xlsx", create_municipalities="on")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Будет создано школ: <b>7</b>" in html
    assert "Новые муниципалитеты (4)" in html
    assert "МБОУ Лицей Алейска" in html
    assert not School.objects.exists()

    response = admin_client.post(CONFIRM, {"token": token_of(response)})

    assert response.status_code == 200
    assert "Школ создано: <b>7</b>" in response.content.decode()
    assert School.objects.count() == 7
    assert Municipality.objects.count() == 4


def test_preview_lists_the_changes_of_known_schools(admin_client, registry):
    response = preview(admin_client, FIXTURES / "context-data.xlsx", create_municipalities="on")

    html = response.content.decode()
    assert "Изменения школ реестра (3)" in html
    assert "новый логин edu224147" in html
    assert "местность: «—» → «городская местность»" in html
    assert "Новые школы (4)" in html
    assert "Новые муниципалитеты (2)" in html
    assert "г. Алейск: регион «Алтайский край», другое название «город Алейск»" in html
    assert "Алейский район: код reg22_m001" in html
    assert "Строка 5: адрес электронной почты «borovskaya@mail,ru» не распознан" in html


def test_a_broken_file_shows_row_errors_and_cannot_be_confirmed(admin_client, registry):
    before = list(School.objects.values())
    broken = SimpleUploadedFile(
        "logins.csv",
        "логин;имя;регион\nsch224145;МБОУ СОШ №7;г. Алейск\nsch224145;Копия;г. Алейск\n"
        "sch999999;Новая школа;г. Барнаул\n".encode("cp1251"),
    )

    response = admin_client.post(IMPORT, {"file": broken})

    html = response.content.decode()
    assert "Файл не импортирован, ничего не сохранено" in html
    assert "Строка 3: логин sch224145 повторяет школу из строки 2" in html
    assert "Строка 4: муниципалитет «г. Барнаул» не найден в реестре" in html
    assert 'name="token"' not in html
    assert admin_client.post(CONFIRM, {"token": "anything"}).status_code == 302
    assert list(School.objects.values()) == before


def test_confirm_needs_the_token_of_the_preview(admin_client, db):
    preview(admin_client, FIXTURES / "school-logins.xlsx", create_municipalities="on")

    response = admin_client.post(CONFIRM, {"token": "forged"}, follow=True)

    assert "Файл для импорта не найден" in response.content.decode()
    assert not School.objects.exists()


def test_confirm_plans_again_against_the_registry_of_the_moment(admin_client, db):
    response = preview(admin_client, FIXTURES / "school-logins.xlsx")
    assert "не найден в реестре" in response.content.decode()  # no municipalities yet
    response = preview(admin_client, FIXTURES / "school-logins.xlsx", create_municipalities="on")
    Municipality.objects.create(name="г. Алейск")  # someone adds one meanwhile

    admin_client.post(CONFIRM, {"token": token_of(response)})

    assert Municipality.objects.count() == 4
    assert School.objects.count() == 7


def test_import_leaves_the_new_schools_pages_to_the_worker(admin_client, home, task_queue):
    SchoolIndexPageFactory(parent=home, publish=False)
    response = preview(
        admin_client,
        FIXTURES / "school-logins.xlsx",
        create_municipalities="on",
        provision="on",
    )

    response = admin_client.post(CONFIRM, {"token": token_of(response)})

    assert "Страницы и разделы новых школ создаются: 7" in response.content.decode()
    assert School.objects.count() == 7
    assert not SchoolPage.objects.exists()  # the request did not wait for them
    assert task_queue.names().count("provision_schools") == 1

    task_queue.run()
    assert SchoolPage.objects.count() == 7
    assert not School.objects.filter(editors_group=None).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "schools.txt",
            b"sch224145",
            "Загрузите файл XLSX или CSV: файлы «.txt» не поддерживаются.",
        ),
        ("schools.xls", b"\xd0\xcf\x11\xe0", "Загрузите файл XLSX или CSV: файлы «.xls»"),
        ("schools.csv", b"", "Отправленный файл пуст."),
    ],
)
def test_upload_accepts_only_xlsx_and_csv(admin_client, db, name, content, message):
    response = admin_client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})

    assert response.status_code == 200
    assert message in response.content.decode()


def test_upload_has_a_size_limit(admin_client, db, monkeypatch):
    monkeypatch.setattr("schools.forms.MAX_UPLOAD_SIZE", 100)

    response = preview(admin_client, FIXTURES / "school-logins.xlsx")

    assert "Файл больше 100" in response.content.decode()


def test_a_text_file_named_xlsx_is_explained(admin_client, db):
    fake = SimpleUploadedFile("schools.xlsx", "логин,имя,регион\n".encode())

    html = admin_client.post(IMPORT, {"file": fake}).content.decode()

    assert "Файл не удалось прочитать как таблицу Excel (XLSX)" in html


@pytest.mark.parametrize("codenames", [["view_school"], ["view_school", "change_school"]])
def test_only_those_who_add_and_change_schools_import(client, registry, codenames):
    client.force_login(staff(*codenames))

    assert f'href="{IMPORT}"' not in listed(client)
    assert client.get(IMPORT).status_code == 403
    path = FIXTURES / "school-logins.xlsx"
    assert client.post(IMPORT, {"file": upload(path)}).status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403


def test_an_editor_of_schools_imports(client, registry):
    client.force_login(staff("view_school", "add_school", "change_school"))

    assert f'href="{IMPORT}"' in listed(client)
    assert "Создавать отсутствующие муниципалитеты" in client.get(IMPORT).content.decode()
    response = preview(client, FIXTURES / "school-logins.xlsx", create_municipalities="on")
    client.post(CONFIRM, {"token": token_of(response)})

    assert School.objects.count() == 7


# «Создать страницу школы»


@pytest.fixture
def school_index(home):
    return SchoolIndexPageFactory(parent=home, publish=False)


def test_provision_one_school_from_its_edit_view(admin_client, registry, school_index):
    seventh = registry["seventh"]
    provision = reverse("school:provision", args=[seventh.pk])
    assert provision in admin_client.get(reverse("school:edit", args=[seventh.pk])).content.decode()
    assert admin_client.get(provision).status_code == 200

    response = admin_client.post(provision)

    assert response.status_code == 302
    page = SchoolPage.objects.get(school=seventh)
    assert page.get_children().count() == 1
    assert (
        provision
        not in admin_client.get(reverse("school:edit", args=[seventh.pk])).content.decode()
    )
    assert listed(admin_client).count("Создать страницу школы") == 2


def test_provision_without_the_schools_page_explains(admin_client, registry):
    provision = reverse("school:provision", args=[registry["seventh"].pk])

    response = admin_client.post(provision, follow=True)

    assert "На сайте нет страницы «Школы»" in response.content.decode()
    assert not SchoolPage.objects.exists()


def test_provision_needs_change_permission(client, registry, school_index):
    client.force_login(staff("view_school"))

    response = client.post(reverse("school:provision", args=[registry["seventh"].pk]))

    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert not SchoolPage.objects.exists()
    assert "Создать страницу школы" not in listed(client)
