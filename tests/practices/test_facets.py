"""Facets of the bank of practices: filters, disjunctive counts, sorting, paging, query bound.

The fixture spreads 54 practices over kinds, levels, subjects, directions, risk factors and
three municipalities by a plain rule; every expected count is computed from that rule in
Python here, never by the code under test.
"""

import datetime
import itertools
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practices import facets
from practices.bank_index import bank_index, build_index, practices_under
from practices.listing import PER_PAGE
from practices.models import PracticePage
from tests.factories import MunicipalityFactory, PracticePageFactory, SchoolFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

KINDS = ["pedagogical", "managerial", "upbringing", "psychological"]
LEVELS = ["noo", "ooo", "soo"]
SUBJECTS = ["russkiy-yazyk", "matematika", "istoriya", "fizika", "biologiya"]
DIRECTIONS = ["formiruyushchee-otsenivanie", "vsoko", "nastavnichestvo", "podgotovka-k-gia"]
RISKS = ["defitsit-kadrov", "uchebnaya-motivatsiya", "vovlechennost-roditeley"]
PRACTICES = 54
MUNICIPALITIES = 3
# The cost inputs (hours a month, materials, equipment, training) and the level the rule in
# docs/evidence-bank.md gives them, worked out by hand; None: the hours are not stated.
COSTS = [
    ((2, 5_000, None, None), "low"),
    ((8, 0, 0, 0), "medium"),
    ((3, 30_000, 80_000, 0), "high"),
    ((None, None, None, None), None),
]
# Time to first results: (amount, unit) and its band by hand.
TIMES = [((3, "weeks"), "month"), ((2, "months"), "half-year"), ((9, "months"), "year")]


def spec(number):
    """The facets of practice ``number``: values by remainders, some lists empty, some double."""
    return {
        "kind": (KINDS[number % 4],),
        "level": tuple(LEVELS[i] for i in range(3) if (number >> i) % 2 or number % 7 == 0),
        "subject": tuple({SUBJECTS[number % 5], SUBJECTS[(number * 3) % 5]}),
        "direction": (DIRECTIONS[number % 4],) if number % 6 else (),
        "risk": tuple(RISKS[i] for i in range(3) if (number + i) % 3 == 0 or number % 10 == 0),
        "municipality": (number % MUNICIPALITIES,),
        # Levels 0–3 and, for every fifth practice, none yet.
        "evidence": () if number % 5 == 4 else (str(number % 4),),
        "cost": tuple(level for level in [COSTS[number % 4][1]] if level),
        "time": (TIMES[number % 3][1],) if number % 8 else (),
    }


SPECS = [spec(number) for number in range(PRACTICES)]


def expected_counts(chosen):
    """Facet key → Counter of values over practices matching the OTHER facets' choices."""

    def matches(item, skip):
        return all(
            set(item[key]) & set(values) for key, values in chosen.items() if key != skip and values
        )

    result = {}
    for key in SPECS[0]:
        result[key] = Counter(value for item in SPECS if matches(item, key) for value in item[key])
    return result


def matching(chosen):
    return [
        number
        for number, item in enumerate(SPECS)
        if all(set(item[key]) & set(values) for key, values in chosen.items() if values)
    ]


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def subjects_present(terms):
    missing = set(SUBJECTS) - set(terms["subjects"])
    assert not missing, f"seeded subjects changed: {missing}"
    return terms


@pytest.fixture
def catalogue(bank, subjects_present):
    terms = subjects_present
    municipalities = [MunicipalityFactory(name=f"Район {n}") for n in range(MUNICIPALITIES)]
    schools = [SchoolFactory(municipality=m) for m in municipalities]
    start = timezone.now() - datetime.timedelta(days=PRACTICES)
    pages = []
    for number, item in enumerate(SPECS):
        page = PracticePageFactory(
            parent=bank,
            title=f"Практика {number:02d}",
            kind=item["kind"][0],
            school=schools[item["municipality"][0]],
            levels=[terms["levels"][v] for v in item["level"]],
            subjects=[terms["subjects"][v] for v in item["subject"]],
            directions=[terms["directions"][v] for v in item["direction"]],
            risk_factors=[terms["risk_factors"][v] for v in item["risk"]],
            expert_conclusion_date=datetime.date(2026, 3, 1) if number % 9 == 0 else None,
            **evidence_fields(number),
        )
        pages.append(page)
    # Publication order = number, so «newest first» is known without reading the code.
    for number, page in enumerate(pages):
        PracticePage.objects.filter(pk=page.pk).update(
            first_published_at=start + datetime.timedelta(days=number)
        )
    return {"municipalities": municipalities, "pages": pages}


