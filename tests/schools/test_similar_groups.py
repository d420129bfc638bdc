"""Groups of similar schools: the pure rule against hand-made tables, and the editors' setting
«Группы похожих школ» through the admin (the bands, their checks, the groups listed)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse

from schools.models import SchoolContext, SimilarSchoolsSettings
from schools.models.context import parse_bounds
from schools.similar import (
    NO_CONTEXT,
    NO_OVZ,
    NO_POPULATION,
    NO_PUPILS,
    NO_SETTLEMENT,
    RURAL,
    URBAN,
    Bands,
    Context,
    band,
    band_label,
    members,
    nearest,
    place,
    place_all,
)
from tests.factories import SchoolContextFactory, SchoolFactory

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "bounds", "index"),
    [
        (0, (100, 300, 700), 0),
        (99, (100, 300, 700), 0),
        (100, (100, 300, 700), 1),  # a bound opens its band
        (299, (100, 300, 700), 1),
        (700, (100, 300, 700), 3),
        (5000, (100, 300, 700), 3),
        (4.99, (5, 10), 0),
        (5.0, (5, 10), 1),
        (12.5, (5, 10), 2),
        (40, (), 0),
    ],
)
def test_band_of_a_value(value, bounds, index):
    assert band(value, bounds) == index


@pytest.mark.parametrize(
    ("index", "bounds", "unit", "label"),
    [
        (0, (100, 300, 700), "", "менее 100"),
        (1, (100, 300, 700), "", "100–299"),
        (3, (100, 300, 700), "", "700 и больше"),
        (0, (5, 10), "%", f"менее 5{NBSP}%"),
        (1, (5, 10), "%", f"от 5 до 10{NBSP}%"),
        (2, (5, 10), "%", f"10{NBSP}% и больше"),
        (0, (), "", ""),
    ],
)
def test_band_labels(index, bounds, unit, label):
    assert band_label(index, bounds, unit) == label


# The default bands: towns together, villages split at 1 thousand people, pupils at 100, 300,
# 700, ОВЗ at 5 and 10 %. Each row: settlement, population from, pupils, ОВЗ share → the group's
# three bands.
SMALL_VILLAGE, LARGE_VILLAGE = "малое село, до 1 тыс. жителей", "крупное село, от 1 тыс. жителей"
DEFAULT_TABLE = [
    (URBAN, 450, 1210, 0.004, ("город", "700 и больше учеников", "менее 5 %")),
    (URBAN, 10, 520, 0.05, ("город", "300–699 учеников", "от 5 до 10 %")),
    (URBAN, None, 64, 0.2, ("город", "менее 100 учеников", "10 % и больше")),
    (RURAL, 0, 63, 0.0769, (SMALL_VILLAGE, "менее 100 учеников", "от 5 до 10 %")),
    (RURAL, 1, 144, 0.2, (LARGE_VILLAGE, "100–299 учеников", "10 % и больше")),
    (RURAL, 5, 301, 0.0999, (LARGE_VILLAGE, "300–699 учеников", "от 5 до 10 %")),
]


@pytest.mark.parametrize(("settlement", "population", "pupils", "ovz", "bands"), DEFAULT_TABLE)
def test_default_groups(settlement, population, pupils, ovz, bands):
    placement = place(Context(1, settlement, population, pupils, ovz), Bands())

    settlement_band, pupils_band, ovz_band = bands
    label = f"{settlement_band}; {pupils_band}; доля учеников с ОВЗ {ovz_band}"
    assert placement.group.label.replace(NBSP, " ") == label
    assert placement.reason == ""


def test_editors_bands_split_towns_and_merge_villages():
    bands = Bands(large_city_from=100, large_village_from=0, pupils=(200,), ovz=())
    city = place(Context(1, URBAN, 450, 1210, None), bands).group
    town = place(Context(2, URBAN, 50, 1500, 0.3), bands).group
    village = place(Context(3, RURAL, None, 90, None), bands).group

    assert city.label == "крупный город, от 100 тыс. жителей; 200 и больше учеников"
    assert town.label == "город, до 100 тыс. жителей; 200 и больше учеников"
    assert village.label == "село; менее 200 учеников"
    assert len({city, town, village}) == 3
    # Without any band of pupils or ОВЗ a group is its settlement alone.
    assert place(Context(4, RURAL, 3, None, None), Bands(pupils=(), ovz=())).reason == NO_PUPILS


@pytest.mark.parametrize(
    ("context", "bands", "reason"),
    [
        (None, Bands(), NO_CONTEXT),
        (Context(1, "", 10, 300, 0.02), Bands(), NO_SETTLEMENT),
        (Context(1, RURAL, None, 300, 0.02), Bands(), NO_POPULATION),
        (Context(1, RURAL, 3, None, 0.02), Bands(), NO_PUPILS),
        (Context(1, RURAL, 3, 300, None), Bands(), NO_OVZ),
    ],
)
def test_a_school_without_what_a_band_needs_is_in_no_group(context, bands, reason):
    placement = place(context, bands)

    assert placement.group is None and placement.reason == reason


def test_a_town_needs_no_population_unless_towns_are_split():
    context = Context(1, URBAN, None, 300, 0.02)

    assert place(context, Bands()).group is not None
    assert place(context, Bands(large_city_from=100)).reason == NO_POPULATION


def test_members_and_the_nearest_by_pupils():
    contexts = {
        pk: Context(pk, RURAL, 2, pupils, 0.01)
        for pk, pupils in {1: 150, 2: 160, 3: 120, 4: 290, 5: 140, 6: 100}.items()
    }
    contexts[7] = Context(7, URBAN, 20, 150, 0.01)  # a town school of the same size
    placements = place_all(contexts, [*contexts, 8], Bands())

    groups = members(placements)
    assert [sorted(pks) for pks in groups.values()] == [[7], [1, 2, 3, 4, 5, 6]]
    assert placements[8].reason == NO_CONTEXT
    # 150 pupils: 160 and 140 are 10 away (the lower id first), then 120, then 100.
    assert nearest(placements, 1, placements, 3) == [2, 5, 3]
    assert nearest(placements, 1, [2, 4, 6, 7, 8], 5) == [2, 6, 4]
    assert nearest(placements, 8, placements, 3) == []


@pytest.mark.parametrize(
    ("text", "bounds"),
    [("100, 300, 700", (100, 300, 700)), ("5;10", (5, 10)), ("", ()), (" 7 ", (7,))],
)
def test_bounds_as_editors_write_them(text, bounds):
    assert parse_bounds(text) == bounds


@pytest.mark.parametrize("text", ["300, 100", "100, 100", "0, 5", "сто", "1.5", "-5"])
def test_bounds_that_are_not_rising_whole_numbers(text):
    with pytest.raises(ValueError):
        parse_bounds(text)


# The setting in the admin


MENU_URL = reverse("wagtailsettings:edit", args=["schools", "similarschoolssettings"])


def url():
    """The setting's own edit address: the menu's one redirects to it."""
    pk = SimilarSchoolsSettings.load().pk
    return reverse("wagtailsettings:edit", args=["schools", "similarschoolssettings", pk])


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x")
    user.groups.add(Group.objects.get(name="Редакторы института"))
    client.force_login(user)
    return client


@pytest.fixture
def villages(db):
    """Six small village schools (80–95 pupils, none with ОВЗ, but the sixth: 3 of 20), a
    town school and a school without context."""
    schools = [SchoolFactory(short_name=f"Сельская школа {n}") for n in range(1, 7)]
    for number, school in enumerate(schools):
        SchoolContextFactory(school=school, pupils=80 + 3 * number)
    SchoolContext.objects.filter(school=schools[5]).update(ovz_pupils=3)  # 15 %
    SchoolContextFactory(
        school=SchoolFactory(short_name="Городская школа"),
        settlement_kind=SchoolContext.SettlementKind.CITY,
        population_from=10,
        population_to=50,
        pupils=900,
    )
    SchoolFactory(short_name="Школа без данных")
    return schools


def groups_on_page(client):
    response = client.get(url())
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    rows = soup.select(".similar-groups tbody tr")
    return soup, {
        row.th.get_text(strip=True).replace(NBSP, " "): row.find("td").get_text(strip=True)
        for row in rows
    }


def test_editors_see_the_groups_of_the_saved_bands(editor, villages):
    soup, groups = groups_on_page(editor)

    assert groups == {
        "город; 700 и больше учеников; доля учеников с ОВЗ менее 5 %": "1 — мало для сравнения",
        "малое село, до 1 тыс. жителей; менее 100 учеников; доля учеников с ОВЗ менее 5 %": "5",
        "малое село, до 1 тыс. жителей; менее 100 учеников; доля учеников с ОВЗ 10 % и больше": (
            "1 — мало для сравнения"
        ),
    }
    ungrouped = soup.select_one(".similar-groups details:not(td details)").get_text(" ", strip=True)
    assert "Без группы — 1 школа: о школе нет контекстных данных ФИС ОКО" in ungrouped
    assert "Школа без данных" in ungrouped


def test_saving_wider_bands_regroups_the_schools(editor, villages):
    response = editor.post(
        url(),
        {
            "large_city_from": 0,
            "large_village_from": 0,
            "pupil_bounds": "500",
            "ovz_bounds": "",
            "min_group_size": 5,
        },
    )
    assert response.status_code == 302

    _soup, groups = groups_on_page(editor)
    assert groups == {
        "город; 500 и больше учеников": "1 — мало для сравнения",
        "село; менее 500 учеников": "6",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pupil_bounds", "300, 100", "Укажите растущие целые числа больше нуля через запятую."),
        ("ovz_bounds", "5, 100", "Доля в процентах: границы меньше 100."),
        ("min_group_size", "3", "В группе должно быть не меньше 4 школ."),
    ],
)
def test_bands_that_make_no_sense_are_refused(editor, villages, field, value, message):
    data = {
        "large_city_from": 0,
        "large_village_from": 1,
        "pupil_bounds": "100, 300, 700",
        "ovz_bounds": "5, 10",
        "min_group_size": 5,
        field: value,
    }
    response = editor.post(url(), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert SimilarSchoolsSettings.load().pupil_bounds == "100, 300, 700"


def test_coordinators_do_not_change_the_bands(client, django_user_model, villages):
    user = django_user_model.objects.create_user("coordinator", password="x")
    user.groups.add(Group.objects.get(name="Координаторы"))
    client.force_login(user)

    assert client.get(MENU_URL, follow=True).redirect_chain[-1][0] == reverse("wagtailadmin_home")
