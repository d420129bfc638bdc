"""Year-over-year dynamics of results, each school's verdict, and the region's indicator «доля
ШНОР, показавших положительную динамику» (programme items 3.6 and 3.11). Pure functions over
aggregates; the method in plain words: docs/verdicts.md.

Decisions:

* A comparison is one school's result in one procedure, subject and grade against the same
  procedure, subject and grade a year before — the same work, so both the failing share and the
  mean score compare like with like (means of different grades are on different scales).
  Only the calendar year just before counts: a school missing it has no comparison that year.
* Both years need at least ``min_participants`` participants, or the comparison is
  ``insufficient`` («мало участников»).
* Each of the two figures — the failing share (``identification.failing_shares``) and the mean
  score — is judged better, worse or unchanged by the ``Method`` (``DYNAMICS_METHOD``):
  - ``interval`` (the default): better when the confidence interval of its change
    (``DYNAMICS_CONFIDENCE``, 95 %) lies wholly on the good side of zero, worse when wholly on
    the bad side: Newcombe's interval for the share, Welch's normal approximation for the mean
    (``intervals``). A mean without the scores' sum of squares (summary tables) has no
    interval and is not judged; the share still is.
  - ``margin`` (the earlier rule): the share fell (rose) by more than ``noise_margin`` in share
    points — 0.05 is 5 percentage points — or the mean rose (fell) by more than
    ``noise_margin`` of the previous mean (relative, since scores of different works have
    different maxima). A change exactly at the margin is noise.
* A comparison is ``positive`` when one of its figures is better, ``negative`` when not positive
  and one is worse, ``stable`` otherwise — under both methods, so only the test of each figure
  differs between them.
* A school's verdict in a subject and year pools its comparisons in the subject (any procedure
  and grade): positive with at least one positive comparison and no negative one, negative with
  a negative one and no positive one, stable when they disagree or none moved, insufficient
  when every comparison is. The region's indicator counts, per subject and year, the ШНОР with a
  positive verdict (numerator) among the ШНОР with at least one sufficient comparison in the
  subject (denominator); ШНОР whose comparisons are all insufficient are counted apart, and
  ШНОР without results in the subject that year are not counted at all.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from django.conf import settings

from .identification import PRECISION, failing_counts, failing_shares, thresholds_from_settings
from .intervals import mean_difference, proportion_difference, sample_variance, z_value
from .sentences import PERCENT, format_number, format_value

POSITIVE = "positive"
NEGATIVE = "negative"
STABLE = "stable"
INSUFFICIENT = "insufficient"
# A figure that cannot be judged: no previous mean, or no interval for the mean.
UNKNOWN = "unknown"

INTERVAL = "interval"
MARGIN = "margin"

WORK = ["school_code", "procedure", "subject", "grade"]
CHANGE_COLUMNS = [
    *WORK,
    "year",
    "participants_before",
    "participants",
    "failing_before",
    "failing",
    "failing_share_before",
    "failing_share",
    "failing_share_change",
    "failing_low",
    "failing_high",
    "failing_status",
    "mean_before",
    "mean_score",
    "mean_change",
    "mean_difference",
    "mean_low",
    "mean_high",
    "mean_status",
    "status",
]
VERDICT_COLUMNS = [
    "school_code",
    "school_name",
    "subject",
    "year",
    "compared",
    "positive",
    "negative",
    "sufficient",
    "status",
]
REGION_COLUMNS = ["subject", "year", "numerator", "denominator", "share", "insufficient"]


@dataclass(frozen=True)
class Method:
    """How a change is told from chance: ``interval`` at ``confidence``, or ``margin``."""

    name: str = INTERVAL
    confidence: float = 0.95

    def __post_init__(self):
        if self.name not in (INTERVAL, MARGIN):
            raise ValueError(
                f"DYNAMICS_METHOD: «{self.name}» — допустимы «{INTERVAL}» и «{MARGIN}»"
            )
        if not 0 < self.confidence < 1:
            raise ValueError(f"DYNAMICS_CONFIDENCE: {self.confidence} — нужно число между 0 и 1")

    @property
    def key(self):
        """What a cached rendering depends on."""
        return f"{self.name}-{self.confidence}"


def method_from_settings():
    return Method(settings.DYNAMICS_METHOD, settings.DYNAMICS_CONFIDENCE)


def changes(aggregates, thresholds=None, method=None):
    """One row per result of a year with its change against the year before (CHANGE_COLUMNS).

    ``failing_share_change`` is in share points (-0.1: ten points fewer failing), with the
    interval ``failing_low``–``failing_high``; ``mean_change`` is relative to the previous mean
    (0.1: ten per cent higher), NaN when the previous mean is missing or zero;
    ``mean_difference`` is in score points, with the interval ``mean_low``–``mean_high`` (NaN
    without both years' sums of squares). ``failing_status`` and ``mean_status`` judge each
    figure, ``status`` the comparison.
    """
    thresholds = thresholds or thresholds_from_settings()
    method = method or method_from_settings()
    current = aggregates[[*WORK, "year", "participants", "mean_score"]].assign(
        failing=failing_counts(aggregates),
        failing_share=failing_shares(aggregates),
        variance=sample_variance(
            aggregates["participants"], aggregates["mean_score"], aggregates["score_sum_squares"]
        ),
    )
    before = current.assign(year=current["year"] + 1).rename(
        columns={
            "participants": "participants_before",
            "mean_score": "mean_before",
            "failing": "failing_before",
            "failing_share": "failing_share_before",
            "variance": "variance_before",
        }
    )
    table = current.merge(before, on=[*WORK, "year"], how="left")
    table["failing_share_change"] = (table["failing_share"] - table["failing_share_before"]).round(
        PRECISION
    )
    previous_mean = table["mean_before"].where(table["mean_before"] > 0)
    table["mean_change"] = ((table["mean_score"] - previous_mean) / previous_mean).round(PRECISION)
    table["mean_difference"] = (table["mean_score"] - table["mean_before"]).round(PRECISION)

    z = z_value(method.confidence)
    table["failing_low"], table["failing_high"] = proportion_difference(
        table["failing_before"],
        table["participants_before"],
        table["failing"],
        table["participants"],
        z,
    )
    table["mean_low"], table["mean_high"] = mean_difference(
        table["participants_before"],
        table["mean_before"],
        table["variance_before"],
        table["participants"],
        table["mean_score"],
        table["variance"],
        z,
    )

    if method.name == MARGIN:
        margin = thresholds.noise_margin
        failing = _judged(
            table["failing_share_change"] < -margin,
            table["failing_share_change"] > margin,
            table["failing_share_change"],
        )
        mean = _judged(
            table["mean_change"] > margin, table["mean_change"] < -margin, table["mean_change"]
        )
    else:
        failing = _judged(table["failing_high"] < 0, table["failing_low"] > 0, table["failing_low"])
        mean = _judged(table["mean_low"] > 0, table["mean_high"] < 0, table["mean_low"])
    table["failing_status"], table["mean_status"] = failing, mean

    better = (failing == POSITIVE) | (mean == POSITIVE)
    worse = (failing == NEGATIVE) | (mean == NEGATIVE)
    sufficient = (table["participants"] >= thresholds.min_participants) & (
        table["participants_before"] >= thresholds.min_participants
    )
    table["status"] = STABLE
    table.loc[worse, "status"] = NEGATIVE
    table.loc[better, "status"] = POSITIVE
    table.loc[~sufficient, "status"] = INSUFFICIENT
    return table[CHANGE_COLUMNS].sort_values([*WORK, "year"], ignore_index=True)


def _judged(better, worse, value):
    """One figure's status: unknown where ``value`` (what it is judged by) is missing."""
    status = pd.Series(STABLE, index=value.index)
    status[worse] = NEGATIVE
    status[better] = POSITIVE
    status[value.isna()] = UNKNOWN
    return status


def school_verdicts(table, names=None):
    """Each school's verdict per subject and year from ``changes``' table (VERDICT_COLUMNS).

    ``compared`` tells whether any work has results of the year before; ``positive`` and
    ``negative`` whether any sufficient comparison was; ``status`` is the verdict (module
    docstring). ``names`` maps school codes to names (empty when not given).
    """
    flags = table.assign(
        compared=table["participants_before"].notna(),
        positive=table["status"] == POSITIVE,
        negative=table["status"] == NEGATIVE,
        sufficient=table["status"] != INSUFFICIENT,
    )
    verdicts = (
        flags.groupby(["school_code", "subject", "year"])[
            ["compared", "positive", "negative", "sufficient"]
        ]
        .any()
        .reset_index()
    )
    verdicts["status"] = STABLE
    verdicts.loc[verdicts["negative"] & ~verdicts["positive"], "status"] = NEGATIVE
    verdicts.loc[verdicts["positive"] & ~verdicts["negative"], "status"] = POSITIVE
    verdicts.loc[~verdicts["sufficient"], "status"] = INSUFFICIENT
    names = names or {}
    verdicts["school_name"] = [names.get(code, "") for code in verdicts["school_code"]]
    return verdicts[VERDICT_COLUMNS]


def shnor_verdicts(
    aggregates, shnor, thresholds=None, procedures=None, pooled_as=None, method=None
):
    """The ШНОР's verdicts per subject and year (VERDICT_COLUMNS), named as ``aggregates`` names
    them.

    ``shnor`` is the school codes of the ШНОР: one collection for every year, or a mapping
    year → codes when the list changed between years. ``procedures`` limits the results taken
    (item 3.11 counts ВПР only); all by default. ``pooled_as`` judges all the subjects given
    together, as one subject of that name: each work is still compared with the same work a
    year before.
    """
    # A school's changes need only its own rows: the rest of the region's, most of them, is left
    # out before years are compared (on 190,000 results a fifth of the time).
    aggregates = aggregates[aggregates["school_code"].isin(_shnor_codes(shnor))]
    table = changes(aggregates, thresholds, method)
    if procedures is not None:
        table = table[table["procedure"].isin(procedures)]
    table = table[_is_shnor(table, shnor)]
    if pooled_as is not None:
        table = table.assign(subject=pooled_as)
    names = aggregates.drop_duplicates("school_code").set_index("school_code")["school_name"]
    return school_verdicts(table, names.to_dict())


def region_share(verdicts):
    """The region's indicator per subject and year (REGION_COLUMNS) from ``shnor_verdicts``.
    ``share`` is NaN when the denominator is 0."""
    counted = verdicts.assign(
        counted=verdicts["status"] == POSITIVE, insufficient=~verdicts["sufficient"]
    )
    region = (
        counted.groupby(["subject", "year"])[["counted", "sufficient", "insufficient"]]
        .sum()
        .rename(columns={"counted": "numerator", "sufficient": "denominator"})
        .reset_index()
    )
    denominator = region["denominator"].where(region["denominator"] > 0)
    region["share"] = region["numerator"] / denominator
    return region[REGION_COLUMNS].astype(
        {"numerator": int, "denominator": int, "insufficient": int}
    )


def positive_share(
    aggregates, shnor, thresholds=None, procedures=None, pooled_as=None, method=None
):
    """The region's indicator per subject and year (REGION_COLUMNS); the arguments are
    ``shnor_verdicts``'."""
    return region_share(
        shnor_verdicts(aggregates, shnor, thresholds, procedures, pooled_as, method)
    )


def _shnor_codes(shnor):
    """The codes of every year's ШНОР."""
    if not isinstance(shnor, Mapping):
        return set(shnor)
    return set().union(*shnor.values())


def _is_shnor(table, shnor):
    if not isinstance(shnor, Mapping):
        return table["school_code"].isin(set(shnor))
    years, codes = [], []
    for year, year_codes in shnor.items():
        years.extend([year] * len(year_codes))
        codes.extend(year_codes)
    pairs = pd.MultiIndex.from_arrays([years, codes])
    return pd.MultiIndex.from_frame(table[["year", "school_code"]]).isin(pairs)


def method_note(method, thresholds):
    """The method and its parameters in one plain sentence, to stand next to every verdict."""
    participants = (
        f"сравниваются результаты, где не меньше {format_number(thresholds.min_participants)} "
        "участников в оба года"
    )
    if method.name == MARGIN:
        margin = format_value(thresholds.noise_margin, PERCENT)
        return (
            "Изменение к прошлому году считается заметным, если доля неудовлетворительных "
            f"результатов изменилась больше чем на {margin.replace('%', 'п. п.')} или средний "
            f"балл — больше чем на {margin} (метод порога); {participants}."
        )
    return (
        "Изменение к прошлому году считается заметным, если оно больше, чем могло бы дать "
        "случайное колебание: его доверительный интервал с вероятностью "
        f"{format_value(method.confidence, PERCENT)} целиком выше или ниже нуля (для доли "
        "неудовлетворительных результатов — интервал Ньюкомба, для среднего балла — по разбросу "
        f"баллов учеников в оба года); {participants}."
    )


def method_label(method, thresholds):
    """The method in a few words, for a figure's note: «по доверительным интервалам 95 %»."""
    if method.name == MARGIN:
        margin = format_value(thresholds.noise_margin, PERCENT).replace("%", "п. п.")
        return f"заметные изменения — по порогу {margin}"
    confidence = format_value(method.confidence, PERCENT)
    return f"заметные изменения — по доверительным интервалам {confidence}"
