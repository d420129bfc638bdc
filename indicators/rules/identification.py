"""Candidates for the list of schools with low educational results (ШНОР), with the evidence.

Pure functions over a table of aggregates (the columns of ``indicators.results.records``):
nothing here reads the database, so the rules are tested on hand-computed tables and the store
feeds them from whatever it selected. A candidate is a proposal; a coordinator confirms it into the
school's status.

The rules (../shared/DESIGN.md, «Rules from the source documents»):

* Rule A (Amur region, programme item 3.5): the share of failing results — ВПР and КДР: mark 2
  of the participants; ОГЭ and ЕГЭ: below the minimum score of the participants — is at least
  ``failing_share`` («не менее 30 %», so a share exactly at the threshold counts) in Russian or
  mathematics (``subjects``, in any grade),
  - in at least two different procedures in the year, or
  - at least once in each of the last ``consecutive_years`` years in one procedure.
* Rule B (Kamensk-Uralsky): the school's mean score is below the region's in each of the last
  ``below_mean_years`` years, in one procedure, subject and grade — the same work compared
  with the same work, since means of different grades are on different scales. Any subject.
  The region's mean is the participant-weighted mean of all schools' means, small schools
  included (they are the region's pupils too); «below» is strict.

A result of fewer than ``min_participants`` participants is skipped by both rules: one pupil of
three failing is no evidence about a school. "The last N years" are the calendar years
``year - N + 1 … year``; a school missing any of them does not meet that part of the rule.
"""

from dataclasses import dataclass, field

import pandas as pd
from django.conf import settings

from ..results.records import Procedure

RULE_FAILING_SHARE = "A"
RULE_BELOW_MEAN = "B"

# ОГЭ and ЕГЭ fail below the minimum score; ВПР and КДР with mark 2.
BELOW_MINIMUM_PROCEDURES = [Procedure.OGE.value, Procedure.EGE.value]

# Shares and means are compared after rounding: 0.4 - 0.35 is 0.05000000000000004 in floating
# point, and a difference exactly at the margin must not count.
PRECISION = 9


@dataclass(frozen=True)
class Thresholds:
    failing_share: float = 0.30
    consecutive_years: int = 2
    below_mean_years: int = 3
    min_participants: int = 5
    noise_margin: float = 0.05
    subjects: tuple[str, ...] = ("Русский язык", "Математика")


def thresholds_from_settings():
    return Thresholds(
        failing_share=settings.SHNOR_FAILING_SHARE,
        consecutive_years=settings.SHNOR_CONSECUTIVE_YEARS,
        below_mean_years=settings.SHNOR_BELOW_MEAN_YEARS,
        min_participants=settings.RESULTS_MIN_PARTICIPANTS,
        noise_margin=settings.DYNAMICS_NOISE_MARGIN,
        subjects=tuple(settings.SHNOR_SUBJECTS),
    )


@dataclass(frozen=True)
class Evidence:
    """One result that triggered a rule: for rule A the failing share against the threshold,
    for rule B the school's mean against the region's."""

    procedure: str
    subject: str
    grade: int
    year: int
    value: float
    threshold: float
    text: str
    rule: str


@dataclass
class Candidate:
    school_code: str
    rules: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


def failing_counts(aggregates):
    """The number of failing results of each row: mark 2, or below the minimum for ОГЭ/ЕГЭ."""
    below_minimum = aggregates["procedure"].isin(BELOW_MINIMUM_PROCEDURES)
    return aggregates["below_minimum"].where(below_minimum, aggregates["mark2"])


def failing_shares(aggregates):
    """Failing results of the participants, rounded for comparisons; NaN without participants."""
    participants = aggregates["participants"].where(aggregates["participants"] > 0)
    return (failing_counts(aggregates) / participants).round(PRECISION)


def candidates(aggregates, year, thresholds=None):
    """The schools that rule A or B proposes for ``year``, ordered by code, with the evidence."""
    thresholds = thresholds or thresholds_from_settings()
    found = {}
    for rule, rows in (
        (RULE_FAILING_SHARE, _failing_share_evidence(aggregates, year, thresholds)),
        (RULE_BELOW_MEAN, _below_mean_evidence(aggregates, year, thresholds)),
    ):
        rows = rows.sort_values(["school_code", "year", "procedure", "subject", "grade"])
        for row in rows.itertuples(index=False):
            candidate = found.setdefault(row.school_code, Candidate(row.school_code))
            if rule not in candidate.rules:
                candidate.rules.append(rule)
            candidate.evidence.append(
                Evidence(
                    procedure=row.procedure,
                    subject=row.subject,
                    grade=int(row.grade),
                    year=int(row.year),
                    value=float(row.value),
                    threshold=float(row.threshold),
                    text=row.text,
                    rule=rule,
                )
            )
    return [found[code] for code in sorted(found)]


