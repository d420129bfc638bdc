"""The schools' public pages through HTTP: the «Школы» list, a school's page, its section."""

import datetime
import re

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks

from schools import listing
from schools.models import QualitySectionPage, SchoolStatus
from schools.public import status_summary
from site_cms.home_sections import HomeSection, HomeSectionItem
from tests.factories import (
    MunicipalityFactory,
    NetworkPairFactory,
    QualitySectionPageFactory,
    SchoolFactory,
    SchoolIndexPageFactory,
    SchoolNewsPageFactory,
    SchoolPageFactory,
    SchoolStatusFactory,
    StandardPageFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

# The index and a school page render within this many queries, however many schools there are.
# The school page's sections each read their own rows, kept apart in the page cache: the task
# results (skills), the results (charts, changes to last year, objectivity: one each) and the
# similar schools' results.
QUERY_BOUND = 25
SECTION_QUERY_BOUND = 18
TODAY = datetime.date(2024, 2, 1)


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def index(home):
    return SchoolIndexPageFactory(parent=home)


def add_school_page(index, school, *, with_section=True):
    """A live school page with its section, as provisioning makes them (without the groups)."""
    page = SchoolPageFactory(parent=index, slug=f"school-{school.pk}", school=school)
    if with_section:
        QualitySectionPageFactory(parent=page)
    return page


def section_of(page):
    return QualitySectionPage.objects.child_of(page).get()


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text(" ").split())


def options(page_soup, name):
    select = page_soup.find("select", attrs={"name": name})
    return {option["value"]: text(option) for option in select.find_all("option")}


def listed_names(page_soup):
    return [text(a) for a in page_soup.select(".school-list a")]


@pytest.fixture
def registry(index):
    """Two municipalities, five schools of three kinds, statuses for 2023/2024 and 2020/2021."""
    priozersk = MunicipalityFactory(name="Приозерский муниципальный район")
    kamensk = MunicipalityFactory(
        name="Каменск-Уральский городской округ", region="Свердловская область"
    )
    schools = {
        "dzhatievo": SchoolFactory(
            short_name="МОУ «Джатиевская ООШ»", kind="ООШ", municipality=priozersk
        ),
        "zaporozhye": SchoolFactory(
            short_name="МОУ «Запорожская ООШ»", kind="ООШ", municipality=priozersk
        ),
        "leader": SchoolFactory(short_name="МОУ «Приозерская СОШ № 1»", municipality=priozersk),
        "lyceum": SchoolFactory(short_name="МАОУ «Лицей № 10»", kind="лицей", municipality=kamensk),
        "plain": SchoolFactory(short_name="МАОУ «СОШ № 37»", municipality=kamensk),
    }
    SchoolStatusFactory(school=schools["dzhatievo"], status="shnor")
    SchoolStatusFactory(school=schools["dzhatievo"], status="shnsu")
    SchoolStatusFactory(school=schools["zaporozhye"], status="shnor")
    SchoolStatusFactory(school=schools["leader"], status="leader")
    SchoolStatusFactory(school=schools["lyceum"], status="leader")
    SchoolStatusFactory(school=schools["plain"], status="risk", school_year=2020)
    pages = {key: add_school_page(index, school) for key, school in schools.items()}
    return {"schools": schools, "pages": pages, "priozersk": priozersk, "kamensk": kamensk}


# --- The «Школы» list ---------------------------------------------------------------------------


