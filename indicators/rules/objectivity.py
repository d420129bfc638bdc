"""Objectivity of ВПР results (programme item 3.7): how pupils' ВПР marks compare with their
journal marks — lowered (the ВПР mark is below the journal mark), confirmed, raised (above) — per
school and for the region, and the signals worth a closer look (docs/objectivity.md).

The shares are of the pupils compared (lowered + confirmed + raised): pupils without a journal
mark are not compared. NaN when nobody was compared.

A signal marks a school's work whose raised share is at least ``Thresholds.raised`` or whose
lowered share is at least ``Thresholds.lowered`` («не менее», so a share at the threshold
counts). It is a reason to look at how the work was written and marked, and at the journal, not a
verdict on teachers: ВПР results are not for judging teachers. A work of fewer than
``min_compared`` pupils compared gets no signal: one pupil of four is a quarter.
"""

from dataclasses import dataclass

from django.conf import settings

COUNTS = ["lowered", "confirmed", "raised"]
SHARES = ["share_lowered", "share_confirmed", "share_raised"]
REGION_SHARES = [f"region_{share}" for share in SHARES]
SIGNALS = ["signal_lowered", "signal_raised"]
REGION_KEYS = ["procedure", "subject", "grade", "year"]
SCHOOL_KEYS = ["school_code", *REGION_KEYS]

# Shares are compared with the thresholds after rounding: 3 / 20 must count as 15 %.
PRECISION = 9


@dataclass(frozen=True)
class Thresholds:
    raised: float = 0.15
    lowered: float = 0.5
    min_compared: int = 5


def thresholds_from_settings():
    return Thresholds(
        raised=settings.OBJECTIVITY_RAISED_SHARE,
        lowered=settings.OBJECTIVITY_LOWERED_SHARE,
        min_compared=settings.RESULTS_MIN_PARTICIPANTS,
    )


def school_objectivity(aggregates):
    """One row per school and work: SCHOOL_KEYS, ``participants``, the counts, ``compared`` and
    the shares."""
    return _objectivity(aggregates, SCHOOL_KEYS)


def region_objectivity(aggregates):
    """The same over all schools: one row per procedure, subject, grade and year. Takes the
    schools' rows or counts already summed per work (the sum of sums is the same)."""
    return _objectivity(aggregates, REGION_KEYS)


def _objectivity(aggregates, keys):
    table = aggregates.groupby(keys, as_index=False)[["participants", *COUNTS]].sum()
    table["compared"] = table[COUNTS].sum(axis=1)
    compared = table["compared"].where(table["compared"] > 0)
    for count, share in zip(COUNTS, SHARES, strict=True):
        table[share] = table[count] / compared
    return table[[*keys, "participants", *COUNTS, "compared", *SHARES]]


def school_signals(aggregates, region, thresholds: Thresholds):
    """``school_objectivity`` of ``aggregates`` with the region's shares of the same work
    (``region``: ``region_objectivity``'s table; ``region_compared`` and REGION_SHARES, NaN
    for a work the region table lacks) and the signals (SIGNALS, booleans)."""
    table = school_objectivity(aggregates)
    region = region[[*REGION_KEYS, "compared", *SHARES]].rename(
        columns={"compared": "region_compared", **dict(zip(SHARES, REGION_SHARES, strict=True))}
    )
    table = table.merge(region, on=REGION_KEYS, how="left")
    enough = table["compared"] >= thresholds.min_compared
    # NaN shares (nobody compared) compare as False.
    table["signal_raised"] = enough & (table["share_raised"].round(PRECISION) >= thresholds.raised)
    table["signal_lowered"] = enough & (
        table["share_lowered"].round(PRECISION) >= thresholds.lowered
    )
    return table


def with_signal(table):
    """The rows of ``school_signals``' table that have a signal."""
    return table[table[SIGNALS].any(axis=1)]