def evidence_fields(number):
    hours, materials, equipment, training = COSTS[number % 4][0]
    amount, unit = TIMES[number % 3][0] if number % 8 else (None, "months")
    return {
        "evidence_level": None if number % 5 == 4 else number % 4,
        "teacher_hours_per_month": hours,
        "materials_cost": materials,
        "equipment_cost": equipment,
        "training_cost": training,
        "results_after": amount,
        "results_after_unit": unit,
    }


def to_params(chosen, catalogue):
    """The URL parameters of a choice (municipalities by their pk)."""
    params = []
    for key, values in chosen.items():
        for value in values:
            if key == "municipality":
                value = str(catalogue["municipalities"][value].pk)
            params.append((key, value))
    return params


def facet_table(facet_list, catalogue):
    """Facet key → {value: count} as the code reports it, municipalities back to indexes."""
    by_pk = {str(m.pk): index for index, m in enumerate(catalogue["municipalities"])}
    return {
        facet.key: {
            (by_pk[v.value] if facet.key == "municipality" else v.value): v.count
            for v in facet.values
        }
        for facet in facet_list
    }


def query_dict(params):
    data = QueryDict(mutable=True)
    for key, value in params:
        data.appendlist(key, value)
    return data


CHOICES = [
    {},
    {"kind": ["pedagogical"]},
    {"level": ["noo", "soo"]},
    {"subject": ["matematika"], "direction": ["vsoko", "nastavnichestvo"]},
    {"kind": ["managerial", "upbringing"], "risk": ["defitsit-kadrov"], "level": ["ooo"]},
    {"municipality": [1], "subject": ["istoriya", "fizika"]},
    {"municipality": [0, 2], "kind": ["psychological"], "direction": ["podgotovka-k-gia"]},
    {"evidence": ["2", "3"]},
    {"cost": ["low"], "time": ["half-year", "year"]},
    {"evidence": ["0"], "cost": ["medium", "high"], "level": ["ooo"]},
    {"time": ["month"], "kind": ["managerial"]},
]


# One catalogue for all the choices: building 54 pages is the slow part of these tests.
def test_counts_are_disjunctive_and_match_the_spec(bank, catalogue):
    index = build_index(bank)
    for chosen in CHOICES:
        selection = facets.parse_selection(query_dict(to_params(chosen, catalogue)))
        found = facets.filter_practices(PracticePage.objects.all(), selection)
        assert sorted(p.title for p in found) == [f"Практика {n:02d}" for n in matching(chosen)]

        assert index.matching(selection).bit_count() == len(matching(chosen))
        counted = index.facets(selection)
        reported = facet_table(counted, catalogue)
        for key, counter in expected_counts(chosen).items():
            expected = dict(counter)
            # A chosen value stays listed (with 0) even when nothing else would match.
            expected.update({v: 0 for v in chosen.get(key, ()) if v not in counter})
            assert reported[key] == expected, (chosen, key)


def test_bank_page_shows_the_same_counts_and_cards(client, bank, catalogue):
    for chosen in CHOICES[2:]:
        assert_page_matches(client, bank, catalogue, chosen)


def assert_page_matches(client, bank, catalogue, chosen):
    response = client.get(bank.url, to_params(chosen, catalogue))
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    expected = expected_counts(chosen)
    names = {str(m.pk): i for i, m in enumerate(catalogue["municipalities"])}
    for box in page.select(".practice-facets input[type=checkbox]"):
        key, value = box["name"], box["value"]
        label = page.find("label", attrs={"for": box["id"]})
        count = int(label.select_one(".practice-facet__count").get_text().strip("()"))
        spec_value = names[value] if key == "municipality" else value
        assert count == expected[key][spec_value], (key, value)
        assert box.has_attr("checked") == (spec_value in chosen.get(key, ()))
    total = len(matching(chosen))
    assert f"Найдено: {total}" in " ".join(
        page.select_one(".practice-results__count").stripped_strings
    )
    assert len(page.select(".practice-card")) == min(total, PER_PAGE)


def test_unknown_facets_and_values_are_ignored(client, bank, catalogue):
    response = client.get(
        bank.url,
        {
            "level": ["noo", "nope"],
            "subject": "../etc",
            "colour": "red",
            "kind": "imaginary",
            "municipality": ["abc", "999999", "²"],
            "sort": "random",
            "page": "x",
        },
    )
    assert response.status_code == 200
    selection = response.context["selection"]
    assert selection.values == {"level": ("noo",)}
    assert selection.sort == "new"
    assert response.context["found_count"] == len(matching({"level": ["noo"]}))


