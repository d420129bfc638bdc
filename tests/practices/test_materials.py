"""The bank of presentation materials as a visitor sees it: list, filters, «где используется»."""

import datetime
import re
import zoneinfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from practices.models import PracticeMaterial
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    MaterialFactory,
    MaterialsIndexPageFactory,
    PracticePageFactory,
)

pytestmark = pytest.mark.django_db

MSK = zoneinfo.ZoneInfo("Europe/Moscow")


@pytest.fixture
def materials_page(home):
    return MaterialsIndexPageFactory(parent=home)


@pytest.fixture
def calendar(home):
    return EventIndexPageFactory(parent=home)


def make_event(calendar, title, *, materials=(), live=True):
    start = datetime.datetime(2026, 3, 12, 10, tzinfo=MSK)
    return EventPageFactory(
        parent=calendar,
        title=title,
        start=start,
        end=start + datetime.timedelta(hours=2),
        materials=[("document", {"document": m, "title": ""}) for m in materials],
        live=live,
        publish=live,
    )


def cards(response):
    """The titles of the listed materials, in order."""
    return re.findall(r'class="material-card__title"[^>]*>([^<]+)<', response.content.decode())


def card_of(response, title):
    html = response.content.decode()
    start = html.index(f">{title}<")
    return html[start : html.index("</article>", start)]


def test_lists_typed_materials_newest_first(client, materials_page):
    MaterialFactory(title="Старый сборник", year=2024, material_type="collection")
    MaterialFactory(title="Новая презентация", year=2026)
    MaterialFactory(title="Вложение без вида", material_type="")

    response = client.get("/materialy/")

    assert response.status_code == 200
    assert cards(response) == ["Новая презентация", "Старый сборник"]
    assert "Найдено: <strong>2 материала</strong>" in response.content.decode()


def test_materials_of_a_restricted_collection_are_not_listed(client, materials_page):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Для методистов")
    inner = private.add_child(name="Черновики")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    MaterialFactory(title="Открытая презентация")
    MaterialFactory(title="Закрытая презентация", collection=private)
    MaterialFactory(title="Черновик сборника", collection=inner)

    response = client.get("/materialy/")

    assert cards(response) == ["Открытая презентация"]
    assert "Найдено: <strong>1 материал</strong>" in response.content.decode()


def test_card_shows_what_a_visitor_needs(client, materials_page, calendar, terms):
    event = make_event(calendar, "Семинар по формирующему оцениванию")
    material = MaterialFactory(
        title="Формирующее оценивание на уроках математики",
        material_type="guidelines",
        theme=terms["directions"]["formiruyushchee-otsenivanie"],
        year=2025,
        authors="методисты ИРО",
        event=event,
    )
    material.file_size = 1536 * 1024
    material.save()

    card = card_of(client.get("/materialy/"), material.title)

    assert "методические рекомендации" in card
    assert "Тема: Формирующее оценивание" in card
    assert "2025 год" in card
    assert "Авторы: методисты ИРО" in card
    assert f'href="{event.url}">Семинар по формирующему оцениванию</a>' in card
    assert f'href="{material.url}"' in card
    assert "(PDF, 1,5" in card


def test_filters_by_type_theme_year_and_event_with_counts(client, materials_page, calendar, terms):
    event = make_event(calendar, "Августовское совещание")
    grading = terms["directions"]["formiruyushchee-otsenivanie"]
    mentoring = terms["directions"]["nastavnichestvo"]
    MaterialFactory(title="А", material_type="presentation", theme=grading, year=2026, event=event)
    MaterialFactory(title="Б", material_type="presentation", theme=mentoring, year=2025)
    MaterialFactory(title="В", material_type="webinar", theme=grading, year=2026)

    assert cards(client.get("/materialy/?type=presentation")) == ["А", "Б"]
    assert cards(client.get(f"/materialy/?theme={grading.slug}&year=2026")) == ["В", "А"]
    assert cards(client.get(f"/materialy/?event={event.pk}")) == ["А"]

    html = client.get("/materialy/?type=presentation").content.decode()
    # Counts of the other filters follow the chosen type; the type's own counts ignore it.
    assert '<option value="webinar">запись вебинара (1)</option>' in html
    assert '<option value="presentation" selected>презентация (2)</option>' in html
    assert f'<option value="{mentoring.slug}">{mentoring.name} (1)</option>' in html
    assert '<option value="2026">2026 (1)</option>' in html
    assert f'<option value="{event.pk}">Августовское совещание (1)</option>' in html


