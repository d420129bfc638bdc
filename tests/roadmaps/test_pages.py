"""The public roadmap page, its print version and its XLSX export."""

import datetime
import io
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from roadmaps.importing import parse_roadmap

from .conftest import PERIOD, item, make_roadmap


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_page_shows_sections_items_and_progress(client, roadmap):
    page = soup(client.get(roadmap.url))
    table = page.find("table")
    assert [th.get_text(strip=True) for th in table.select("thead th[scope=col]")] == [
        "№",
        "Мероприятие",
        "Сроки",
        "Ответственные",
        "Ожидаемый результат",
        "Статус",
    ]
    sections = [th.get_text(strip=True) for th in table.select("th[scope=colgroup]")]
    assert sections == ["1. Организационные мероприятия", "2. Методическое сопровождение"]
    assert len(table.select("tbody th[scope=row]")) == 4
    assert "Установочный семинар" in table.get_text()
    assert "1 раз в квартал" in table.get_text()
    assert table.find("a", href="https://example.org/report")
    progress = page.find(class_="roadmap-progress")
    summary = progress.find(class_="roadmap-progress__summary").get_text(" ", strip=True)
    assert summary.startswith("Выполнено 1 из 4 мероприятий (25")
    assert "просрочено — 1" in summary
    assert progress.find("progress")["value"] == "1"


def test_overdue_is_shown_in_words_and_recurring_items_are_never_overdue(client, roadmap):
    rows = soup(client.get(roadmap.url)).select("tr.roadmap-row")
    states = [row.find(class_="roadmap-status").get_text(strip=True) for row in rows]
    # 1.1 done; 1.2 in progress but due 01.11.2023; 2.1 recurring; 2.2 due in 2099.
    assert states == ["Выполнено", "Просрочено", "Запланировано", "Запланировано"]
    # A date written out needs no repeating; a period gets its computed due date.
    assert "Срок выполнения" not in rows[1].get_text(" ", strip=True)


def test_a_period_deadline_shows_its_computed_due_date(client, home):
    page = make_roadmap(home, [item("1", deadline="Январь, февраль 2024")], slug="p")
    row = soup(client.get(page.url)).select_one("tr.roadmap-row").get_text(" ", strip=True)
    assert "Январь, февраль 2024" in row
    assert "Срок выполнения: 29.02.2024" in row


def test_municipal_roadmap_names_its_municipality(client, home):
    from tests.factories import MunicipalityFactory

    municipality = MunicipalityFactory(name="Казачинский район")
    page = make_roadmap(home, level="municipality", municipality=municipality, slug="kaz")
    facts = soup(client.get(page.url)).find(class_="roadmap-facts").get_text(" ", strip=True)
    assert "Муниципальная" in facts
    assert "Казачинский район" in facts


def test_school_roadmap_names_its_school_and_requires_one(client, home):
    from django.core.exceptions import ValidationError

    from roadmaps.models import RoadmapPage
    from tests.factories import SchoolFactory

    school = SchoolFactory(short_name="МОУ «Джатиевская ООШ»")
    page = make_roadmap(home, level="school", school=school, slug="school")
    facts = soup(client.get(page.url)).find(class_="roadmap-facts").get_text(" ", strip=True)
    assert "Школа МОУ «Джатиевская ООШ»" in facts
    with pytest.raises(ValidationError):
        RoadmapPage(
            title="Без школы", level="school", period_start=PERIOD[0], period_end=PERIOD[1]
        ).clean()


def test_print_version_has_the_table_and_a_link_from_the_page(client, roadmap):
    page = soup(client.get(roadmap.url))
    link = page.find("a", string="Версия для печати")
    printable = soup(client.get(link["href"]))
    assert printable.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert len(printable.select("tr.roadmap-row")) == 4
    assert printable.find("a", string="Вернуться к дорожной карте")["href"] == roadmap.url


def test_xlsx_export_reimports_to_the_same_items(client, roadmap):
    response = client.get(roadmap.url + "xlsx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="amur.xlsx"' in response["Content-Disposition"]
    parsed = parse_roadmap("amur.xlsx", response.content, PERIOD)
    assert parsed.errors == []
    fields = ("number", "deadline", "status", "section")
    exported = [tuple(row[field] for field in fields) for row in parsed.rows]
    saved = list(roadmap.items.values_list(*fields))
    assert exported == saved


def test_xlsx_export_is_named_after_a_cyrillic_slug(client, home):
    roadmap = make_roadmap(home, [item("1.1")], slug="дорожная-карта")
    response = client.get(roadmap.url + "xlsx/")
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('дорожная-карта.xlsx')}"
    )


def test_xlsx_export_writes_typed_texts_as_text_never_as_formulas(client, home):
    roadmap = make_roadmap(
        home,
        [
            item(
                "1",
                '=HYPERLINK("https://evil.example/","Отчёт")',
                "30.09.2023",
                section="@SUM(A1:A9)",
                responsible="+7 (812) 123-45-67",
                participants="- учителя математики",
                expected_result="\x01=1+1",
            )
        ],
        slug="formulas",
    )

    response = client.get(roadmap.url + "xlsx/")

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    section, row = list(sheet.values)[2:4]
    assert section[0] == "'@SUM(A1:A9)"
    assert row[:6] == (
        "1",
        """'=HYPERLINK("https://evil.example/","Отчёт")""",
        "30.09.2023",
        "'+7 (812) 123-45-67",
        "'- учителя математики",
        "'=1+1",
    )
    # Dates stay dates, not texts.
    assert row[9] == datetime.datetime(2023, 9, 30)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_number_of_items(client, home, django_user_model):
    document_evidence = {"evidence_url": "https://example.org/"}
    small = make_roadmap(home, [item(f"1.{n}", **document_evidence) for n in range(3)], slug="s")
    large = make_roadmap(home, [item(f"1.{n}", **document_evidence) for n in range(40)], slug="l")
    client.get("/")  # the first page visited computes the menus the other pages are given
    assert count_queries(client, small.url) == count_queries(client, large.url)
