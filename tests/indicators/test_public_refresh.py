"""Programme edits reach the cached public pages at once: a programme, an indicator and its
values, edited in the admin over HTTP, imported or recomputed; an import or a recomputation
bumps the page cache's generation once, however many values it writes."""

import io
import json

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse

from indicators.models import IndicatorPage, IndicatorValue
from site_cms import page_cache
from tests.factories import ProgrammeFactory, ProgrammeIndicatorFactory
from tests.indicators.fixtures import write_csv

pytestmark = pytest.mark.django_db

INDICATOR_FIELDS = [
    "programme",
    "code",
    "sort_order",
    "name",
    "short_name",
    "unit",
    "level",
    "target",
    "target_year",
    "higher_is_better",
    "computation",
    "definition",
]
NO_VALUES = "Значений показателя пока нет."


@pytest.fixture
def indicator(db):
    indicator = ProgrammeIndicatorFactory(
        programme=ProgrammeFactory(slug="amur"),
        code="3.3",
        short_name="Доля учеников с ИОМ",
        target=100,
    )
    IndicatorValue.objects.create(indicator=indicator, year=2024, value=62.5)
    return indicator


@pytest.fixture
def page(home, indicator):
    body = [{"type": "indicator_target", "value": {"indicator": str(indicator.pk)}}]
    page = IndicatorPage(title="Показатели", slug="pokazateli", body=json.dumps(body))
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def cached(client, page):
    """The page as a visitor gets it, made sure to come from the page cache."""
    client.get(page.url)
    response = client.get(page.url)
    assert response["X-Page-Cache"] == "hit"
    return text(response)


def visited(client, page):
    return text(client.get(page.url))


def text(response):
    # Numbers and their units are joined by no-break spaces.
    return response.content.decode().replace("\N{NO-BREAK SPACE}", " ")


def form_data(instance, fields, **changes):
    data = {**model_to_dict(instance, fields), **changes}
    # A browser sends no empty value and no unchecked box.
    return {name: value for name, value in data.items() if value is not None and value is not False}


def test_an_indicator_renamed_in_the_admin_is_shown_at_once(client, admin_client, page, indicator):
    assert "Доля учеников с ИОМ — 62,5 %" in cached(client, page)

    response = admin_client.post(
        reverse("programmeindicator:edit", args=[indicator.pk]),
        form_data(indicator, INDICATOR_FIELDS, short_name="Доля учеников с планами"),
    )
    assert response.status_code == 302

    assert "Доля учеников с планами — 62,5 %" in visited(client, page)


def test_a_value_edited_or_deleted_in_the_admin_is_shown_at_once(
    client, admin_client, page, indicator
):
    value = indicator.values.get()
    assert "62,5 %" in cached(client, page)

    response = admin_client.post(
        reverse("indicatorvalue:edit", args=[value.pk]),
        {"indicator": indicator.pk, "year": 2024, "value": "70", "note": ""},
    )
    assert response.status_code == 302
    assert "Доля учеников с ИОМ — 70 %" in visited(client, page)

    assert NO_VALUES not in cached(client, page)
    response = admin_client.post(reverse("indicatorvalue:delete", args=[value.pk]))
    assert response.status_code == 302
    assert NO_VALUES in visited(client, page)


def test_a_programme_deleted_in_the_admin_takes_its_indicators_off_at_once(
    client, admin_client, page, indicator
):
    assert NO_VALUES not in cached(client, page)
    before = page_cache.current_generation()

    response = admin_client.post(reverse("programme:delete", args=[indicator.programme.pk]))
    assert response.status_code == 302

    assert NO_VALUES in visited(client, page)
    # The programme, its indicator and the value go in one change.
    assert page_cache.current_generation() == before + 1


def test_imported_values_are_shown_at_once_with_one_bump(client, page, indicator, tmp_path):
    assert "Доля учеников с ИОМ — 62,5 %" in cached(client, page)
    header = ["Показатель", "Год", "Муниципалитет", "Код школы", "Значение", "Примечание"]
    rows = [header, *(["3.3", str(year), "", "", "80", ""] for year in (2021, 2022, 2023, 2024))]
    path = write_csv(tmp_path / "values.csv", rows)
    before = page_cache.current_generation()

    call_command("import_indicator_values", str(path), "--programme", "amur", stdout=io.StringIO())

    assert page_cache.current_generation() == before + 1
    assert "Доля учеников с ИОМ — 80 %" in visited(client, page)


def test_recomputing_many_values_bumps_once(admin_client, indicator):
    computed = ProgrammeIndicatorFactory(programme=indicator.programme, computation="shnor_share")
    for year in range(2015, 2025):
        IndicatorValue.objects.create(
            indicator=computed, year=year, value=10, source=IndicatorValue.Source.COMPUTED
        )
    before = page_cache.current_generation()

    response = admin_client.post(reverse("indicators_compute"))

    assert response.status_code == 302
    assert not computed.values.exists()
    assert page_cache.current_generation() == before + 1