def test_index_groups_schools_by_municipality_with_badges_in_words(client, index, registry):
    page = soup(client.get(index.url))
    groups = page.select(".school-group")
    assert [text(group.h2) for group in groups] == [
        "Каменск-Уральский городской округ",
        "Приозерский муниципальный район",
    ]
    assert "Свердловская область, 2 школы" in text(groups[0])
    # Sorted by the name, not by the organisational form before it.
    assert listed_names(page) == [
        "МАОУ «Лицей № 10»",
        "МАОУ «СОШ № 37»",
        "МОУ «Джатиевская ООШ»",
        "МОУ «Запорожская ООШ»",
        "МОУ «Приозерская СОШ № 1»",
    ]
    item = page.find("a", string="МОУ «Джатиевская ООШ»").find_parent("li")
    assert text(item.select_one(".status-badges")) == "Статус: ШНОР , ШНСУ"
    assert item.a["href"] == registry["pages"]["dzhatievo"].url
    assert "Найдено: 5 школ" in text(page.select_one(".school-results__count"))
    assert "перечням 2023/2024 учебного года" in text(page.select_one(".school-results__count"))
    stats = [text(li) for li in page.select(".school-stats li")]
    assert stats == ["ШНОР 2 школы", "ШНСУ 1 школа", "Школа-лидер 2 школы"]
    legend = text(page.select_one(".school-legend"))
    assert "школа с низкими образовательными результатами" in legend


def test_filter_form_works_without_javascript_and_shows_counts(client, index, registry):
    page = soup(client.get(index.url))
    form = page.select_one(".filter-panel form")
    assert form["method"] == "get" and form["action"] == index.url
    assert form.find("button", type="submit")
    priozersk, kamensk = registry["priozersk"], registry["kamensk"]
    assert options(page, "municipality") == {
        "": "Все муниципалитеты (5)",
        str(kamensk.pk): "Каменск-Уральский городской округ (2)",
        str(priozersk.pk): "Приозерский муниципальный район (3)",
    }
    assert options(page, "status") == {
        "": "Любой статус (5)",
        "shnor": "ШНОР (2)",
        "shnsu": "ШНСУ (1)",
        "risk": "Зона риска (0)",
        "leader": "Школа-лидер (2)",
        "none": "Без особого статуса (1)",
    }
    assert options(page, "kind") == {
        "": "Любой тип (5)",
        "ООШ": "Основная общеобразовательная школа (2)",
        "СОШ": "Средняя общеобразовательная школа (2)",
        "лицей": "Лицей (1)",
    }
    # Two school years have statuses: the visitor can look at the older list too.
    assert options(page, "year") == {"2023": "2023/2024", "2020": "2020/2021"}
    for label in page.select(".filter-panel label"):
        assert page.find(id=label["for"]).name == "select"


def test_filters_narrow_the_list_and_each_others_counts(client, index, registry):
    priozersk = registry["priozersk"]
    page = soup(client.get(index.url, {"municipality": priozersk.pk, "status": "shnor"}))
    assert listed_names(page) == ["МОУ «Джатиевская ООШ»", "МОУ «Запорожская ООШ»"]
    assert "Найдено: 2 школы из 5" in text(page.select_one(".school-results__count"))
    # Each filter counts with the other filters applied.
    assert options(page, "status")["leader"] == "Школа-лидер (1)"
    assert options(page, "municipality")[str(registry["kamensk"].pk)].endswith("(0)")
    assert page.find("option", value=str(priozersk.pk)).has_attr("selected")
    assert page.find("a", string="Сбросить фильтры")["href"] == index.url

    page = soup(client.get(index.url, {"kind": "лицей"}))
    assert listed_names(page) == ["МАОУ «Лицей № 10»"]

    page = soup(client.get(index.url, {"status": "none"}))
    assert listed_names(page) == ["МАОУ «СОШ № 37»"]

    page = soup(client.get(index.url, {"year": "2020", "status": "risk"}))
    assert listed_names(page) == ["МАОУ «СОШ № 37»"]
    assert "перечням 2020/2021 учебного года" in text(page.select_one(".school-results__count"))


def test_unknown_filter_values_are_ignored(client, index, registry):
    page = soup(
        client.get(
            index.url, {"municipality": "abc", "status": "best", "kind": "x", "year": "1990"}
        )
    )
    assert len(listed_names(page)) == 5
    assert not page.find("a", string="Сбросить фильтры")


def test_nothing_found_says_so_and_offers_the_whole_list(client, index, registry):
    page = soup(client.get(index.url, {"municipality": registry["kamensk"].pk, "kind": "ООШ"}))
    assert listed_names(page) == []
    assert "По выбранным условиям школ не найдено" in text(page.main)
    assert page.find("a", string="Показать все школы")["href"] == index.url