def test_a_chosen_value_with_nothing_left_stays_selected(client, materials_page, terms):
    mentoring = terms["directions"]["nastavnichestvo"]
    MaterialFactory(title="Вебинар", material_type="webinar", theme=mentoring)
    MaterialFactory(title="Шаблон", material_type="template")

    html = client.get(f"/materialy/?type=template&theme={mentoring.slug}").content.decode()

    assert f'<option value="{mentoring.slug}" selected>{mentoring.name} (0)</option>' in html
    assert '<option value="webinar">запись вебинара (1)</option>' in html
    assert "По выбранным условиям материалов нет." in html


def test_a_chosen_type_the_bank_has_none_of_stays_selected(client, materials_page):
    MaterialFactory(title="Вебинар", material_type="webinar")

    html = client.get("/materialy/?type=template").content.decode()

    # As the other filters do: the form shows what was asked for, with its zero.
    assert '<option value="template" selected>шаблон (0)</option>' in html
    assert '<option value="webinar">запись вебинара (1)</option>' in html


def test_malformed_filters_are_ignored(client, materials_page):
    MaterialFactory(title="Единственный")
    response = client.get("/materialy/?type=nope&year=abc&event=-1&theme=%20")
    assert response.status_code == 200
    assert cards(response) == ["Единственный"]


@pytest.mark.parametrize("event", ["99999999999999999999", "2147483648"])
def test_an_event_number_beyond_any_page_is_ignored(client, materials_page, event):
    MaterialFactory(title="Единственный")
    response = client.get(f"/materialy/?event={event}")
    assert response.status_code == 200
    assert cards(response) == ["Единственный"]


def test_nothing_found_offers_to_reset(client, materials_page):
    MaterialFactory(year=2026)
    html = client.get("/materialy/?year=2020").content.decode()
    assert "По выбранным условиям материалов нет." in html
    assert 'href="/materialy/">Сбросить отбор</a>' in html


def test_pagination_keeps_the_filters(client, materials_page):
    MaterialFactory.create_batch(25, material_type="template")
    first = client.get("/materialy/?type=template")
    assert len(cards(first)) == 20
    assert "type=template&amp;page=2" in first.content.decode()
    assert len(cards(client.get("/materialy/?type=template&page=2"))) == 5


def test_where_used_lists_public_pages_only(client, materials_page, calendar, bank):
    material = MaterialFactory(title="Презентация опыта")
    practice = PracticePageFactory(parent=bank, title="Оценочные листы на уроке")
    PracticeMaterial.objects.create(page=practice, material=material)
    practice.save_revision().publish()
    make_event(calendar, "Семинар для ШНОР", materials=[material])
    make_event(calendar, "Черновик семинара", materials=[material], live=False)
    private = make_event(calendar, "Закрытая встреча", materials=[material])
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    card = card_of(client.get("/materialy/"), "Презентация опыта")

    assert "Где используется:" in card
    assert f'Практика: <a href="{practice.url}">Оценочные листы на уроке</a>' in card
    assert "Семинар для ШНОР</a>" in card
    assert "Черновик семинара" not in card
    assert "Закрытая встреча" not in card


def test_unused_material_has_no_usage_block(client, materials_page):
    MaterialFactory(title="Шаблон плана")
    assert "Где используется" not in card_of(client.get("/materialy/"), "Шаблон плана")


def _listing_queries(client):
    cache.clear()  # the public page cache would answer without a query
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/materialy/").status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_materials(
    client, materials_page, calendar, bank, terms, django_assert_max_num_queries
):
    theme = terms["directions"]["nastavnichestvo"]
    event = make_event(calendar, "Семинар наставников")
    practice = PracticePageFactory(parent=bank)

    def add(count):
        materials = MaterialFactory.create_batch(count, theme=theme, event=event)
        for material in materials:
            PracticeMaterial.objects.create(page=practice, material=material)
        practice.save_revision().publish()

    add(5)
    few = _listing_queries(client)
    add(35)
    cache.clear()
    with django_assert_max_num_queries(few):
        assert len(cards(client.get("/materialy/"))) == 20
    assert _listing_queries(client) == few
