"""What the mean's interval needs, kept at import: the participants' score sum of squares from
a ВПР protocol, none from a summary table. Through ``manage.py import_results``."""

import pytest

from indicators.models import ResultAggregate
from indicators.rules.intervals import sample_variance
from tests.factories import SchoolFactory
from tests.indicators.fixtures import SAMPLE, write_2022
from tests.indicators.test_commands import run
from tests.indicators.test_import_counts import write_summary


@pytest.fixture
def schools(db):
    return {number: SchoolFactory(code__code=f"sch{number}") for number in SAMPLE_SCHOOLS}


SAMPLE_SCHOOLS = ("220001", "220002", "220003")


def test_a_protocol_keeps_the_scores_sum_of_squares(schools, tmp_path):
    """SAMPLE's participants (a score and present):
    220001: 14, 9, 5, 10,5 and 20 — squares 196 + 81 + 25 + 110,25 + 400 = 812,25, mean 11,7,
    variance (812,25 − 5·11,7²) / 4 = 127,8 / 4 = 31,95;
    220002: 0, 17 and 6 («X» is no score) — 0 + 289 + 36 = 325;
    220003: everybody absent — no result is stored."""
    path = write_2022(tmp_path / "Проведение работы по математике, 4 класс.xlsx", SAMPLE)

    run("import_results", path, "--year", "2022", "--scale", "6,10,14")

    stored = {
        result.school_id: result for result in ResultAggregate.objects.select_related("school")
    }
    first, second = (stored[schools[number].pk] for number in SAMPLE_SCHOOLS[:2])
    assert (first.participants, first.score_sum_squares) == (5, pytest.approx(812.25))
    assert sample_variance(
        first.participants, first.mean_score, first.score_sum_squares
    ) == pytest.approx(31.95)
    assert (second.participants, second.score_sum_squares) == (3, pytest.approx(325))
    assert schools["220003"].pk not in stored


def test_a_summary_table_gives_no_sum_of_squares_and_replaces_the_protocols(schools, tmp_path):
    """A summary table has no pupils' scores: a result it replaces loses its sum of squares,
    which belonged to the scores it no longer holds."""
    path = write_2022(tmp_path / "Проведение работы по математике, 4 класс.xlsx", SAMPLE)
    run("import_results", path, "--year", "2022", "--scale", "6,10,14")
    summary = write_summary(
        tmp_path / "results.csv", [["sch220001", 2022, "ВПР", "Математика", 4, 5, "11,7"]]
    )

    run("import_results", summary)

    result = ResultAggregate.objects.get(school=schools["220001"])
    assert (result.mean_score, result.score_sum_squares) == (pytest.approx(11.7), None)