def test_draft_and_unpublished_school_pages_are_not_listed(client, index, registry):
    registry["pages"]["plain"].unpublish()
    page = soup(client.get(index.url))
    assert "МАОУ «СОШ № 37»" not in listed_names(page)
    assert "Найдено: 4 школы" in text(page.select_one(".school-results__count"))


def _index_queries(client, url):
    client.get(url)  # the first request fills per-site caches, as on a running site
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _add_schools(index, count, municipalities):
    for number in range(count):
        school = SchoolFactory(municipality=municipalities[number % len(municipalities)])
        SchoolStatusFactory(school=school, status=("shnor", "leader", "risk")[number % 3])
        add_school_page(index, school, with_section=False)


def test_index_query_count_does_not_grow_with_the_number_of_schools(
    client, index, django_assert_max_num_queries
):
    municipalities = MunicipalityFactory.create_batch(3)
    _add_schools(index, 5, municipalities)
    few = _index_queries(client, index.url)
    assert few <= QUERY_BOUND
    _add_schools(index, 45, municipalities)
    filtered = f"{index.url}?status=shnor&municipality={municipalities[0].pk}"
    for url in (index.url, filtered):
        client.get(url)
        with django_assert_max_num_queries(few):
            response = client.get(url)
        assert response.status_code == 200
    assert "Найдено: <strong>50 школ</strong>" in client.get(index.url).content.decode()


def test_index_draws_the_list_again_only_when_its_rows_change(client, registry, index, monkeypatch):
    drawn = []

    def counted(rows, filters):
        drawn.append(filters)
        return draw(rows, filters)

    draw = listing.drawn_list
    monkeypatch.setattr(listing, "drawn_list", counted)
    first = listed_names(soup(client.get(index.url)))
    assert listed_names(soup(client.get(index.url))) == first
    assert len(drawn) == 1
    # Another filter is another list; a renamed school changes the rows.
    client.get(f"{index.url}?kind=лицей")
    assert len(drawn) == 2
    page = registry["pages"]["plain"]
    page.title = "МАОУ «СОШ № 38»"
    page.save_revision().publish()
    assert "МАОУ «СОШ № 38»" in listed_names(soup(client.get(index.url)))
    assert len(drawn) == 3


# --- A school's page ----------------------------------------------------------------------------


@pytest.fixture
def pair(registry):
    schools = registry["schools"]
    return NetworkPairFactory(
        supported_school=schools["dzhatievo"],
        leader_school=schools["leader"],
        agreement_number="СВ-01/2023",
        agreement_date=datetime.date(2023, 8, 31),
        starts_on=datetime.date(2023, 9, 1),
        curator="Информационно-методический отдел",
        joint_activities="Открытые уроки математики раз в четверть.",
    )


def test_school_page_shows_registry_data_and_status_in_words(client, registry, pair):
    school = registry["schools"]["dzhatievo"]
    school.address = "пос. Джатиево, ул. Школьная, д. 1"
    school.website = "https://school.example/"
    school.settlement = "rural"
    school.save()
    school_page = registry["pages"]["dzhatievo"]
    school_page.photo = wagtail_factories.ImageFactory(description="Здание школы летом")
    school_page.save_revision().publish()
    page = soup(client.get(school_page.url))
    assert text(page.h1) == "МОУ «Джатиевская ООШ»"
    assert page.select_one(".school-page__photo img")["alt"] == "Здание школы летом"
    facts = text(page.select_one(".school-facts"))
    for fact in (
        "Основная общеобразовательная школа",
        "Приозерский муниципальный район, Ленинградская область",
        "сельская местность",
        "пос. Джатиево, ул. Школьная, д. 1",
        "school.example",
    ):
        assert fact in facts
    status = text(page.find(id="status-title").parent)
    assert "Школа входит в перечень школ с низкими образовательными результатами (ШНОР)" in status
    assert "получает дополнительную поддержку" in status
    assert "неблагоприятных социальных условиях (ШНСУ)" in status
    assert "основание: приказ № 214 от 30.08.2023" in status
    assert "История статусов" in status


