"""The evidence bank as a visitor sees it, through HTTP: the marks and the school's results on
a practice's page and card, «Как начать», and the comparison of up to four practices."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import ResultAggregate
from indicators.results.privacy import HIDDEN
from tests.factories import MunicipalityFactory, PracticePageFactory, SchoolFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.RESULTS_PUBLIC_MIN_PARTICIPANTS = 10


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text(" ").split())


def result(school, subject, year, grade, participants, mark2, mark4, mark5):
    ResultAggregate.objects.create(
        school=school,
        year=year,
        procedure="VPR",
        subject=subject,
        grade=grade,
        participants=participants,
        mark2=mark2,
        mark3=participants - mark2 - mark4 - mark5,
        mark4=mark4,
        mark5=mark5,
    )


GUIDE = {
    "first_steps": "1. Договориться с учителями\n2. Провести пробный урок",
    "difficulties": "Не хватало времени: листы сократили до половины страницы.",
    "contact": "Заместитель директора по УР, zavuch@example.ru",
}


@pytest.fixture
def school():
    return SchoolFactory(
        short_name="МОУ «СОШ № 7»", municipality=MunicipalityFactory(name="Лесной район")
    )


@pytest.fixture
def practice(bank, school, terms):
    maths, russian, history = (
        terms["subjects"][s] for s in ("matematika", "russkiy-yazyk", "istoriya")
    )
    result(school, maths, 2023, 5, 25, 5, 5, 5)  # «2» 20 %, «4» и «5» 40 %
    result(school, maths, 2025, 5, 40, 2, 14, 4)  # «2» 5 %, «4» и «5» 45 %
    result(school, russian, 2023, 6, 30, 9, 6, 3)  # 30 % / 30 %
    result(school, russian, 2024, 6, 7, 1, 2, 1)  # seven pupils: no shares in public
    result(school, history, 2022, 5, 20, 10, 0, 0)  # not the practice's subject
    result(school, history, 2024, 5, 20, 0, 10, 10)
    return PracticePageFactory(
        parent=bank,
        title="Листы самооценки",
        school=school,
        subjects=[maths, russian],
        start_year=2023,
        teacher_hours_per_month=8,
        materials_cost=30_000,
        results_after=3,
        results_after_unit="weeks",
        evidence_level=1,
        contact_consent=True,
        expert_conclusion="Рекомендуется.",
        expert_conclusion_date=datetime.date(2026, 4, 1),
        **GUIDE,
    )


def test_the_card_shows_the_marks_in_plain_words(client, practice):
    page = soup(client.get(practice.url))
    marks = {text(item.dt): text(item.dd) for item in page.select(".evidence-marks__item")}
    assert marks == {
        "Сила доказательств": "1 из 3 — Результаты измерены до начала практики и после; "
        "с другими классами не сравнивали.",
        "Затраты": "Средние затраты",
        "Первые результаты": "через 3 недели",
    }
    assert "Что нужно: 8 ч работы учителей в месяц; материалы — 30 000 ₽ в год." in text(page.main)


def test_the_card_shows_the_schools_results_before_and_after_the_start(client, practice):
    table = soup(client.get(practice.url)).select_one("table.evidence-results")
    assert "2023/2024 учебный год" in text(table.caption)
    rows = [[text(cell) for cell in row.find_all(["th", "td"])] for row in table.tbody("tr")]
    assert rows == [
        ["ВПР, математика, 5 класс", "2023, 25", "20 % / 40 %", "2025, 40", "5 % / 45 %"],
        ["ВПР, русский язык, 6 класс", "2023, 30", "30 % / 30 %", "2024, 7", HIDDEN],
    ]


def test_new_results_change_the_figures_at_once(client, practice, terms):
    # Read from the stored results on each drawing: an import shows on the next visit.
    maths = terms["subjects"]["matematika"]
    result(practice.school, maths, 2026, 5, 50, 1, 25, 10)  # «2» 2 %, «4» и «5» 70 %
    ResultAggregate.objects.filter(year=2023, grade=6).update(mark2=3)  # «2» 10 %
    table = soup(client.get(practice.url)).select_one("table.evidence-results")
    rows = [[text(cell) for cell in row.find_all(["th", "td"])] for row in table.tbody("tr")]
    assert rows == [
        ["ВПР, математика, 5 класс", "2023, 25", "20 % / 40 %", "2026, 50", "2 % / 70 %"],
        ["ВПР, русский язык, 6 класс", "2023, 30", "10 % / 30 %", "2024, 7", HIDDEN],
    ]


def test_how_to_start_in_order_and_the_contact_only_with_consent(client, practice):
    start = soup(client.get(practice.url)).select_one(".practice-start")
    assert [text(li) for li in start.select("ol li")] == [
        "Договориться с учителями",
        "Провести пробный урок",
    ]
    assert "МОУ «СОШ № 7»: Заместитель директора по УР, zavuch@example.ru" in text(start)
    practice.contact_consent = False
    practice.save_revision().publish()
    assert "zavuch@example.ru" not in client.get(practice.url).content.decode()


def test_a_practice_without_the_marks_says_so(client, bank):
    page = soup(client.get(PracticePageFactory(parent=bank).url))
    marks = [text(item.dd) for item in page.select(".evidence-marks__item")]
    assert marks == ["не оценена экспертами", "не указаны", "срок не указан"]
    assert page.select_one("table.evidence-results") is None


def test_the_bank_card_carries_the_three_marks(client, bank, practice):
    card = soup(client.get(bank.url)).select_one(".practice-card")
    assert text(card.select_one(".practice-card__marks")) == (
        "Доказательства: 1 из 3 · средние затраты · первые результаты через 3 недели"
    )


# --- Comparison --------------------------------------------------------------------------------


# The comparison table's row headings, in order (also read by the browser journey).
COMPARED_ROWS = [
    "Какую проблему решает",
    "Уровень и предметы",
    "Сила доказательств",
    "Затраты",
    "Первые результаты",
    "Результаты",
]


def compare_url(bank):
    return bank.url + "sravnenie/"


def make_practices(bank, count, start=0):
    return [
        PracticePageFactory(
            parent=bank,
            title=f"Практика для сравнения {number}",
            problem=f"Проблема {number}",
            evidence_level=number % 4,
            teacher_hours_per_month=2,
            results_after=number + 1,
            results_after_unit="months",
            start_year=2023,
        )
        for number in range(start, start + count)
    ]


def test_the_bank_form_chooses_practices_to_compare_without_javascript(client, bank):
    make_practices(bank, 2)
    page = soup(client.get(bank.url))
    form = page.select_one("form#compare-form")
    assert form["method"] == "get" and form["action"] == compare_url(bank)
    boxes = page.select("input[type=checkbox][name=p]")
    assert len(boxes) == 2 and all(box["form"] == "compare-form" for box in boxes)
    assert all(page.find("label", attrs={"for": box["id"]}) for box in boxes)


def test_compare_shows_a_table_of_the_chosen_practices(client, bank, practice):
    other = make_practices(bank, 1)[0]
    page = soup(client.get(compare_url(bank), {"p": [practice.pk, other.pk]}))
    table = page.select_one("table.evidence-compare")
    heads = [text(a) for a in table.thead.select("th a")]
    assert heads == ["Листы самооценки", "Практика для сравнения 0"]
    rows = {text(row.th): [text(td) for td in row("td")] for row in table.tbody("tr")}
    assert list(rows) == COMPARED_ROWS
    assert rows["Сила доказательств"][0].startswith("1 из 3 — Результаты измерены")
    assert (
        rows["Сила доказательств"][1]
        == "0 из 3 — Школа описала свой опыт; измеренных результатов пока нет."
    )
    assert rows["Затраты"] == ["Средние затраты (8 ч в месяц)", "Низкие затраты (2 ч в месяц)"]
    assert rows["Первые результаты"] == ["через 3 недели", "через 1 месяц"]
    assert "ВПР, математика, 5 класс: «2» 20 % в 2023 → 5 % в 2025" in rows["Результаты"][0]
    assert "ВПР, русский язык, 6 класс: «2» 30 % в 2023 → — в 2024" in rows["Результаты"][0]


def test_compare_keeps_four_and_ignores_what_is_not_public(client, bank):
    practices = make_practices(bank, 5)
    draft = make_practices(bank, 1, start=9)[0]
    draft.unpublish()
    ids = [draft.pk, "x", *[p.pk for p in practices]]
    page = soup(client.get(compare_url(bank), {"p": ids}))
    heads = [text(a) for a in page.select("table.evidence-compare thead th a")]
    assert heads == [f"Практика для сравнения {n}" for n in range(4)]
    assert "Сравнить можно не больше 4 практик" in text(page.main)


def test_the_page_cache_keeps_the_choice_and_the_sort(client, bank, settings):
    """A visitor's query loses only the parameters no page reads (site_cms.page_cache)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    practices = make_practices(bank, 3)
    page = soup(client.get(compare_url(bank), {"p": [practices[2].pk, practices[1].pk]}))
    heads = [text(a) for a in page.select("table.evidence-compare thead th a")]
    assert heads == ["Практика для сравнения 2", "Практика для сравнения 1"]
    cards = soup(client.get(bank.url, {"sort": "evidence"})).select(".practice-card__title")
    assert text(cards[0]) == "Практика для сравнения 2"  # level 2, the strongest of these


def test_compare_without_a_choice_sends_back_to_the_bank(client, bank):
    page = soup(client.get(compare_url(bank)))
    assert "Практики для сравнения не выбраны" in text(page.main)


def _queries(client, url, params):
    client.get(url, params)  # the first request fills per-site caches, as on a running site
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_compare_queries_do_not_grow_with_the_practices(client, bank, terms):
    practices = make_practices(bank, 4)
    for practice in practices:
        practice.subjects.set([terms["subjects"]["matematika"]])
    two = _queries(client, compare_url(bank), {"p": [p.pk for p in practices[:2]]})
    four = _queries(client, compare_url(bank), {"p": [p.pk for p in practices]})
    assert two == four <= 16


def test_the_practice_page_reads_the_results_in_one_query(client, practice, bank):
    plain = PracticePageFactory(parent=bank, school=practice.school)
    assert _queries(client, practice.url, {}) == _queries(client, plain.url, {}) + 1
