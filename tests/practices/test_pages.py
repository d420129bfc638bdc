"""A practice's page and the home page section, through HTTP, as a visitor sees them."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import PracticeAuthor, PracticeMaterial
from tests.factories import (
    MaterialFactory,
    MunicipalityFactory,
    PracticePageFactory,
    SchoolFactory,
    SchoolIndexPageFactory,
    SchoolPageFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

# A practice page renders within this many queries, however many authors and materials it has.
QUERY_BOUND = 24

DESCRIPTION = [
    {"type": "paragraph", "value": "<p>Учителя планируют уроки парами.</p>"},
    {
        "type": "steps",
        "value": [
            {"type": "item", "id": "s1", "value": {"title": "Диагностика", "text": "<p>Тест</p>"}},
            {"type": "item", "id": "s2", "value": {"title": "Взаимопосещение", "text": ""}},
        ],
    },
    {"type": "quote", "value": {"text": "Дети стали спрашивать.", "source": "учитель математики"}},
]
RESULTS = [
    {
        "type": "result",
        "value": {
            "effect": "Доля двоек по ВПР снизилась с 18 до 9 %",
            "evidence": "<p>Протоколы ВПР за два года</p>",
        },
    }
]


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text(" ").split())


@pytest.fixture
def school(home):
    municipality = MunicipalityFactory(name="Приозерский район")
    school = SchoolFactory(short_name="МОУ «СОШ № 5»", municipality=municipality)
    index = SchoolIndexPageFactory(parent=home)
    SchoolPageFactory(parent=index, slug="sosh-5", school=school)
    return school


def add_authors(practice, *authors):
    for order, (name, position, consent) in enumerate(authors):
        PracticeAuthor.objects.create(
            page=practice,
            sort_order=order,
            name=name,
            position=position,
            consent_to_publish=consent,
        )


def add_materials(practice, count):
    for order in range(count):
        PracticeMaterial.objects.create(
            page=practice,
            sort_order=order,
            material=MaterialFactory(title=f"Шаблон {order}", file_size=2048),
        )


def link_related(practice, others):
    practice.related_practices.set(others)
    practice.save()


@pytest.fixture
def practice(bank, school, terms):
    related = PracticePageFactory(parent=bank, title="Наставничество в паре школ")
    draft = PracticePageFactory(parent=bank, title="Черновик практики")
    draft.unpublish()
    page = PracticePageFactory(
        parent=bank,
        title="Взаимопосещение уроков",
        annotation="Учителя ходят друг к другу на уроки.",
        kind="managerial",
        school=school,
        levels=[terms["levels"]["noo"]],
        grade_from=1,
        grade_to=4,
        subjects=[terms["subjects"]["matematika"]],
        directions=[terms["directions"]["nastavnichestvo"]],
        risk_factors=[terms["risk_factors"]["defitsit-kadrov"]],
        problem="Молодые учителя не получают обратной связи.",
        description=DESCRIPTION,
        results=RESULTS,
        resources="Два часа в неделю в расписании.",
        expert_conclusion="Практика переносима в сельские школы.",
        expert_conclusion_date=datetime.date(2026, 5, 14),
    )
    add_authors(
        page,
        ("Иванова Ольга Петровна", "учитель математики", True),
        ("Скрытый Автор Тестович", "заместитель директора", False),
    )
    add_materials(page, 1)
    link_related(page, [related, draft])
    return page


def test_practice_page_shows_what_a_visitor_needs(client, practice, school):
    page = soup(client.get(practice.url))
    main = text(page.main)
    assert page.h1.get_text() == "Взаимопосещение уроков"
    for shown in (
        "Учителя ходят друг к другу на уроки.",
        "Управленческая практика",
        "Приозерский район",
        "Начальное общее образование ; 1–4 классы",  # the level is a link to the bank
        "Математика",
        "Наставничество",
        "Дефицит педагогических кадров",
        "Молодые учителя не получают обратной связи.",
        "Диагностика",
        "Взаимопосещение",
        "Дети стали спрашивать.",
        "— учитель математики",
        "Доля двоек по ВПР снизилась с 18 до 9 %",
        "Чем подтверждается: Протоколы ВПР за два года",
        "Два часа в неделю в расписании.",
    ):
        assert shown in main, shown
    school_link = page.find("a", string="МОУ «СОШ № 5»")
    assert school_link["href"] == school.page.url
    assert [li.get_text(strip=True) for li in page.select(".practice-steps__title")] == [
        "Диагностика",
        "Взаимопосещение",
    ]


def test_materials_are_listed_with_type_size_and_a_download_link(client, practice):
    page = soup(client.get(practice.url))
    link = page.find("a", string="Шаблон 0")
    assert link.has_attr("download")
    assert client.get(link["href"]).status_code == 200
    meta = text(link.find_next_sibling(class_="practice-materials__meta"))
    assert meta == "(презентация, PDF, 2,0 КБ)"


def test_expert_badge_date_and_conclusion(client, practice):
    page = soup(client.get(practice.url))
    badges = [text(b) for b in page.select("header .status-badge")]
    assert "Рекомендована экспертным советом" in badges
    expert = text(page.select_one(".practice-expert"))
    assert "Заключение от 14 мая 2026 г." in expert
    assert "Практика переносима в сельские школы." in expert


def test_authors_without_consent_stay_hidden(client, practice):
    page = soup(client.get(practice.url))
    authors = [text(li) for li in page.select(".practice-authors li")]
    assert authors == ["Иванова Ольга Петровна, учитель математики", "Авторский коллектив школы"]
    content = client.get(practice.url).content.decode()
    assert "Скрытый" not in content
    assert "заместитель директора" not in content


def test_no_badge_without_conclusion_and_team_only_without_consent(client, bank, terms):
    school = SchoolFactory(short_name="МОУ «ООШ № 2»")  # no page on the site
    page_obj = PracticePageFactory(parent=bank, school=school)
    add_authors(page_obj, ("Петров Пётр", "учитель", False))
    page = soup(client.get(page_obj.url))
    assert "Рекомендована экспертным советом" not in text(page.main)
    assert [text(li) for li in page.select(".practice-authors li")] == ["Авторский коллектив школы"]
    assert page.find("a", string="МОУ «ООШ № 2»") is None
    assert "МОУ «ООШ № 2»" in text(page.select_one(".practice-facts"))


def test_related_practices_only_live_ones(client, practice):
    page = soup(client.get(practice.url))
    related = [text(a) for a in page.select(".practice-cards .practice-card__title a")]
    assert related == ["Наставничество в паре школ"]


def _page_queries(client, url):
    client.get(url)  # the first request fills per-site caches, as on a running site
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_practice_page_queries_do_not_grow_with_its_lists(client, bank, school, terms):
    small = PracticePageFactory(parent=bank, school=school, levels=[terms["levels"]["noo"]])
    add_authors(small, ("А", "", True))
    add_materials(small, 1)
    link_related(small, [PracticePageFactory(parent=bank)])
    big = PracticePageFactory(
        parent=bank,
        school=school,
        levels=list(terms["levels"].values()),
        subjects=list(terms["subjects"].values()),
        directions=list(terms["directions"].values()),
        risk_factors=list(terms["risk_factors"].values()),
    )
    add_authors(big, *[(f"Автор {n}", "учитель", n % 2 == 0) for n in range(8)])
    add_materials(big, 6)
    link_related(big, [PracticePageFactory(parent=bank) for _ in range(5)])
    few = _page_queries(client, small.url)
    assert few <= QUERY_BOUND
    assert _page_queries(client, big.url) == few


def test_bank_card_shows_school_municipality_kind_and_badge(client, bank, practice):
    page = soup(client.get(bank.url))
    card = next(c for c in page.select(".practice-card") if "Взаимопосещение уроков" in text(c))
    assert "Управленческая" in text(card)
    assert "Рекомендована экспертным советом" in text(card)
    assert "МОУ «СОШ № 5» · Приозерский район" in text(card)
    assert "Учителя ходят друг к другу на уроки." in text(card)


def test_home_page_lists_the_newest_practices(client, home, bank):
    for number in range(6):
        PracticePageFactory(parent=bank, title=f"Практика номер {number}")
    page = soup(client.get(home.url))
    section = next(s for s in page.find_all("section") if "Новые практики" in text(s))
    titles = [a.get_text() for a in section.select(".item-list__item > a")]
    assert titles == [f"Практика номер {n}" for n in (5, 4, 3, 2)]
    assert section.find("a", string="Весь банк практик")["href"] == bank.url


def test_home_page_follows_a_new_practice_and_an_unpublished_one(client, home, bank):
    # The newest come from the bank's prepared index: a change has it prepared again.
    first, second = (PracticePageFactory(parent=bank, title=f"Практика {n}") for n in (1, 2))
    client.get(bank.url)  # the bank's visitor prepares the index
    PracticePageFactory(parent=bank, title="Практика 3")
    second.unpublish()

    section = next(s for s in soup(client.get(home.url)).find_all("section") if "Новые" in text(s))
    titles = [a.get_text() for a in section.select(".item-list__item > a")]
    assert titles == ["Практика 3", "Практика 1"]
    assert first.url in [a["href"] for a in section.select(".item-list__item > a")]


def test_home_page_without_practices_has_no_section(client, home):
    assert "Новые практики" not in client.get(home.url).content.decode()


def test_school_page_lists_the_school_s_practices_recommended_first(client, home, bank):
    from schools.provisioning import provision_school

    school = SchoolFactory(short_name="МОУ «СОШ № 9»")
    school_page = provision_school(school, SchoolIndexPageFactory(parent=home))
    PracticePageFactory(parent=bank, school=school, title="Клуб родителей")
    PracticePageFactory(
        parent=bank,
        school=school,
        title="Наставник для молодого учителя",
        expert_conclusion="Рекомендуется",
        expert_conclusion_date=datetime.date(2026, 3, 1),
    )
    PracticePageFactory(parent=bank, title="Практика другой школы")

    page = soup(client.get(school_page.url))
    heading = page.find("h2", string="Практики школы в банке лучших практик")
    items = heading.parent.select(".item-list__item")
    assert [item.a.get_text() for item in items] == [
        "Наставник для молодого учителя",
        "Клуб родителей",
    ]
    assert "рекомендована экспертным советом" in text(items[0])
    assert "МОУ «СОШ № 9»" not in text(items[0])


def test_school_page_without_practices_has_no_such_section(client, home, bank):
    from schools.provisioning import provision_school

    school_page = provision_school(SchoolFactory(), SchoolIndexPageFactory(parent=home))
    assert "Практики школы" not in client.get(school_page.url).content.decode()


def test_school_page_s_kept_practices_follow_their_changes(client, home, bank):
    """The section is kept by the bank's index version: a practice published, renamed, made
    private or unpublished shows on the next visit."""
    from wagtail.models import PageViewRestriction

    from practices.bank_index import bank_index
    from schools.provisioning import provision_school

    bank_index(bank)  # prepared, as any visit to the bank or the home page does
    school = SchoolFactory()
    school_page = provision_school(school, SchoolIndexPageFactory(parent=home))

    def titles():
        page = soup(client.get(school_page.url))
        heading = page.find("h2", string="Практики школы в банке лучших практик")
        return [item.a.get_text() for item in heading.parent.select(".item-list__item")]

    first = PracticePageFactory(parent=bank, school=school, title="Клуб родителей")
    assert titles() == ["Клуб родителей"]

    second = PracticePageFactory(parent=bank, school=school, title="Наставник")
    assert titles() == ["Наставник", "Клуб родителей"]

    second.title = "Наставник для молодого учителя"
    second.save_revision().publish()
    assert titles() == ["Наставник для молодого учителя", "Клуб родителей"]

    PageViewRestriction.objects.create(page=second, restriction_type="login")
    assert titles() == ["Клуб родителей"]

    first.unpublish()
    assert "Практики школы" not in client.get(school_page.url).content.decode()