def test_municipality_by_its_pk_in_any_spelling(client, bank, catalogue):
    first = catalogue["municipalities"][0]
    response = client.get(bank.url, {"municipality": [f"00{first.pk}", str(first.pk)]})
    assert response.context["selection"].values == {"municipality": (str(first.pk),)}
    assert response.context["found_count"] == len(matching({"municipality": [0]}))


def test_selected_values_become_removable_chips_and_reset(client, bank, catalogue):
    response = client.get(bank.url, {"level": "noo", "subject": "matematika"})
    page = BeautifulSoup(response.content, "html.parser")
    chips = {
        " ".join(a.stripped_strings): a["href"]
        for a in page.select(".practice-chips a.practice-chip")
    }
    assert chips == {
        "Убрать условие Уровень образования: Начальное общее образование ×": "?subject=matematika",
        "Убрать условие Предмет: Математика ×": "?level=noo",
    }
    assert page.find("a", string="Сбросить фильтры")["href"] == "?"


def test_zero_count_choice_stays_shown_and_checked(client, bank, catalogue, terms):
    # «Цифровые технологии» has no practice in the fixture at all.
    response = client.get(bank.url, {"direction": "tsifrovye-tekhnologii"})
    page = BeautifulSoup(response.content, "html.parser")
    box = page.find("input", attrs={"name": "direction", "value": "tsifrovye-tekhnologii"})
    assert box.has_attr("checked")
    assert "(0)" in page.find("label", attrs={"for": box["id"]}).get_text()
    assert "По выбранным условиям практик не найдено" in page.get_text()


def test_newest_first_and_recommended_first(client, bank, catalogue):
    newest = client.get(bank.url).context["practices"]
    assert [p.title for p in newest[:3]] == ["Практика 53", "Практика 52", "Практика 51"]
    recommended = client.get(bank.url, {"sort": "recommended"}).context["practices"]
    flagged = [n for n in range(PRACTICES) if n % 9 == 0][::-1]
    assert [p.title for p in recommended[: len(flagged)]] == [f"Практика {n:02d}" for n in flagged]
    assert [p.title for p in recommended[len(flagged) : len(flagged) + 2]] == [
        "Практика 53",
        "Практика 52",
    ]


def test_strongest_evidence_first_and_unrated_last(client, bank, catalogue):
    shown = client.get(bank.url, {"sort": "evidence", "page": "3"}).context["practices"]
    first = client.get(bank.url, {"sort": "evidence"}).context["practices"]
    # Level 3: numbers ≡ 3 (mod 4) and not ≡ 4 (mod 5), newest first.
    threes = [n for n in range(PRACTICES) if n % 4 == 3 and n % 5 != 4][::-1]
    assert [p.title for p in first[: len(threes)]] == [f"Практика {n:02d}" for n in threes]
    assert first[len(threes)].evidence_level == 2
    unrated = [n for n in range(PRACTICES) if n % 5 == 4][::-1]
    assert [p.title for p in shown][-len(unrated) :] == [f"Практика {n:02d}" for n in unrated]


def test_pages_of_twenty_and_a_page_past_the_end_shows_the_last(client, bank, catalogue):
    last = client.get(bank.url, {"page": "3"})
    assert len(last.context["practices"]) == PRACTICES - 2 * PER_PAGE
    beyond = client.get(bank.url, {"page": "99"})
    assert beyond.status_code == 200
    assert beyond.context["page_obj"].number == 3
    # The filter state travels with the pagination links.
    first = BeautifulSoup(client.get(bank.url, {"level": "ooo"}).content, "html.parser")
    assert first.select_one("a[rel=next]")["href"] == "?level=ooo&page=2"


def test_drafts_and_private_practices_are_not_listed(client, bank, catalogue):
    catalogue["pages"][53].unpublish()
    response = client.get(bank.url)
    assert response.context["found_count"] == PRACTICES - 1
    assert "Практика 53" not in response.content.decode()


def test_the_form_works_without_javascript(client, bank, catalogue):
    page = BeautifulSoup(client.get(bank.url).content, "html.parser")
    form = page.select_one(".practice-facets form")
    assert form["method"] == "get"
    legends = [legend.get_text(strip=True) for legend in form.select("fieldset > legend")]
    assert legends == [
        "Вид практики",
        "Уровень образования",
        "Предмет",
        "Направление",
        "Фактор риска",
        "Муниципалитет",
        "Сила доказательств",
        "Затраты",
        "Первые результаты",
    ]
    assert form.select_one("button[type=submit]")


# --- The number of queries does not depend on the number of practices -------------------------