def test_a_shortened_basis_ends_the_status_line_with_its_ellipsis_alone(client, registry):
    basis = (
        "Выявлена по правилу B: ОГЭ 2024, математика, 9 класс: средний балл 10,8; ВПР 2024, мате…"
    )
    SchoolStatus.objects.filter(school=registry["schools"]["dzhatievo"], status="shnor").update(
        order_number="", rule=basis
    )
    page = soup(client.get(registry["pages"]["dzhatievo"].url))
    lines = [text(p) for p in page.find(id="status-title").parent.select(".school-block__meta")]
    assert f"ШНОР в 2023/2024 учебном году, основание: {basis}" in lines
    assert all(line.endswith(".") or line.endswith("…") for line in lines)
    assert not any(line.endswith("….") for line in lines)


def test_school_without_status_says_so_in_plain_words(client, registry):
    page = soup(client.get(registry["pages"]["plain"].url))
    status = text(page.find(id="status-title").parent)
    assert "В перечнях 2023/2024 учебного года школы нет" in status
    # The older status stays in the history.
    assert "2020/2021" in status and "Зона риска" in status


def test_supported_school_shows_its_leader_and_the_agreement(client, registry, pair):
    page = soup(client.get(registry["pages"]["dzhatievo"].url))
    partners = page.find(id="partners-title").parent
    assert text(partners.h2) == "Школа-партнёр"
    card = partners.select_one(".partner")
    assert "Школа-лидер, которая помогает школе" in text(card)
    link = card.find("a", string="МОУ «Приозерская СОШ № 1»")
    assert link["href"] == registry["pages"]["leader"].url
    assert "№ СВ-01/2023 от 31.08.2023" in text(card)
    assert "с 01.09.2023" in text(card)
    assert "Информационно-методический отдел" in text(card)
    assert "Открытые уроки математики раз в четверть." in text(card)


def test_leader_school_shows_whom_it_supports(client, registry, pair):
    registry["pages"]["zaporozhye"].unpublish()  # a partner without a live page: no link
    NetworkPairFactory(
        supported_school=registry["schools"]["zaporozhye"],
        leader_school=registry["schools"]["leader"],
        starts_on=datetime.date(2021, 9, 1),
        ends_on=datetime.date(2023, 8, 31),
    )
    page = soup(client.get(registry["pages"]["leader"].url))
    partners = page.find(id="partners-title").parent
    assert text(partners.h2) == "Школы-партнёры"
    current, past = partners.select(".partner")
    assert "Школа, которой помогает эта школа" in text(current)
    assert current.find("a", string="МОУ «Джатиевская ООШ»")
    assert "Школа, которой помогала эта школа (соглашение завершено)" in text(past)
    assert "МОУ «Запорожская ООШ»" in text(past) and not past.find("a")
    assert "Что делали вместе" in text(past)


def test_school_page_links_the_section_with_its_last_update_and_news(client, registry):
    school_page = registry["pages"]["dzhatievo"]
    section = section_of(school_page)
    section.intro = "Учим математике по-новому."
    section.save_revision().publish()
    for day in (1, 2, 3, 4):
        SchoolNewsPageFactory(
            parent=section,
            title=f"Новость {day}",
            date=datetime.date(2024, 3, day),
            intro=f"Кратко {day}",
        )
    section.refresh_from_db()
    school_page.summary = "Школа учит математике в малых группах."
    school_page.save_revision().publish()

    page = soup(client.get(school_page.url))
    block = page.find(id="improvement-title").parent
    assert text(page.find(id="improvement-title")) == "Что школа делает, чтобы учить лучше"
    assert "Школа учит математике в малых группах." in text(block)
    assert "Учим математике по-новому." in text(block)
    assert (
        block.find("a", string=re.compile("Повышение качества образования"))["href"] == section.url
    )
    newest = max(page.last_published_at for page in section.get_descendants(inclusive=True).live())
    assert "Раздел обновлён" in text(block)
    assert block.find("time")["datetime"] == timezone.localtime(newest).date().isoformat()
    news_titles = [text(a) for a in page.find(id="news-title").parent.select(".item-list a")]
    assert news_titles == ["Новость 4", "Новость 3", "Новость 2"]


