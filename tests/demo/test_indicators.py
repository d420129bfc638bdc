"""The demo results and the demo «Показатели» page: plausible numbers that show real cases."""

import html
import itertools
import re

import pytest
from django.conf import settings
from django.core.cache import cache

from demo import indicators_results, timeline
from demo.indicators import PAGE_SCHOOL
from demo.schools import SCHOOLS
from demo.users import demo_admin
from indicators.models import (
    IndicatorValue,
    ResultAggregate,
)
from indicators.results.queries import aggregates_frame
from indicators.rules.identification import candidates
from indicators.rules.intervals import (
    mean_difference,
    proportion_difference,
    sample_variance,
    z_value,
)
from indicators.rules.objectivity import school_objectivity
from schools.models import SchoolCode, SchoolPage, SchoolStatus

PAGE = "/pokazateli/"
CANDIDATES = "/admin/indicators/candidates/"


@pytest.fixture
def demo(demo_loaded, db):
    """The whole demo, loaded once for the module; each test runs in its own savepoint."""


def school(number):
    return SchoolCode.objects.select_related("school").get(code=f"sch{number}").school


def page_text(response):
    """The visible text of a response, tags dropped and spaces (no-break ones too) collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def percent(share):
    text = f"{share * 100:.1f}".removesuffix(".0").replace(".", ",")
    return f"{text} %"


def test_generator_is_deterministic_and_counts_add_up():
    schools = [
        indicators_results.DemoSchool(s.number, s.kind, s.settlement == "urban") for s in SCHOOLS
    ]
    rows = indicators_results.generate(schools)
    assert rows == indicators_results.generate(schools)
    # A school's rows depend on nothing but the school: not on the others nor their order.
    alone = indicators_results.generate(schools[:1])
    assert alone == [row for row in rows if row["school_code"] == f"sch{schools[0].code}"]
    assert indicators_results.generate(schools[1:] + schools[:1])[-len(alone) :] == alone
    for row in rows:
        marks = row["mark2"] + row["mark3"] + row["mark4"] + row["mark5"]
        compared = row["lowered"] + row["confirmed"] + row["raised"]
        # A school's small year (the demo's case of «мало участников») is below the minimum.
        profile = indicators_results.PROFILES[row["school_code"].removeprefix("sch")]
        if row["year"] not in map(timeline.year, profile.small_years):
            assert row["participants"] >= settings.RESULTS_MIN_PARTICIPANTS
        if row["procedure"] == "EGE":
            assert marks == compared == 0
            assert row["below_minimum"] + row["high_results"] <= row["participants"]
            assert 0 < row["mean_score"] <= 100
        else:
            assert marks == row["participants"], row
        if row["procedure"] == "VPR":
            assert compared == row["participants"]
            # The scores' sum of squares agrees with their mean: a variance above zero.
            spread = row["score_sum_squares"] - row["participants"] * row["mean_score"] ** 2
            assert spread > 0
            scale = indicators_results.VPR_SCALES[row["subject"], row["grade"]]
            assert 0 < row["mean_score"] < scale.max_score
        if row["procedure"] == "OGE":
            assert row["below_minimum"] == row["mark2"]
        if row["procedure"] != "VPR":  # summary tables' results: no pupils' scores
            assert row["score_sum_squares"] is None


def vpr_rows():
    """The stored ВПР results as plain dicts, straight from the model."""
    return list(
        ResultAggregate.objects.filter(procedure="VPR").values(
            "school_id",
            "year",
            "subject__name",
            "grade",
            "participants",
            "mark2",
            "mean_score",
            "score_sum_squares",
        )
    )


def expected_positive_shares(rows, subjects, years):
    """The share of ШНОР with positive dynamics, counted by hand from the rows: a ШНОР of a
    results year has the status in the school year before; it counts when one of its ВПР works
    in the subjects got better beyond chance and none got worse — the 95 % interval of the
    change of its failing share (Newcombe's) or of its mean (Welch's) wholly on one side of
    zero; works of fewer than the minimum of participants in either year are not judged."""
    assert settings.DYNAMICS_METHOD == "interval"
    z = z_value(settings.DYNAMICS_CONFIDENCE)
    by_key = {(r["school_id"], r["year"], r["subject__name"], r["grade"]): r for r in rows}
    shares = []
    for year in years:
        shnor = set(
            SchoolStatus.objects.filter(school_year=year - 1, status="shnor").values_list(
                "school_id", flat=True
            )
        )
        positive = compared = 0
        for school_id in shnor:
            better = worse = False
            found = False
            for subject, grade in itertools.product(subjects, indicators_results.VPR_GRADES):
                now = by_key.get((school_id, year, subject, grade))
                before = by_key.get((school_id, year - 1, subject, grade))
                if not now or not before:
                    continue
                if min(now["participants"], before["participants"]) < (
                    settings.RESULTS_MIN_PARTICIPANTS
                ):
                    continue
                found = True
                share_low, share_high = proportion_difference(
                    before["mark2"], before["participants"], now["mark2"], now["participants"], z
                )
                mean_low, mean_high = mean_difference(
                    *(
                        value
                        for row in (before, now)
                        for value in (
                            row["participants"],
                            row["mean_score"],
                            sample_variance(
                                row["participants"], row["mean_score"], row["score_sum_squares"]
                            ),
                        )
                    ),
                    z,
                )
                better |= share_high < 0 or mean_low > 0
                worse |= share_low > 0 or mean_high < 0
            compared += found
            positive += better and not worse
        shares.append(positive / compared)
    return shares


def test_indicators_page_shows_the_shnor_dynamics_the_results_give(demo, client):
    rows = vpr_rows()
    response = client.get(PAGE)
    assert response.status_code == 200
    text = page_text(response)
    years = [timeline.year(2024), timeline.year(2025)]
    for subject, phrase in (("Математика", "по математике"), ("Русский язык", "по русскому языку")):
        before, after = expected_positive_shares(rows, [subject], years)
        assert after > before
        assert (
            f"Доля ШНОР с положительной динамикой {phrase} выросла с {percent(before)} "
            f"до {percent(after)} ({timeline.year(2024)} → {timeline.year(2025)})"
        ) in text
    body = response.content.decode()
    # Per subject its dynamics and the school's failing share and mean; seven programme indicators.
    assert body.count("<svg") == 2 * 3 + 7
    assert "Таблица данных" in text and f"ВПР {timeline.year(2025)}, Математика, 4 класс" in text
    # The shell's text stays on the page above the charts.
    assert text.index("Какие школы считаются ШНОР") < text.index("Результаты в цифрах")
    leader = school("660301")
    assert leader.short_name in text


def test_indicators_page_shows_programme_indicators_against_their_targets(demo, client):
    text = page_text(client.get(PAGE))

    # Entered by a coordinator: 92 % in the last year against 100 %; a city's count at target.
    assert "Доля неуспевающих учеников с ИОМ — 92 % при цели 100 %: до цели 8 п. п." in text
    assert (
        "Количество ШНОР с методическим сопровождением (Каменск-Уральский городской округ) — 6 "
        "при цели 6: цель достигнута."
    ) in text
    # Computed from the demo results (3.6, all procedures): the sentence tells the stored value.
    value = IndicatorValue.objects.get(indicator__code="3.6", year=timeline.year(2025))
    assert (
        f"Доля ШНОР с положительной динамикой — {percent(float(value.value) / 100)} при цели 50 %"
    ) in text
    assert f"{timeline.year(2025)} — {value.note}".replace("\xa0", " ") in text


def test_computed_vpr_dynamics_matches_a_count_by_hand(demo):
    """3.11 pools the ВПР works in Russian and mathematics of each ШНОР."""
    years = [timeline.year(2024), timeline.year(2025)]
    expected = expected_positive_shares(vpr_rows(), ["Математика", "Русский язык"], years)
    stored = IndicatorValue.objects.filter(indicator__code="3.11").order_by("year")
    assert [(value.year, float(value.value)) for value in stored] == [
        (years[0], round(expected[0] * 100, 2)),
        (years[1], round(expected[1] * 100, 2)),
    ]


def test_indicators_page_reads_the_results_in_bounded_queries(
    demo, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40):
        assert client.get(PAGE).status_code == 200


def test_rules_find_the_intended_cases(demo):
    def shnor(school_year):
        statuses = SchoolStatus.objects.filter(school_year=school_year, status="shnor")
        return {str(pk) for pk in statuses.values_list("school_id", flat=True)}

    first_list = shnor(timeline.year(2023))
    frame = aggregates_frame()
    found_second = {candidate.school_code for candidate in candidates(frame, timeline.year(2024))}
    found_last = {candidate.school_code for candidate in candidates(frame, timeline.year(2025))}
    assert found_second == first_list
    new = {school(number).pk for number in indicators_results.NEW_CANDIDATES}
    assert {int(code) for code in found_last - first_list} == new
    # The coordinator's steps the demo takes: each year's candidates that were ШНОР the year
    # before are confirmed, up to the list of the school year running on the load day; the new
    # candidates wait for a coordinator, and the schools that improved left the list.
    assert shnor(timeline.year(2024)) == first_list
    assert shnor(timeline.year(2025)) == found_last - {str(pk) for pk in new}
    improved = {str(school(number).pk) for number in indicators_results.IMPROVED_IN_LAST_YEAR}
    assert first_list - shnor(timeline.year(2025)) <= improved
    confirmed = SchoolStatus.objects.filter(school_year__gt=timeline.year(2023), status="shnor")
    assert all(status.rule.startswith("Выявлена по правил") for status in confirmed)
    shares = school_objectivity(frame[frame["procedure"] == "VPR"])
    confirmed_share = shares.groupby("school_code")["share_confirmed"].mean()
    low = str(school(indicators_results.LOW_OBJECTIVITY_SCHOOL).pk)
    assert confirmed_share[low] < 0.5
    assert confirmed_share.drop(low).min() > 0.7


def test_candidates_admin_lists_the_new_candidates(demo, client, django_assert_max_num_queries):
    client.force_login(demo_admin())
    with django_assert_max_num_queries(20):
        response = client.get(CANDIDATES, {"year": timeline.year(2025)})
    assert response.status_code == 200
    text = page_text(response)
    for number in indicators_results.NEW_CANDIDATES:
        assert school(number).short_name in text
    for number in ("470109", "660301"):  # leaders
        assert school(number).short_name not in text


def test_improved_shnor_school_page_shows_its_charts(demo, client, django_assert_max_num_queries):
    assert PAGE_SCHOOL in indicators_results.IMPROVED_IN_LAST_YEAR
    page = SchoolPage.objects.get(school=school(PAGE_SCHOOL))
    # A cold page: a query string passes by the whole page's cache, and nothing else is kept
    # (sections, site root paths). About 45 queries; the skills section reads the practices of
    # all its skills in one (it made 113 when it searched for each).
    cache.clear()
    with django_assert_max_num_queries(50):
        response = client.get(f"{page.url}?charts")
    assert response.status_code == 200
    # load_demo found the bank's practices for the weak skills (tests/skills: which ones).
    assert 'class="task-skills__practices"' in response.content.decode()
    text = page_text(response)
    assert response.content.decode().count("<svg") >= 4  # ВПР and ОГЭ, two subjects
    assert re.search(r"Доля отметок «2» по математике \(4 класс\) снизилась с [\d,]+ % до", text)