def _bank_queries(client, url, params):
    client.get(url, params)  # the first request fills per-site caches, as on a running site
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def _add_practices(bank, count, schools, terms, offset):
    for number in range(offset, offset + count):
        PracticePageFactory(
            parent=bank,
            kind=KINDS[number % 4],
            school=schools[number % len(schools)],
            levels=[terms["levels"][LEVELS[number % 3]]],
            subjects=[terms["subjects"][SUBJECTS[number % 5]]],
            directions=[terms["directions"][DIRECTIONS[number % 4]]],
            risk_factors=[terms["risk_factors"][RISKS[number % 3]]],
        )


def test_bank_query_count_is_the_same_for_10_and_60_practices(client, bank, terms):
    schools = [SchoolFactory() for _ in range(3)]
    params = [("level", "noo"), ("level", "ooo"), ("subject", "matematika"), ("kind", "managerial")]
    _add_practices(bank, 10, schools, terms, 0)
    few = {
        "plain": _bank_queries(client, bank.url, []),
        "filtered": _bank_queries(client, bank.url, params),
    }
    _add_practices(bank, 50, schools, terms, 10)
    many = {
        "plain": _bank_queries(client, bank.url, []),
        "filtered": _bank_queries(client, bank.url, params),
    }
    assert few == many
    assert practices_under(bank).count() == 60


def test_counting_reads_the_prepared_index_in_one_query(bank, catalogue, django_assert_num_queries):
    selection = facets.parse_selection({"level": "noo", "kind": "pedagogical"})
    expected = build_index(bank).facets(selection)
    bank_index(bank)  # the first visit prepares it
    with django_assert_num_queries(1):
        index = bank_index(bank)
    assert index.facets(selection) == expected


def test_parse_selection_accepts_plain_dicts_and_builds_queries(catalogue):
    selection = facets.parse_selection({"level": ["noo", "noo", "soo"], "sort": "recommended"})
    assert selection.get("level") == ("noo", "soo")
    assert selection.query() == "level=noo&level=soo&sort=recommended"
    assert selection.toggled("level", "noo") == "level=soo&sort=recommended"
    assert selection.toggled("kind", "managerial") == (
        "kind=managerial&level=noo&level=soo&sort=recommended"
    )
    assert facets.parse_selection({}).active is False


def test_kinds_cycle_through_the_fixture():
    # A guard on the fixture itself: every value of every facet occurs at least once.
    assert set(itertools.chain.from_iterable(s["kind"] for s in SPECS)) == set(KINDS)
    assert set(itertools.chain.from_iterable(s["level"] for s in SPECS)) == set(LEVELS)
    assert set(itertools.chain.from_iterable(s["subject"] for s in SPECS)) == set(SUBJECTS)
    assert set(itertools.chain.from_iterable(s["direction"] for s in SPECS)) == set(DIRECTIONS)
    assert set(itertools.chain.from_iterable(s["risk"] for s in SPECS)) == set(RISKS)
    assert set(itertools.chain.from_iterable(s["evidence"] for s in SPECS)) == set("0123")
    assert set(itertools.chain.from_iterable(s["cost"] for s in SPECS)) == {"low", "medium", "high"}
    assert set(itertools.chain.from_iterable(s["time"] for s in SPECS)) == {
        "month",
        "half-year",
        "year",
    }


def test_long_facets_fold_unless_a_value_is_chosen():
    def facet(count, chosen=None):
        values = [
            facets.FacetValue(str(n), f"Значение {n}", 1, n == chosen, "") for n in range(count)
        ]
        return facets.Facet("subject", "Предмет", values)

    assert not facet(facets.FOLD_AFTER).long
    assert facet(facets.FOLD_AFTER + 1).folded
    assert facet(facets.FOLD_AFTER + 1, chosen=3).long
    assert not facet(facets.FOLD_AFTER + 1, chosen=3).folded


def test_the_index_is_reused_and_refreshed_by_publishing(client, bank, terms):
    school = SchoolFactory()
    for number in range(25):
        PracticePageFactory(parent=bank, school=school, kind=KINDS[number % 2])
    with CaptureQueriesContext(connection) as cold:
        client.get(bank.url, [("kind", "pedagogical")])
    # Another page of the same filter: the counts and the order come from the stored index,
    # the practices' terms are not read again.
    with CaptureQueriesContext(connection) as warm:
        response = client.get(bank.url, [("kind", "pedagogical"), ("page", "2")])
    assert response.context["found_count"] == 13
    assert any("practicepage_levels" in query["sql"] for query in cold.captured_queries)
    assert not any("practicepage_levels" in query["sql"] for query in warm.captured_queries)
    assert len(warm) < len(cold)
    PracticePageFactory(parent=bank, school=school, kind="pedagogical")
    response = client.get(bank.url, [("kind", "pedagogical")])
    assert response.context["found_count"] == 14