def failing_share_schools(aggregates, year, thresholds=None):
    """The codes of the schools rule A proposes for ``year``: ``candidates`` without the
    evidence sentences, which cost most of the time on a region's years of results."""
    hits = _failing_share_hits(aggregates, year, thresholds or thresholds_from_settings())
    return set(hits["school_code"])


def _failing_share_evidence(aggregates, year, thresholds):
    hits = _failing_share_hits(aggregates, year, thresholds)
    return hits.assign(text=_texts(hits, _failing_share_sentence))


def _failing_share_hits(aggregates, year, thresholds):
    first_year = year - thresholds.consecutive_years + 1
    subjects = {name.casefold() for name in thresholds.subjects}
    rows = aggregates[
        aggregates["year"].between(first_year, year)
        & (aggregates["participants"] >= thresholds.min_participants)
        & aggregates["subject"].str.strip().str.casefold().isin(subjects)
    ]
    rows = rows.assign(value=failing_shares(rows), threshold=thresholds.failing_share)
    hits = rows[rows["value"] >= thresholds.failing_share]

    this_year = hits[hits["year"] == year]
    procedures = this_year.groupby("school_code")["procedure"].nunique()
    two_procedures = this_year["school_code"].isin(procedures.index[procedures >= 2])

    years = hits.groupby(["school_code", "procedure"])["year"].transform("nunique")
    every_year = years == thresholds.consecutive_years

    return hits[two_procedures.reindex(hits.index, fill_value=False) | every_year]


def _below_mean_evidence(aggregates, year, thresholds):
    first_year = year - thresholds.below_mean_years + 1
    rows = aggregates[
        aggregates["year"].between(first_year, year)
        & (aggregates["participants"] > 0)
        & aggregates["mean_score"].notna()
    ]
    work = ["procedure", "subject", "grade", "year"]
    weighted = rows.assign(points=rows["mean_score"] * rows["participants"])
    totals = weighted.groupby(work)[["points", "participants"]].transform("sum")
    rows = rows.assign(
        value=rows["mean_score"],
        threshold=(totals["points"] / totals["participants"]).round(PRECISION),
    )
    below = rows[
        (rows["participants"] >= thresholds.min_participants)
        & (rows["value"].round(PRECISION) < rows["threshold"])
    ]
    years = below.groupby(["school_code", "procedure", "subject", "grade"])["year"].transform(
        "nunique"
    )
    below = below[years == thresholds.below_mean_years]
    return below.assign(text=_texts(below, _below_mean_sentence))


def _texts(rows, sentence):
    return pd.Series([sentence(row) for row in rows.itertuples(index=False)], index=rows.index)


def _failing_share_sentence(row):
    failing = (
        "участников ниже минимального балла"
        if row.procedure in BELOW_MINIMUM_PROCEDURES
        else "работ на «2»"
    )
    return f"{_work(row)}: {percent(row.value)} {failing} (порог {percent(row.threshold)})"


def _below_mean_sentence(row):
    # One decimal reads best; more only when one decimal would show the two means equal.
    digits = next(
        (digits for digits in (1, 2) if number(row.value, digits) != number(row.threshold, digits)),
        3,
    )
    return (
        f"{_work(row)}: средний балл {number(row.value, digits)} "
        f"ниже среднего по региону {number(row.threshold, digits)}"
    )


def _work(row):
    procedure = Procedure(row.procedure).label
    return f"{procedure} {int(row.year)}, {lower_first(row.subject)}, {int(row.grade)} класс"


def lower_first(name):
    """«Математика» → «математика» inside a sentence; abbreviations (ОБЖ) stay as they are."""
    if len(name) > 1 and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def number(value, digits=1):
    """A number as Russians write it: a decimal comma, ``digits`` decimals at most."""
    text = f"{float(value):.{digits}f}".rstrip("0").removesuffix(".")
    return text.replace(".", ",")


def percent(share):
    return f"{number(share * 100)} %"
