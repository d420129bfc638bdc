"""A school's context (settlement, pupils, ОВЗ) read by the registry import from the two sheets
of ФИС ОКО's «Сбор контекстных данных об ОО»: through ``manage.py import_schools`` and the
admin's preview. The files are the registry fixture with the context cells set here."""

import re
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schools.models import SchoolContext
from tests.schools.test_registry_import import run, sheets, write_xlsx

pytestmark = pytest.mark.django_db

CONTEXT = Path(__file__).resolve().parent.parent / "fixtures" / "schools" / "context-data.xlsx"
GENERAL = "Общая информация об ОО"
ACTIVITY = "ОБРАЗОВАТЕЛЬНАЯ ДЕЯТЕЛЬНОСТЬ ОО"
WHERE, SIZE = 20, 21  # columns of the first sheet
# Columns of the second sheet: pupils, then born 2006 (all, ОВЗ), born 2007 (all, ОВЗ).
PUPILS, COHORT_2006, OVZ_2006, COHORT_2007, OVZ_2007 = 16, 17, 18, 19, 20

CITY = "2) Город"
VILLAGE = "4) Населенный пункт сельского типа (поселок, село, деревня, станица, хутор и пр.)"
TOWN = "3) Населенный пункт городского типа (рабочий поселок, поселок городского типа и пр.)"
CENTRE = "1) Административный центр субъекта РФ"

# login → (where, size, pupils, born 2006 and with ОВЗ, born 2007 and with ОВЗ)
SCHOOLS = {
    "edu224145": (CITY, "4) 10–50 тыс. человек", 520, (48, 2), (50, 3)),
    "edu224147": (CENTRE, "8) Более 680 тыс. человек", "1 210", (110, 1), (105, 0)),
    "edu223022": (VILLAGE, "1) Менее 1 тыс. человек", "63", ("7", "1"), ("6", "0")),
    "edu223016": (VILLAGE, "2) 1–5 тыс. человек", 144.0, (15, 3), (None, None)),
    "edu220028": (TOWN, "3) 5–10 тыс. человек", 380, (0, 0), (0, 0)),
    "ksh220002": (VILLAGE, "", 95, (12, 12), (10, 10)),
    "edu224296": (CITY, "4) 10–50 тыс. человек", None, (None, None), (None, None)),
}


def context_file(tmp_path, schools=SCHOOLS, change=None):
    """The fixture with each school's context cells from ``schools``; ``change(workbook)``
    may spoil it further."""
    workbook = sheets(CONTEXT)
    for row in workbook[GENERAL][1:]:
        where, size, *_rest = schools[row[0]]
        row[WHERE], row[SIZE] = where, size
    for row in workbook[ACTIVITY][1:]:
        _where, _size, pupils, (born_2006, ovz_2006), (born_2007, ovz_2007) = schools[row[0]]
        row[PUPILS : OVZ_2007 + 1] = [pupils, born_2006, ovz_2006, born_2007, ovz_2007]
    if change:
        change(workbook)
    return write_xlsx(tmp_path / "context-data.xlsx", workbook)


def _login(context):
    return sorted(code.code for code in context.school.codes.all())[0]


def values(context):
    return (
        context.school_year,
        context.settlement_kind,
        context.population_from,
        context.population_to,
        context.pupils,
        context.ovz_counted,
        context.ovz_pupils,
    )


def test_each_school_gets_its_context_of_the_school_year_the_questions_name(tmp_path):
    output = run(context_file(tmp_path), "--create-municipalities")

    assert (
        "Контекстные данные 2021/2022 учебного года: тип населённого пункта — у 7, размер "
        "населённого пункта — у 6, число обучающихся — у 6, доля обучающихся с ОВЗ — у 5 школ; "
        "новые или изменённые — у 7 школ."
    ) in output
    found = {_login(context): values(context) for context in SchoolContext.objects.all()}
    assert found == {
        "edu224145": (2021, "city", 10, 50, 520, 98, 5),
        "edu224147": (2021, "centre", 680, None, 1210, 215, 1),
        "edu223022": (2021, "village", 0, 1, 63, 13, 1),
        # The year 2007 left empty: the share is of those born in 2006.
        "edu223016": (2021, "village", 1, 5, 144, 15, 3),
        # Nobody of those birth years: no share.
        "edu220028": (2021, "town", 5, 10, 380, None, None),
        "ksh220002": (2021, "village", None, None, 95, 22, 22),
        "edu224296": (2021, "city", 10, 50, None, None, None),
    }
    share = SchoolContext.objects.get(school__codes__code="edu224145").ovz_share
    assert share == pytest.approx(5 / 98)


def test_importing_the_same_file_again_changes_no_context(tmp_path):
    path = context_file(tmp_path)
    run(path, "--create-municipalities")
    before = list(SchoolContext.objects.order_by("pk").values())

    output = run(path)

    assert "новые или изменённые — у 0 школ" in output
    assert list(SchoolContext.objects.order_by("pk").values()) == before


