"""What a search result tells besides its title, through HTTP with the database backend: whose
it is, its own date, and where a document known by its title only ranks."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    MaterialFactory,
    PracticePageFactory,
    QualitySectionPageFactory,
    SchoolFactory,
    SchoolIndexPageFactory,
    SchoolPageFactory,
)

pytestmark = pytest.mark.django_db

SECTION = "Повышение качества образования"


@pytest.fixture(autouse=True)
def no_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.SEARCH_RESULTS_CACHE_SECONDS = 0


def results(client, query):
    """(kind and date line, title, context) of each result, in order."""
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return [
        (
            item.select_one(".search-result__kind").get_text(" ", strip=True),
            item.select_one(".search-result__title").get_text(" ", strip=True),
            context.get_text(" ", strip=True)
            if (context := item.select_one(".search-result__context"))
            else "",
        )
        for item in html.select(".search-result")
    ]


def test_sections_that_share_a_title_show_whose_they_are(client, home):
    schools = SchoolIndexPageFactory(parent=home)
    for name in ("МОУ «Лесная СОШ»", "МБОУ «Озёрная ООШ»"):
        school_page = SchoolPageFactory(parent=schools, school=SchoolFactory(short_name=name))
        QualitySectionPageFactory(parent=school_page)

    found = [(title, context) for _kind, title, context in results(client, SECTION)]

    assert sorted(found) == [
        (SECTION, "Школы › МБОУ «Озёрная ООШ»"),
        (SECTION, "Школы › МОУ «Лесная СОШ»"),
    ]


def test_a_practice_names_its_school(client, bank):
    school = SchoolFactory(short_name="МОУ «Речная СОШ»")
    PracticePageFactory(parent=bank, title="Наставничество в паре школ", school=school)

    [(_kind, _title, context)] = results(client, "наставничество")

    assert context == "МОУ «Речная СОШ»"


def test_results_carry_their_own_dates_not_the_day_they_were_indexed(client, home):
    calendar = EventIndexPageFactory(parent=home)
    seminar = EventPageFactory(
        parent=calendar,
        title="Семинар по оцениванию",
        start=timezone.make_aware(datetime.datetime(2025, 3, 14, 10, 0)),
    )
    MaterialFactory(title="Оценивание: слайды", event=seminar)
    found = {title: (kind, context) for kind, title, context in results(client, "оценивание")}

    assert found["Оценивание: слайды"] == (
        "Материалы · 14 марта 2025",
        "Семинар по оцениванию",
    )
    assert found["Семинар по оцениванию"][0] == "События · 14 марта 2025"


def test_a_practice_outranks_a_document_known_by_its_title_only(client, bank):
    MaterialFactory(title="Наставничество", description="")
    PracticePageFactory(
        parent=bank,
        title="Наставничество молодых учителей в сельской школе",
        annotation="Опытные учителя сопровождают молодых коллег весь первый год работы.",
    )

    titles = [title for _kind, title, _context in results(client, "наставничество")]

    assert titles == ["Наставничество молодых учителей в сельской школе", "Наставничество"]