def test_result_widgets_area_has_a_plain_sentence_until_data_arrive(client, registry):
    url = registry["pages"]["dzhatievo"].url
    results = soup(client.get(url)).find(id="results-title").parent
    assert "Результаты оценочных процедур появятся после загрузки данных." in text(results)

    def widget(request, school):
        return format_html(
            '<p class="test-widget">Доля «двоек» у {} снизилась</p>', school.short_name
        )

    with hooks.register_temporarily("school_page_widgets", widget):
        results = soup(client.get(url)).find(id="results-title").parent
    assert results.select_one(".test-widget")
    assert "появятся после загрузки данных" not in text(results)


def test_other_apps_add_sections_about_the_school(client, registry):
    url = registry["pages"]["dzhatievo"].url

    def practices(request, school):
        return HomeSection(
            title="Практики школы",
            items=[HomeSectionItem(title=f"Наставничество в {school.short_name}", url="/p/")],
            more_url="/praktiki/",
            more_label="Все практики",
        )

    with hooks.register_temporarily("school_page_sections", practices):
        page = soup(client.get(url))
    heading = page.find("h2", string="Практики школы")
    assert heading is not None
    links = [(text(a), a["href"]) for a in heading.parent.select("a")]
    assert links[0][1] == "/p/" and links[0][0].startswith("Наставничество в ")
    assert links[1] == ("Все практики", "/praktiki/")
    assert soup(client.get(url)).find("h2", string="Практики школы") is None


def test_school_page_query_count_is_bounded(client, registry, pair, django_assert_max_num_queries):
    url = registry["pages"]["leader"].url
    client.get(url)
    for _ in range(6):
        NetworkPairFactory(leader_school=registry["schools"]["leader"])
    with django_assert_max_num_queries(QUERY_BOUND):
        assert client.get(url).status_code == 200


# --- The «Повышение качества образования» section -----------------------------------------------


@pytest.fixture
def image():
    return wagtail_factories.ImageFactory(title="Фото")


@pytest.fixture
def document():
    return wagtail_factories.DocumentFactory(title="Программа.pdf")