def test_a_later_file_changes_what_it_fills_and_keeps_what_it_leaves_empty(tmp_path):
    run(context_file(tmp_path), "--create-municipalities")
    later = dict(SCHOOLS)
    later["edu224145"] = (CITY, "", 540, (None, None), (None, None))

    output = run(context_file(tmp_path, later))

    assert "новые или изменённые — у 1 школы" in output
    context = SchoolContext.objects.get(school__codes__code="edu224145")
    assert values(context) == (2021, "city", 10, 50, 540, 98, 5)


def test_the_second_sheet_is_joined_by_login_whatever_its_order(tmp_path):
    def reverse_and_drop(workbook):
        header, *rows = workbook[ACTIVITY]
        rows = [row for row in reversed(rows) if row[0] != "edu224147"]
        workbook[ACTIVITY] = [header, *rows]

    run(context_file(tmp_path, change=reverse_and_drop), "--create-municipalities")

    lyceum = SchoolContext.objects.get(school__codes__code="edu224147")
    assert (lyceum.settlement_kind, lyceum.pupils, lyceum.ovz_counted) == ("centre", None, None)
    assert SchoolContext.objects.get(school__codes__code="edu223022").pupils == 63


def test_contradicting_ovz_counts_are_left_out_with_a_warning(tmp_path):
    spoiled = dict(SCHOOLS)
    spoiled["edu223022"] = (VILLAGE, "1) Менее 1 тыс. человек", 63, (7, 9), (6, 1))

    output = run(context_file(tmp_path, spoiled), "--create-municipalities", "-v", "2")

    assert (
        "обучающихся 2006 года рождения с ОВЗ (9) больше, чем всех обучающихся этого года "
        "рождения (7): доля с ОВЗ считается без них"
    ) in output
    context = SchoolContext.objects.get(school__codes__code="edu223022")
    assert (context.ovz_counted, context.ovz_pupils) == (6, 1)


def test_unreadable_answers_are_warnings_and_the_rest_is_kept(tmp_path):
    spoiled = dict(SCHOOLS)
    spoiled["edu223022"] = (VILLAGE, "большое", "много", (7, 1), (6, 0))

    output = run(context_file(tmp_path, spoiled), "--create-municipalities", "-v", "2")

    assert "размер населённого пункта «большое» не распознан" in output
    assert "число обучающихся «много» не распознано" in output
    context = SchoolContext.objects.get(school__codes__code="edu223022")
    assert values(context) == (2021, "village", None, None, None, 13, 1)


def test_without_the_year_in_the_questions_the_upload_date_tells_the_school_year(tmp_path):
    def other_wording(workbook):
        header = workbook[ACTIVITY][0]
        header[PUPILS] = "20. Укажите количество обучающихся в ОО (в сумме по всем классам)"
        header[COHORT_2006] = "21. Общее количество обучающихся 2006 года рождения"
        header[OVZ_2006] = "22. Количество обучающихся 2006 г. р., с ограниченными возможностями"
        header[COHORT_2007] = "23. Общее количество обучающихся 2007 года рождения"
        header[OVZ_2007] = "24. Количество обучающихся 2007 г. р., с ограниченными возможностями"
        workbook[GENERAL][1][5] = "15.10.2023 09:00:00"  # autumn: 2023/2024

    run(context_file(tmp_path, change=other_wording), "--create-municipalities")

    years = dict(
        SchoolContext.objects.values_list("school__codes__code", "school_year").filter(
            school__codes__code__in=["edu224145", "edu224147"]
        )
    )
    assert years == {"edu224145": 2023, "edu224147": 2021}
    assert SchoolContext.objects.get(school__codes__code="edu224147").ovz_counted == 215


def test_a_dry_run_saves_no_context(tmp_path):
    output = run(context_file(tmp_path), "--create-municipalities", "--dry-run")

    assert "новые или изменённые — у 7 школ" in output
    assert not SchoolContext.objects.exists()


def test_the_admin_preview_tells_the_context_it_will_write(admin_client, tmp_path):
    path = context_file(tmp_path)
    response = admin_client.post(
        reverse("school:import"),
        {"file": SimpleUploadedFile(path.name, path.read_bytes()), "create_municipalities": "on"},
    )

    html = response.content.decode()
    assert "число обучающихся — у 6" in html and "новые или изменённые — у 7 школ" in html
    token = re.search(r'name="token" value="([^"]+)"', html)[1]
    admin_client.post(reverse("school:import_confirm"), {"token": token})
    assert SchoolContext.objects.count() == 7


def test_the_fixture_keeps_the_real_headers():
    """The questions are found by their wording: the fixture's headers are the real file's."""
    workbook = openpyxl.load_workbook(CONTEXT, read_only=True)
    header = next(workbook[ACTIVITY].iter_rows(max_row=1, values_only=True))
    assert header[PUPILS].startswith("20. Укажите количество обучающихся в ОО в 2021/2022")
    assert "2007 г. р., обучающихся по АОП, с ограниченными" in header[OVZ_2007]
