"""A practice's terms link to the bank filtered by them: on its page and on its card in the bank.
Each link is followed as a visitor would, to the bank with that filter chosen."""

import pytest

from tests.factories import MunicipalityFactory, PracticePageFactory, SchoolFactory
from tests.practices.test_pages import soup, text

pytestmark = pytest.mark.django_db

TITLE = "Взаимопосещение уроков"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def practice(bank, terms):
    school = SchoolFactory(municipality=MunicipalityFactory(name="Приозерский район"))
    # Another practice that no filter below keeps: the bank must narrow to ours.
    PracticePageFactory(parent=bank, title="Другая практика", kind="upbringing")
    return PracticePageFactory(
        parent=bank,
        title=TITLE,
        kind="managerial",
        school=school,
        levels=[terms["levels"]["noo"]],
        subjects=[terms["subjects"]["matematika"]],
        directions=[terms["directions"]["nastavnichestvo"]],
        risk_factors=[terms["risk_factors"]["defitsit-kadrov"]],
    )


def follow(client, link):
    """The bank a term's link opens: the chosen filters' chips and the practices found."""
    bank = soup(client.get(link["href"]))
    chips = [text(chip) for chip in bank.select(".practice-chip")]
    titles = [text(title) for title in bank.select(".practice-card__title")]
    return chips, titles


@pytest.mark.parametrize(
    ("fact", "chip"),
    [
        ("Муниципалитет", "Муниципалитет: Приозерский район"),
        ("Уровень образования", "Уровень образования: Начальное общее образование"),
        ("Предметы", "Предмет: Математика"),
        ("Направления", "Направление: Наставничество"),
        ("Факторы риска", "Фактор риска: Дефицит педагогических кадров"),
    ],
)
def test_each_term_on_the_page_opens_the_bank_filtered_by_it(client, practice, fact, chip):
    page = soup(client.get(practice.url))
    row = next(row for row in page.select(".practice-facts > div") if text(row.dt) == fact)
    [link] = row.dd.select("a")

    chips, titles = follow(client, link)

    assert [c.removeprefix("Убрать условие ").removesuffix(" ×") for c in chips] == [chip]
    assert titles == [TITLE]


def test_the_kind_on_the_page_and_on_the_card_opens_the_bank_of_that_kind(client, practice, bank):
    page = soup(client.get(practice.url))
    card = next(c for c in soup(client.get(bank.url)).select(".practice-card") if TITLE in text(c))

    for link in (page.select_one("a.status-badge"), card.select_one("a.status-badge")):
        chips, titles = follow(client, link)
        assert chips == ["Убрать условие Вид практики: управленческая ×"]
        assert titles == [TITLE]


def test_the_municipality_on_the_card_opens_the_bank_of_that_municipality(client, practice, bank):
    card = next(c for c in soup(client.get(bank.url)).select(".practice-card") if TITLE in text(c))
    link = next(a for a in card.select("a") if text(a) == "Приозерский район")

    chips, titles = follow(client, link)

    assert chips == ["Убрать условие Муниципалитет: Приозерский район ×"]
    assert titles == [TITLE]
