import datetime
import io

import pytest
from openpyxl import Workbook

from tests.factories import RoadmapPageFactory

PERIOD = (datetime.date(2023, 6, 1), datetime.date(2024, 12, 31))


def xlsx_bytes(rows):
    """An XLSX workbook with ``rows`` on its only sheet."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_bytes(rows, delimiter=";", encoding="cp1251"):
    import csv

    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode(encoding)


def make_roadmap(parent, items=(), **fields):
    """A published RoadmapPage under ``parent`` with ``items`` (dicts of RoadmapItem fields)."""
    # The factory's period is PERIOD.
    page = RoadmapPageFactory(parent=parent, **({"slug": "dorozhnaya-karta"} | fields))
    if items:
        page.replace_items(list(items))
    page.refresh_from_db()
    return page


def item(number, activity="Мероприятие", deadline="30.09.2023", **fields):
    return {"number": number, "activity": activity, "deadline": deadline, **fields}


@pytest.fixture
def roadmap(home):
    return make_roadmap(
        home,
        [
            item(
                "1.1",
                "Установочный семинар",
                "30.09.2023",
                status="done",
                section="1. Организационные мероприятия",
                responsible="ГАУ ДПО «АмИРО»",
            ),
            item(
                "1.2",
                "Анализ результатов",
                "01.11.2023",
                status="in_progress",
                section="1. Организационные мероприятия",
                expected_result="Перечень ШНОР",
            ),
            item(
                "2.1",
                "Семинары по графику",
                "1 раз в квартал",
                section="2. Методическое сопровождение",
                evidence_url="https://example.org/report",
            ),
            item("2.2", "Конференция", "01.12.2099", section="2. Методическое сопровождение"),
        ],
        title="Амурская область: дорожная карта",
        slug="amur",
    )
