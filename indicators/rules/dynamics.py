"""Year-over-year dynamics of results and the region's indicator «доля ШНОР, показавших
положительную динамику» (programme items 3.6 and 3.11). Pure functions over aggregates.

Decisions:

* A comparison is one school's result in one procedure, subject and grade against the same
  procedure, subject and grade a year before — the same work, so both the failing share and the
  mean score compare like with like (means of different grades are on different scales).
  Only the calendar year just before counts: a school missing it has no comparison that year.
* Both years need at least ``min_participants`` participants, or the comparison is
  ``insufficient``.
* ``positive``: the failing share (``identification.failing_shares``) fell by more than
  ``noise_margin`` — in share points: 0.05 is 5 percentage points — or the mean score rose by
  more than ``noise_margin`` of the previous mean (relative, since scores of different works
  have different maxima: 5 % of the mean). A change exactly at the margin is noise.
  ``negative``: not positive, and the share rose or the mean fell by more than the margin.
  ``stable``: neither.
* A school shows positive dynamics in a subject in a year when it has at least one positive
  comparison in that subject (any procedure and grade) and no negative one. The region's
  indicator counts, per subject and year, the ШНОР with such dynamics (numerator) among the
  ШНОР with at least one sufficient comparison in the subject (denominator); ШНОР whose
  comparisons are all insufficient are counted apart, and ШНОР without results in the subject
  that year are not counted at all.
"""

from collections.abc import Mapping

import pandas as pd

from .identification import PRECISION, failing_shares, thresholds_from_settings

POSITIVE = "positive"
NEGATIVE = "negative"
STABLE = "stable"
INSUFFICIENT = "insufficient"

WORK = ["school_code", "procedure", "subject", "grade"]
CHANGE_COLUMNS = [
    *WORK,
    "year",
    "participants_before",
    "participants",
    "failing_share_before",
    "failing_share",
    "failing_share_change",
    "mean_before",
    "mean_score",
    "mean_change",
    "status",
]
REGION_COLUMNS = ["subject", "year", "numerator", "denominator", "share", "insufficient"]


def changes(aggregates, thresholds=None):
    """One row per result of a year with its change against the year before (CHANGE_COLUMNS).

    ``failing_share_change`` is in share points (-0.1: ten points fewer failing);
    ``mean_change`` is relative to the previous mean (0.1: ten per cent higher), NaN when the
    previous mean is missing or zero.
    """
    thresholds = thresholds or thresholds_from_settings()
    current = aggregates[[*WORK, "year", "participants", "mean_score"]].assign(
        failing_share=failing_shares(aggregates)
    )
    before = current.assign(year=current["year"] + 1).rename(
        columns={
            "participants": "participants_before",
            "mean_score": "mean_before",
            "failing_share": "failing_share_before",
        }
    )
    table = current.merge(before, on=[*WORK, "year"], how="left")
    table["failing_share_change"] = (table["failing_share"] - table["failing_share_before"]).round(
        PRECISION
    )
    previous_mean = table["mean_before"].where(table["mean_before"] > 0)
    table["mean_change"] = ((table["mean_score"] - previous_mean) / previous_mean).round(PRECISION)

    margin = thresholds.noise_margin
    better = (table["failing_share_change"] < -margin) | (table["mean_change"] > margin)
    worse = (table["failing_share_change"] > margin) | (table["mean_change"] < -margin)
    sufficient = (table["participants"] >= thresholds.min_participants) & (
        table["participants_before"] >= thresholds.min_participants
    )
    table["status"] = STABLE
    table.loc[worse, "status"] = NEGATIVE
    table.loc[better, "status"] = POSITIVE
    table.loc[~sufficient, "status"] = INSUFFICIENT
    return table[CHANGE_COLUMNS].sort_values([*WORK, "year"], ignore_index=True)


def positive_share(aggregates, shnor, thresholds=None, procedures=None, pooled_as=None):
    """The region's indicator per subject and year (REGION_COLUMNS).

    ``shnor`` is the school codes of the ШНОР: one collection for every year, or a mapping
    year → codes when the list changed between years. ``procedures`` limits the results taken
    (item 3.11 counts ВПР only); all by default. ``pooled_as`` counts all the subjects given
    together, as one subject of that name: each work is still compared with the same work a
    year before. ``share`` is NaN when the denominator is 0.
    """
    table = changes(aggregates, thresholds)
    if procedures is not None:
        table = table[table["procedure"].isin(procedures)]
    table = table[_is_shnor(table, shnor)]
    if pooled_as is not None:
        table = table.assign(subject=pooled_as)

    per_school = (
        table.assign(
            positive=table["status"] == POSITIVE,
            negative=table["status"] == NEGATIVE,
            sufficient=table["status"] != INSUFFICIENT,
        )
        .groupby(["school_code", "subject", "year"])[["positive", "negative", "sufficient"]]
        .any()
    )
    per_school["counted"] = per_school["positive"] & ~per_school["negative"]
    per_school["insufficient"] = ~per_school["sufficient"]
    region = (
        per_school.groupby(["subject", "year"])[["counted", "sufficient", "insufficient"]]
        .sum()
        .rename(columns={"counted": "numerator", "sufficient": "denominator"})
        .reset_index()
    )
    denominator = region["denominator"].where(region["denominator"] > 0)
    region["share"] = region["numerator"] / denominator
    return region[REGION_COLUMNS].astype(
        {"numerator": int, "denominator": int, "insufficient": int}
    )


def _is_shnor(table, shnor):
    if not isinstance(shnor, Mapping):
        return table["school_code"].isin(set(shnor))
    years, codes = [], []
    for year, year_codes in shnor.items():
        years.extend([year] * len(year_codes))
        codes.extend(year_codes)
    pairs = pd.MultiIndex.from_arrays([years, codes])
    return pd.MultiIndex.from_frame(table[["year", "school_code"]]).isin(pairs)
