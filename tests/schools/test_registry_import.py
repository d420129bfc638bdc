"""Import of the school registry, through ``manage.py import_schools`` and the domain module.

The fixtures are small files in the real formats (tests/fixtures/schools); the broken copies are
made from them here.
"""

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from schools.importing import plan_import
from schools.importing.cells import email, kind_from_name, split_packed
from schools.models import (
    Municipality,
    School,
    SchoolCode,
    SchoolPage,
    fisoko_number,
)
from schools.resources import export_registry
from tests.factories import SchoolIndexPageFactory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "schools"
LOGINS = FIXTURES / "school-logins.xlsx"
LOGINS_CSV = FIXTURES / "school-logins.csv"
CONTEXT = FIXTURES / "context-data.xlsx"
CONTEXT_SHEET = "Общая информация об ОО"


def run(path, *options):
    """Run the command; return its output, or raise CommandError with stderr attached."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_schools", str(path), *options, stdout=out, stderr=err)
    except CommandError as error:
        error.stderr = err.getvalue()
        raise
    return out.getvalue()


def run_failing(path, *options):
    with pytest.raises(CommandError) as failure:
        run(path, *options)
    assert failure.value.returncode == 1
    assert "Ничего не сохранено" in str(failure.value)
    return failure.value.stderr


def sheets(path):
    workbook = openpyxl.load_workbook(path)
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook
    }


def write_xlsx(path, sheets_):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets_.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def broken_logins(tmp_path, change):
    """A copy of the logins fixture with its rows changed by ``change(rows)``."""
    rows = sheets(LOGINS)["Лист1"]
    change(rows)
    return write_xlsx(tmp_path / "school-logins.xlsx", {"Лист1": rows})


def registry():
    """Everything the import may change, to prove that a rejected file changed nothing."""
    return (
        list(School.objects.order_by("pk").values()),
        list(SchoolCode.objects.order_by("pk").values()),
        list(Municipality.objects.order_by("pk").values()),
    )


def school(code):
    return School.objects.select_related("municipality").get(codes__code=code)


@pytest.fixture
def logins_imported(db):
    run(LOGINS, "--create-municipalities")


# The good files


@pytest.mark.django_db
def test_logins_file_creates_schools_and_municipalities():
    output = run(LOGINS, "--create-municipalities")

    assert "Школ создано: 7, обновлено: 0" in output
    assert "Муниципалитетов создано: 4" in output
    assert sorted(Municipality.objects.values_list("name", flat=True)) == [
        "Алейский район",
        "Алтайский район",
        "г. Алейск",
        "г. Новоалтайск",
    ]
    lyceum = school("sch224147")
    assert (lyceum.short_name, lyceum.kind, lyceum.municipality.name) == (
        "МБОУ Лицей Алейска",
        School.Kind.LYCEUM,
        "г. Алейск",
    )
    assert school("sch223016").kind == School.Kind.OOSH
    assert school("ksh220002").kind == School.Kind.BOARDING


@pytest.mark.django_db
def test_a_ksh_login_is_not_the_sch_school_of_the_same_number():
    run(LOGINS, "--create-municipalities")

    assert school("ksh220028") != school("sch220028")
    assert school("ksh220028").municipality.name == "г. Новоалтайск"


def test_importing_the_same_file_again_changes_nothing(logins_imported):
    before = registry()

    output = run(LOGINS)

    assert "Школ создано: 0, обновлено: 0, без изменений: 7" in output
    assert "Муниципалитетов создано: 0, обновлено: 0" in output
    assert registry() == before


def test_excel_csv_in_windows_1251_reads_like_the_xlsx(logins_imported):
    output = run(LOGINS_CSV)

    assert "Формат: список логинов школ ФИС ОКО; строк со школами: 7" in output
    assert "Школ создано: 0, обновлено: 0, без изменений: 7" in output


def test_context_file_merges_edu_logins_into_the_schools_of_the_logins_file(logins_imported):
    output = run(CONTEXT, "-v", "2")

    assert "Школ создано: 1, обновлено: 6, без изменений: 0" in output
    assert "Муниципалитетов создано: 0, обновлено: 3" in output
    seventh = school("edu224145")
    assert seventh == school("sch224145")
    assert sorted(seventh.codes.values_list("code", flat=True)) == ["edu224145", "sch224145"]
    assert seventh.short_name == "МБОУ СОШ №7"  # the logins file's short name stays
    assert seventh.full_name.startswith("Муниципальное бюджетное общеобразовательное")
    assert seventh.address == "658130, г. Алейск, ул. Первомайская, 91"
    assert seventh.settlement == School.Settlement.URBAN
    assert seventh.email == "school7@mail.ru"
    assert school("edu224147").email == "licey@mail.ru"
    assert school("edu224147").address == "658130, г. Алейск, ул. Ширшова, 4"
    assert school("edu223022").email == "kashino@mail.ru"
    assert school("edu223022").settlement == School.Settlement.RURAL


def test_context_file_never_imports_the_directors_name(logins_imported):
    run(CONTEXT)

    values = [str(value) for row in School.objects.values() for value in row.values()]
    assert not any("Иванова" in value for value in values)


def test_context_file_teaches_the_municipalities_their_codes_and_names(logins_imported):
    run(CONTEXT)

    aleisk = Municipality.objects.get(name="г. Алейск")
    assert (aleisk.code, aleisk.region, aleisk.names) == (
        "reg22_m061",
        "Алтайский край",
        ["г. Алейск", "город Алейск"],
    )
    assert Municipality.objects.get(name="Алейский район").code == "reg22_m001"
    # The new school of the context file goes where its code now points.
    assert school("edu224296").municipality == aleisk
    assert school("edu224296").kind == School.Kind.OOSH


def test_the_special_municipality_of_boarding_schools_moves_no_school(logins_imported):
    output = run(CONTEXT, "-v", "2")

    assert school("ksh220002").municipality.name == "Алейский район"
    assert not Municipality.objects.filter(code="reg22_m097").exists()
    assert (
        "Строка 7: муниципалитет «reg22_m097 | Специальный муниципалитет Алтайский край» "
        "не найден в реестре"
    ) in output
    assert "Строка 5: адрес электронной почты «borovskaya@mail,ru» не распознан" in output


def test_importing_the_context_file_again_changes_nothing(logins_imported):
    run(CONTEXT)
    before = registry()

    output = run(CONTEXT)

    assert "Школ создано: 0, обновлено: 0, без изменений: 7" in output
    assert registry() == before


@pytest.mark.django_db
def test_context_file_alone_creates_municipalities_from_its_packed_cells():
    output = run(CONTEXT, "--create-municipalities")

    assert "Школ создано: 7" in output
    assert "Муниципалитетов создано: 4" in output
    aleisk = Municipality.objects.get(code="reg22_m061")
    assert (aleisk.name, aleisk.region) == ("город Алейск", "Алтайский край")
    # The short name is question 2, or the name in the «Школа» cell when question 2 is empty.
    assert school("edu224145").short_name == 'МБОУ "СОШ №7"'
    assert school("edu224147").short_name == 'МБОУ "Лицей"'
    assert school("edu224147").kind == School.Kind.LYCEUM


def test_logins_after_context_find_municipalities_by_their_schools(db):
    run(CONTEXT, "--create-municipalities")

    run(LOGINS, "--create-municipalities")

    aleisk = Municipality.objects.get(code="reg22_m061")
    assert "г. Алейск" in aleisk.names
    assert school("sch224145").municipality == aleisk
    assert Municipality.objects.filter(name="г. Новоалтайск").exists()  # for ksh220028
    assert not Municipality.objects.filter(name="г. Алейск").exists()


@pytest.mark.django_db
def test_dry_run_saves_nothing():
    output = run(LOGINS, "--create-municipalities", "--dry-run")

    assert "Будет школ создано: 7" in output
    assert not School.objects.exists()
    assert not Municipality.objects.exists()


def test_provision_option_gives_new_schools_pages_before_it_ends(home, task_queue):
    SchoolIndexPageFactory(parent=home, publish=False)

    output = run(LOGINS, "--create-municipalities", "--provision")

    assert "Страниц школ создано: 7" in output
    assert SchoolPage.objects.count() == 7  # the command does not leave them to the worker
    assert "provision_schools" not in task_queue.names()
    assert school("sch224145").editors_group is not None


@pytest.mark.django_db
def test_provision_option_without_the_schools_page_rejects_the_file():
    errors = run_failing(LOGINS, "--create-municipalities", "--provision")

    assert "на сайте нет страницы «Школы»" in errors
    assert not School.objects.exists()


# Broken copies: row-numbered reasons in Russian, nothing saved


def test_wrong_columns_are_named(logins_imported, tmp_path):
    def rename_columns(rows):
        rows[0] = ["код", "название", "район"]

    before = registry()

    errors = run_failing(broken_logins(tmp_path, rename_columns))

    assert (
        "Строка 1: формат файла не распознан: в первой строке «код», «название», «район»" in errors
    )
    assert "список логинов школ ФИС ОКО: «логин», «имя», «регион»" in errors
    assert registry() == before


def test_a_missing_column_is_named(logins_imported, tmp_path):
    def drop_municipality(rows):
        for row in rows:
            del row[2]

    errors = run_failing(broken_logins(tmp_path, drop_municipality))

    assert "Строка 1: нет столбца «регион» (формат «список логинов школ ФИС ОКО»)" in errors


def test_a_duplicated_code_rejects_the_whole_file(logins_imported, tmp_path):
    def duplicate(rows):
        rows[1][1] = "МБОУ СОШ №7 (новое название)"  # a valid change that must not be saved
        rows.append(list(rows[1]))
        rows.append(["edu223022", "МКОУ Кашинская СОШ", "Алейский район"])

    before = registry()

    errors = run_failing(broken_logins(tmp_path, duplicate))

    assert "Строка 9: логин sch224145 повторяет школу из строки 2" in errors
    assert "Строка 10: логин edu223022 повторяет школу из строки 4" in errors
    assert registry() == before


def test_an_unknown_municipality_is_an_error_unless_creating_is_allowed(logins_imported, tmp_path):
    def add_barnaul_school(rows):
        rows[1][1] = "МБОУ СОШ №7 (новое название)"
        rows.append(["sch224353", "МБОУ СОШ №81", "г. Барнаул"])

    path = broken_logins(tmp_path, add_barnaul_school)
    before = registry()

    errors = run_failing(path)

    assert errors.strip().splitlines() == [
        "Строка 9: муниципалитет «г. Барнаул» не найден в реестре: включите «создавать "
        "отсутствующие муниципалитеты» или добавьте это название в «другие названия» "
        "муниципалитета"
    ]
    assert registry() == before
    assert "Школ создано: 1, обновлено: 1" in run(path, "--create-municipalities")
    assert school("sch224353").municipality.name == "г. Барнаул"


def test_codes_that_are_not_logins_are_rejected_with_excel_row_numbers(logins_imported, tmp_path):
    def spoil_logins(rows):
        rows[2][0] = "Школа №5"
        rows[3][0] = None
        rows.insert(4, [None, None, None])  # a blank row still counts in Excel's numbering
        rows[5][0] = "223016"

    before = registry()

    errors = run_failing(broken_logins(tmp_path, spoil_logins))

    assert errors.strip().splitlines() == [
        "Строка 3: «Школа №5» — не логин школы (ожидается логин ФИС ОКО вида sch223223 или "
        "edu223223)",
        "Строка 4: не указан логин школы (столбец «логин»)",
        "Строка 6: «223016» — не логин школы (ожидается логин ФИС ОКО вида sch223223 или "
        "edu223223)",
    ]
    assert registry() == before


def test_a_row_without_name_or_municipality_is_rejected(db, tmp_path):
    def blank_cells(rows):
        rows[1][1] = None
        rows[2][2] = " "
        rows[3][1] = "Ш" * 256

    errors = run_failing(broken_logins(tmp_path, blank_cells), "--create-municipalities")

    assert "Строка 2: не указано название школы (столбец «имя»)" in errors
    assert "Строка 3: не указан муниципалитет (столбец «регион»)" in errors
    assert "Строка 4: значение «краткое название» (школа) длиннее 255 знаков" in errors
    assert not School.objects.exists()


def test_a_context_row_whose_login_contradicts_its_school_cell(logins_imported, tmp_path):
    workbook = sheets(CONTEXT)
    workbook[CONTEXT_SHEET][3][4] = "edu111111 | МКОУ Кашинская СОШ"

    errors = run_failing(write_xlsx(tmp_path / "context.xlsx", workbook))

    assert (
        "Строка 4: логин «edu223022» не совпадает с кодом в столбце «Школа» «edu111111»" in errors
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "Файл пуст."),
        ("empty.xlsx", b"", "Файл пуст."),
        ("header-only.csv", "логин,имя,регион\n".encode(), "в файле нет ни одной строки со школой"),
        (
            "text.xlsx",
            "логин,имя,регион\nsch224145,МБОУ СОШ №7,г. Алейск\n".encode(),
            "Файл не удалось прочитать как таблицу Excel (XLSX)",
        ),
        ("schools.txt", b"sch224145", "Файлы «.txt» не поддерживаются"),
    ],
)
def test_files_that_are_not_registries(logins_imported, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    before = registry()

    assert message in run_failing(path)
    assert registry() == before


@pytest.mark.django_db
def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="не прочитан"):
        run(tmp_path / "nowhere.xlsx")


# The registry's own export imports back


@pytest.mark.parametrize("format_name", ["xlsx", "csv"])
def test_export_imports_back_unchanged(logins_imported, format_name):
    run(CONTEXT)
    before = registry()
    content, _, filename = export_registry(School.objects.all(), format_name)

    plan = plan_import(content, filename)

    assert plan.errors == []
    assert plan.format_label == "выгрузка реестра школ"
    assert (len(plan.new_schools), len(plan.changed_schools), plan.unchanged) == (0, 0, 8)
    assert plan.changed_municipalities == {}
    assert registry() == before


def test_a_corrected_export_updates_the_school_and_may_move_it(logins_imported, tmp_path):
    content, _, _ = export_registry(School.objects.all(), "xlsx")
    path = tmp_path / "reestr.xlsx"
    path.write_bytes(content)
    rows = sheets(path)["Реестр школ"]
    header = rows[0]
    row = next(row for row in rows if row[0] == "sch224145")
    row[header.index("Сайт")] = "https://school7.example.ru/"
    row[header.index("Тип")] = "гимназия"
    row[header.index("Муниципалитет")] = "Алейский район"
    write_xlsx(path, {"Реестр школ": rows})

    assert "Школ создано: 0, обновлено: 1, без изменений: 6" in run(path)
    seventh = school("sch224145")
    assert seventh.website == "https://school7.example.ru/"
    assert seventh.kind == School.Kind.GYMNASIUM
    assert seventh.municipality.name == "Алейский район"


def test_a_corrected_export_with_bad_values_is_rejected(logins_imported, tmp_path):
    content, _, _ = export_registry(School.objects.all(), "xlsx")
    path = tmp_path / "reestr.xlsx"
    path.write_bytes(content)
    rows = sheets(path)["Реестр школ"]
    rows[1][rows[0].index("Тип")] = "колледж"
    rows[2][rows[0].index("Электронная почта")] = "не почта"
    write_xlsx(path, {"Реестр школ": rows})

    errors = run_failing(path)

    assert "Строка 2: «колледж» в столбце «Тип»: допустимо" in errors
    assert "Строка 3: «не почта» — не адрес электронной почты" in errors


# Cells


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("МБОУ СОШ №7", School.Kind.SOSH),
        ('МБОУ "Ракитовская COШ"', School.Kind.SOSH),  # Latin C and O
        ("МБОУ Быстроистокская ОСШ", School.Kind.SOSH),
        ("средняя (полная) общеобразовательная школа", School.Kind.SOSH),
        ("МБОУ Рогозихинская ООШ", School.Kind.OOSH),
        ('МБОУ "О(С)ОШ №6"', None),  # an evening school: no type from the name
        ("МБОУ Гимназия №42", School.Kind.GYMNASIUM),
        ("КГБОУ Алтайский краевой педагогический лицей-интернат", School.Kind.LYCEUM),
        ("КГБОУ Озерская ОШИ", School.Kind.BOARDING),
        ("КГБПОУ Алтайский транспортный техникум", None),
    ],
)
def test_kind_from_name(name, kind):
    assert kind_from_name(name) == kind


@pytest.mark.parametrize(
    ("cell", "address"),
    [
        ("\xa0sch131@inbox.ru", "sch131@inbox.ru"),
        ("https://oskolkovo2018@yandex.ru", "oskolkovo2018@yandex.ru"),
        ("Гимназия №8 <school8.rub@inbox.ru>", "school8.rub@inbox.ru"),
        ("sschull2008@yandex.ru sschull2008@yandex.ru", "sschull2008@yandex.ru"),
        ("petroschool1@mail. ru", "petroschool1@mail.ru"),
        ("ghfdlf8yandex.ru", None),
    ],
)
def test_email_from_a_messy_cell(cell, address):
    assert email(cell) == address


def test_packed_cells_split_into_code_and_name():
    assert split_packed("reg22_m001 | Алейский муниципальный район") == (
        "reg22_m001",
        "Алейский муниципальный район",
    )
    assert split_packed("Алейский район") == ("", "Алейский район")


def test_login_keys():
    assert fisoko_number("sch223223") == fisoko_number(" EDU223223 ") == "223223"
    assert fisoko_number("ksh220028") == "ksh220028"
    assert fisoko_number("Школа №5") is None