def fill_section(section, *, image, document, team):
    section.intro = "Вступление раздела."
    section.programme_documents = [
        (
            "document",
            {
                "kind": "programme",
                "title": "Программа перехода в эффективный режим работы на 2023–2025 годы",
                "document": document,
            },
        ),
        ("document", {"kind": "anti_risk", "title": "План на год", "document": document}),
    ]
    section.roadmap = [
        ("heading", {"text": "План на год", "level": "h2"}),
        ("paragraph", "<p>Абзац дорожной карты.</p>"),
        (
            "image",
            {
                "image": {"image": image, "alt_text": "Схема", "decorative": False},
                "caption": "Подпись",
            },
        ),
        ("document", {"document": document, "title": "Дорожная карта (файл)"}),
        ("callout", {"tone": "info", "title": "Важно", "text": "<p>Врезка дорожной карты.</p>"}),
        (
            "table",
            {
                "data": [["Мероприятие", "Срок"], ["Разбор ВПР", "Октябрь"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_header_choice": "row",
                "table_caption": "Дорожная карта",
            },
        ),
    ]
    section.partnership = "<p>Совместные открытые уроки.</p>"
    section.recommendations = [
        (
            "recommendation",
            {
                "date": datetime.date(2023, 10, 16),
                "source": "ИРО",
                "text": "<p>Разобрать ВПР.</p>",
                "done": True,
            },
        ),
        (
            "recommendation",
            {
                "date": datetime.date(2024, 3, 4),
                "source": "ЦИТ",
                "text": "<p>Позвать родителей.</p>",
                "done": False,
            },
        ),
    ]
    section.reports = [
        (
            "report",
            {
                "period": "I полугодие 2023/2024",
                "summary": "Итоги полугодия.",
                "document": document,
            },
        ),
        ("report", {"period": "2022/2023 учебный год", "summary": "Итоги года.", "document": None}),
    ]
    section.team = [("member", member) for member in team]
    section.save_revision().publish()


CONSENTED = {
    "role": "Заместитель директора по УВР",
    "name": "Иванова Мария Ивановна",
    "consent": True,
}
NO_CONSENT = {"role": "Учитель математики", "name": "Петров Пётр Петрович", "consent": False}


def test_team_shows_name_and_photo_only_with_consent(client, registry, document):
    with_consent = wagtail_factories.ImageFactory(title="Фото с согласием")
    without_consent = wagtail_factories.ImageFactory(title="Фото без согласия")
    section = section_of(registry["pages"]["dzhatievo"])
    fill_section(
        section,
        image=with_consent,
        document=document,
        team=[
            {**CONSENTED, "photo": with_consent},
            {**NO_CONSENT, "photo": without_consent},
            {"role": "Педагог-психолог", "name": "", "photo": None, "consent": False},
        ],
    )
    response = client.get(section.url)
    html = response.content.decode()
    members = soup(response).select(".team-list > li")
    assert [text(m) for m in members] == [
        "Иванова Мария Ивановна Заместитель директора по УВР",
        "Учитель математики",
        "Педагог-психолог",
    ]
    assert members[0].find("img")["alt"] == ""
    assert not members[1].find("img")
    # Nowhere on the page, not even in an attribute or a file name.
    assert "Петров" not in html
    without_consent_file = without_consent.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    assert without_consent_file not in html
    assert not without_consent.renditions.exists()


def test_section_renders_every_block_type(client, registry, image, document):
    school_page = registry["pages"]["dzhatievo"]
    section = section_of(school_page)
    fill_section(section, image=image, document=document, team=[{**CONSENTED, "photo": image}])
    news = SchoolNewsPageFactory(
        parent=section, title="Открытый урок", date=datetime.date(2024, 2, 14), intro="Кратко."
    )
    other = StandardPageFactory(
        parent=section, title="Родителям", slug="roditelyam", intro="Советы."
    )
    registry["schools"]["dzhatievo"]  # the pair below makes the registry partner appear
    NetworkPairFactory(
        supported_school=registry["schools"]["dzhatievo"],
        leader_school=registry["schools"]["leader"],
    )

    page = soup(client.get(section.url))
    main = text(page.main)
    assert "Основная общеобразовательная школа: МОУ «Джатиевская ООШ»" in main
    toc = [text(a) for a in page.select(".toc a")]
    assert toc == [
        "Программа и документы",
        "Дорожная карта",
        "Сетевое взаимодействие",
        "Адресные рекомендации",
        "Отчёты",
        "Школьная команда",
        "Новости",
        "Другие материалы",
    ]
    for link in page.select(".toc a"):
        assert page.find(id=link["href"][1:]), link["href"]
    programme = page.find(id="programma")
    first, second = programme.select(".document-link")
    assert text(first.a) == "Программа перехода в эффективный режим работы на 2023–2025 годы"
    assert first.a["href"] == document.url
    assert not first.select(".document-link__kind")  # the kind is in the title already
    assert text(second.select_one(".document-link__kind")) == "Антирисковая программа"
    roadmap = page.find(id="dorozhnaya-karta")
    assert roadmap.find("h2", string="План на год")
    assert "Абзац дорожной карты." in text(roadmap)
    assert roadmap.find("img", alt="Схема")
    assert roadmap.find("a", string="Дорожная карта (файл)")
    assert "Врезка дорожной карты." in text(roadmap.select_one(".callout"))
    assert [text(th) for th in roadmap.select("table thead th")] == ["Мероприятие", "Срок"]
    partnership = page.find(id="partnery")
    assert partnership.find("a", string="МОУ «Приозерская СОШ № 1»")
    assert "Совместные открытые уроки." in text(partnership)
    done, open_ = page.select(".recommendation")
    assert text(done.select_one(".recommendation__meta")) == "16 октября 2023 , ИРО"
    assert text(done.select_one(".recommendation__state")) == "✓ Выполнено"
    assert text(open_.select_one(".recommendation__state")) == (
        "○ Пока не выполнено: школа над этим работает"
    )
    first_report, second_report = page.select(".report")
    assert text(first_report.h3) == "I полугодие 2023/2024"
    assert first_report.find("a", string="Отчёт: I полугодие 2023/2024")["href"] == document.url
    assert "Итоги года." in text(second_report) and not second_report.find("a")
    assert page.find(id="novosti").find("a", string="Открытый урок")["href"] == news.url
    assert page.find(id="materialy").find("a", string="Родителям")["href"] == other.url
    assert "Раздел обновлён" in text(page.select_one(".article__updated"))

    news_page = soup(client.get(news.url))
    assert text(news_page.h1) == "Открытый урок"
    assert "14 февраля 2024" in text(news_page.main)
    assert news_page.find("a", string="Все новости школы")["href"] == f"{section.url}#novosti"
    crumbs = [text(a) for a in news_page.select(".breadcrumbs a")]
    assert crumbs[-2:] == ["МОУ «Джатиевская ООШ»", "Повышение качества образования"]


def test_empty_section_says_it_is_not_filled_yet(client, registry):
    page = soup(client.get(section_of(registry["pages"]["plain"]).url))
    assert "Школа пока не заполнила раздел." in text(page.main)
    assert not page.select(".toc")


def test_section_news_are_paginated(client, registry):
    section = section_of(registry["pages"]["dzhatievo"])
    for number in range(QualitySectionPage.NEWS_PER_PAGE + 2):
        SchoolNewsPageFactory(
            parent=section,
            title=f"Новость {number}",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(number),
            intro=".",
        )
    first = soup(client.get(section.url))
    assert (
        len(first.find(id="novosti").select(".item-list__item")) == QualitySectionPage.NEWS_PER_PAGE
    )
    assert first.find("a", rel="next")
    second = soup(client.get(section.url, {"page": 2}))
    assert [text(a) for a in second.find(id="novosti").select(".item-list a")] == [
        "Новость 1",
        "Новость 0",
    ]


@pytest.fixture
def late_news(registry):
    """News published after the rest of its section: the newest publication in it."""
    section = section_of(registry["pages"]["dzhatievo"])
    news = SchoolNewsPageFactory(
        parent=section, title="Открытый урок", date=datetime.date(2024, 2, 14), intro="."
    )
    news.last_published_at = timezone.now() + datetime.timedelta(days=3)
    news.save(update_fields=["last_published_at"])
    return news


def assert_names_school_and_update(section_soup, school_page, news):
    school_link = section_soup.select_one(".quality-section__school").a
    assert (school_link.string, school_link["href"]) == (school_page.title, school_page.url)
    updated = section_soup.select_one(".article__updated time")
    assert updated["datetime"] == timezone.localtime(news.last_published_at).date().isoformat()


def test_section_shows_its_school_and_newest_publication_in_a_bounded_number_of_queries(
    client, registry, late_news, django_assert_max_num_queries
):
    section_url = section_of(registry["pages"]["dzhatievo"]).url
    client.get(section_url)

    # Routing reads the school page with its registry record and the section with its
    # newest publication, so the page does not ask for them again.
    with django_assert_max_num_queries(SECTION_QUERY_BOUND):
        page = soup(client.get(section_url))
    assert_names_school_and_update(page, registry["pages"]["dzhatievo"], late_news)


def preview(page):
    """The page as the admin's preview serves it: from the saved page, not routed to."""
    response = page.specific_class.objects.get(pk=page.pk).make_preview_request()
    assert response.status_code == 200
    return soup(response)


def test_previews_read_what_routing_would_have_read(registry, late_news):
    # A preview is not routed through the index and the school page, so the school page reads
    # its registry record, and the section its school page and newest publication, themselves.
    school_page = registry["pages"]["dzhatievo"]
    page = preview(school_page)
    assert text(page.h1) == school_page.title
    assert "Приозерский муниципальный район" in text(page.main)

    assert_names_school_and_update(preview(section_of(school_page)), school_page, late_news)


# --- Plain functions ----------------------------------------------------------------------------


def row(pk, municipality, kind="СОШ", statuses=(), name=None):
    return listing.SchoolRow(
        pk=pk,
        name=name or f"Школа {pk}",
        url=f"/shkoly/{pk}/",
        kind=kind,
        kind_label=kind,
        municipality_id=municipality,
        municipality=f"М{municipality}",
        region="",
        statuses=tuple(statuses),
    )


def test_facets_count_each_filter_with_the_others_applied():
    rows = [
        row(1, 1, "ООШ", ["shnor"]),
        row(2, 1, "СОШ", ["shnor", "shnsu"]),
        row(3, 2, "СОШ", ["leader"]),
        row(4, 2, "ООШ"),
    ]
    filters = listing.parse_filters({"municipality": "1", "kind": "СОШ"}, rows=rows, year=2023)
    assert filters == listing.Filters(municipality=1, kind="СОШ", year=2023)
    assert [r.pk for r in listing.filter_rows(rows, filters)] == [2]
    facets = listing.facets(rows, filters)
    assert facets["municipality"].any_count == 2  # СОШ anywhere
    assert [(o.label, o.count, o.selected) for o in facets["municipality"].options] == [
        ("М1", 1, True),
        ("М2", 1, False),
    ]
    assert facets["kind"].any_count == 2  # anything in М1
    assert {o.value: o.count for o in facets["status"].options} == {
        "shnor": 1,
        "shnsu": 1,
        "risk": 0,
        "leader": 0,
        "none": 0,
    }
    assert listing.status_counts(rows) == [
        ("shnor", "ШНОР", 2),
        ("shnsu", "ШНСУ", 1),
        ("leader", "Школа-лидер", 1),
    ]


def test_parse_filters_drops_values_the_page_does_not_offer():
    rows = [row(1, 1)]
    filters = listing.parse_filters(
        {"municipality": "2", "status": "<b>", "kind": "ООШ"}, rows=rows, year=None
    )
    assert filters == listing.Filters()
    assert not filters.active


def test_status_year_is_the_newest_begun_year_with_statuses():
    assert listing.current_school_year(datetime.date(2024, 8, 31)) == 2023
    assert listing.current_school_year(datetime.date(2024, 9, 1)) == 2024
    assert listing.default_status_year([2025, 2023, 2020], TODAY) == 2023
    assert listing.default_status_year([2025], TODAY) == 2025
    assert listing.default_status_year([], TODAY) is None


def test_grouping_sorts_municipalities_and_names_naturally():
    rows = [
        row(1, 2, name="МАОУ «СОШ № 10»"),
        row(2, 2, name="МАОУ «СОШ № 9»"),
        row(3, 1, name="МОУ «Запорожская ООШ»"),
        row(4, 1, name="МБОУ «Джатиевская ООШ»"),
    ]
    groups = listing.group_by_municipality(rows)
    assert [(g.name, [r.pk for r in g.schools]) for g in groups] == [("М1", [4, 3]), ("М2", [2, 1])]


def test_status_summary_takes_the_latest_decision_of_the_year(registry):
    school = registry["schools"]["dzhatievo"]
    SchoolStatusFactory(
        school=school, status="shnor", order_number="300", order_date=datetime.date(2023, 12, 1)
    )
    summary = status_summary(school.statuses.all(), 2023)
    assert summary.year_label == "2023/2024"
    assert [(code, basis) for code, _badge, _sentence, basis in summary.current] == [
        ("shnor", "приказ № 300 от 01.12.2023"),
        ("shnsu", "приказ № 214 от 30.08.2023"),
    ]
    assert len(summary.history) == 3
