"""Importing a roadmap from XLSX/CSV: the Amur 2023–2024 programme, typed from the document,
and broken files that must be refused whole, with row numbers, saving nothing."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from demo.roadmaps import table_rows
from roadmaps.importing import parse_roadmap
from roadmaps.models import RoadmapItem

from .conftest import PERIOD, csv_bytes, item, make_roadmap, xlsx_bytes

TITLE_ROW = ["Региональная программа поддержки школ с низкими результатами обучения"]
HEADER = ["№", "Мероприятия", "Сроки", "Ответственные", "Прогнозируемый результат"]
AMUR_TABLE = table_rows("amurskaya-oblast-2023-2024")
AMUR_ROWS = [TITLE_ROW, *AMUR_TABLE]
AMUR_SECTIONS = [row[0] for row in AMUR_TABLE if len(row) == 1]
AMUR_DEADLINES = [row[2] for row in AMUR_TABLE[1:] if len(row) > 1]


def amur_file(tmp_path):
    path = tmp_path / "amur-2023-2024.xlsx"
    path.write_bytes(xlsx_bytes(AMUR_ROWS))
    return path


def test_the_amur_programme_parses_into_sections_and_items():
    parsed = parse_roadmap("amur.xlsx", xlsx_bytes(AMUR_ROWS), PERIOD)
    assert parsed.errors == []
    assert len(parsed.rows) == 34
    assert parsed.sections == AMUR_SECTIONS
    assert [row["deadline"] for row in parsed.rows] == AMUR_DEADLINES
    first = parsed.rows[0]
    assert first["number"] == "1.1"
    assert first["responsible"].startswith("Министерство образования и науки Амурской области")
    assert first["expected_result"]


def test_importing_the_amur_programme_keeps_every_deadline_and_dates_the_parseable(home, tmp_path):
    page = make_roadmap(home)
    out = StringIO()
    call_command("import_roadmap", page.pk, str(amur_file(tmp_path)), stdout=out)
    assert "мероприятий: 34, разделов: 4" in out.getvalue()
    items = list(RoadmapItem.objects.filter(page=page))
    assert [saved.deadline for saved in items] == AMUR_DEADLINES
    due = {saved.number: saved.due_date for saved in items}
    assert due["1.1"] == datetime.date(2023, 9, 30)
    assert due["2.7"] == datetime.date(2024, 3, 1)
    assert due["4.5"] == datetime.date(2024, 12, 20)
    assert due["2.4"] is None  # «1 раз в квартал (по графику)»: recurring, text kept
    assert sum(saved.due_date is not None for saved in items) == 33
    page.refresh_from_db()
    assert not page.has_unpublished_changes


def test_reimporting_replaces_the_items_instead_of_adding_to_them(home, tmp_path):
    page = make_roadmap(home, [item("9.9", "Старое мероприятие")])
    path = amur_file(tmp_path)
    call_command("import_roadmap", page.pk, str(path), stdout=StringIO())
    call_command("import_roadmap", page.pk, str(path), stdout=StringIO())
    assert RoadmapItem.objects.filter(page=page).count() == 34
    assert not RoadmapItem.objects.filter(number="9.9").exists()


def test_dry_run_checks_and_saves_nothing(home, tmp_path):
    page = make_roadmap(home)
    out = StringIO()
    call_command("import_roadmap", page.pk, str(amur_file(tmp_path)), "--dry-run", stdout=out)
    assert "Ничего не сохранено" in out.getvalue()
    assert not RoadmapItem.objects.filter(page=page).exists()


@pytest.mark.parametrize(
    ("delimiter", "encoding"), [(";", "cp1251"), (",", "utf-8-sig"), (";", "utf-8")]
)
def test_csv_in_either_encoding_and_delimiter_reads_like_the_xlsx(delimiter, encoding):
    data = csv_bytes(AMUR_ROWS, delimiter=delimiter, encoding=encoding)
    parsed = parse_roadmap("amur.csv", data, PERIOD)
    assert parsed.errors == []
    assert parsed.rows == parse_roadmap("amur.xlsx", xlsx_bytes(AMUR_ROWS), PERIOD).rows


def test_optional_columns_and_section_rows_numbered_like_1_dot():
    rows = [
        [*HEADER, "Участники", "Статус", "Начало", "Окончание"],
        ["1.", "Организационные мероприятия", "", "", "", "", "", "", ""],
        ["1.1", "Семинар", "сентябрь", "АмИРО", "Итоги", "ШНОР", "Выполнено", "", ""],
        ["1.2", "Курсы", "в течение года", "АмИРО", "", "", "в работе", "01.09.2023", "15.12.2023"],
    ]
    parsed = parse_roadmap("plan.csv", csv_bytes(rows), PERIOD)
    assert parsed.errors == []
    first, second = parsed.rows
    assert first["section"] == second["section"] == "1. Организационные мероприятия"
    assert (first["status"], first["participants"]) == ("done", "ШНОР")
    assert first["due_date"] == datetime.date(2023, 9, 30)
    assert second["status"] == "in_progress"
    assert second["due_date"] == datetime.date(2023, 12, 15)  # «Окончание» wins


def test_alternative_header_names_are_understood():
    rows = [
        ["№ п/п", "Мероприятие", "Срок исполнения", "Ответственный", "Ожидаемый результат"],
        ["1", "Совещание", "до 15.03.2024", "ОМСУ", "Протокол"],
    ]
    parsed = parse_roadmap("plan.xlsx", xlsx_bytes(rows), PERIOD)
    assert parsed.errors == []
    assert parsed.rows[0]["due_date"] == datetime.date(2024, 3, 15)
    assert parsed.rows[0]["expected_result"] == "Протокол"


BROKEN_ROWS = [
    TITLE_ROW,
    [*HEADER, "Статус", "Начало", "Окончание"],
    ["1. Организационные мероприятия"],
    ["1.1", "Семинар", "30.09.2023", "АмИРО", "Итоги", "", "01.10.2023", "01.09.2023"],
    ["1.2", "Анализ", "01.11.2023", "АмИРО", "Перечень", "Почти готово", "", ""],
    ["1.3", "", "30.11.2023", "АмИРО", "Рекомендации", "", "", ""],
    ["1.4", "Изучение рисков", "30.11.2023", "АмИРО", "", "", "32.13.2023", ""],
]


def test_a_broken_file_is_refused_with_row_numbered_reasons():
    parsed = parse_roadmap("broken.xlsx", xlsx_bytes(BROKEN_ROWS), PERIOD)
    assert parsed.errors == [
        "Строка 4: окончание раньше начала.",
        "Строка 5: неизвестный статус «Почти готово», возможны «Запланировано», «Выполняется», "
        "«Выполнено».",
        "Строка 6: не заполнено мероприятие.",
        "Строка 7: дата начала «32.13.2023» не в формате ДД.ММ.ГГГГ.",
    ]


def test_a_broken_file_saves_nothing_and_keeps_the_old_items(home, tmp_path):
    page = make_roadmap(home, [item("1.1", "Прежнее мероприятие")])
    path = tmp_path / "broken.xlsx"
    path.write_bytes(xlsx_bytes(BROKEN_ROWS))
    with pytest.raises(CommandError, match="Строка 4: окончание раньше начала"):
        call_command("import_roadmap", page.pk, str(path), stdout=StringIO())
    assert list(RoadmapItem.objects.values_list("activity", flat=True)) == ["Прежнее мероприятие"]


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("empty.xlsx", b"", "Файл пуст."),
        ("empty.csv", b"", "Файл пуст."),
        ("text.xlsx", "№;Мероприятия;Сроки\n".encode(), "Не удалось прочитать файл"),
        ("plan.pdf", b"%PDF-1.4", "Загрузите файл XLSX или CSV."),
        (
            "wrong.xlsx",
            xlsx_bytes([["Имя", "Фамилия"], ["Анна", "Иванова"]]),
            "Не найдена строка заголовков со столбцами «Мероприятия», «Сроки».",
        ),
        (
            "no-deadline.csv",
            csv_bytes([["№", "Мероприятия", "Ответственные"], ["1", "Семинар", "ОМСУ"]]),
            "Строка 1: нет обязательных столбцов: «Сроки».",
        ),
        ("header-only.csv", csv_bytes([HEADER]), "В файле нет ни одного мероприятия."),
    ],
)
def test_unreadable_or_wrong_files_are_refused(name, data, error):
    parsed = parse_roadmap(name, data, PERIOD)
    assert parsed.rows == []
    assert len(parsed.errors) == 1
    assert parsed.errors[0].startswith(error)


def test_without_a_status_column_items_keep_their_status_and_evidence(home, tmp_path):
    page = make_roadmap(
        home,
        [item("1.1", "Семинар", status="done", evidence_url="https://example.org/protocol")],
    )
    call_command("import_roadmap", page.pk, str(amur_file(tmp_path)), stdout=StringIO())
    kept = RoadmapItem.objects.get(page=page, number="1.1")
    assert (kept.status, kept.evidence_url) == ("done", "https://example.org/protocol")
    assert RoadmapItem.objects.get(page=page, number="1.2").status == "planned"


def test_date_cells_of_a_spreadsheet_read_as_written_dates():
    rows = [
        [*HEADER, "Начало"],
        ["1", "Совещание", datetime.date(2024, 3, 15), "ОМСУ", "", datetime.date(2024, 3, 1)],
    ]
    (row,) = parse_roadmap("plan.xlsx", xlsx_bytes(rows), PERIOD).rows
    assert row["deadline"] == "15.03.2024"
    assert row["due_date"] == datetime.date(2024, 3, 15)
    assert row["starts_on"] == datetime.date(2024, 3, 1)
