"""Objectivity of ВПР results (programme item 3.7): how pupils' ВПР marks compare with their
journal marks — lowered, confirmed, raised — per school and for the region.

The shares are of the pupils compared (lowered + confirmed + raised): pupils without a journal
mark are not compared. NaN when nobody was compared. No minimum of participants applies: the
counts are shown next to the shares, and a small school's figure is still its own.
"""

COUNTS = ["lowered", "confirmed", "raised"]
SHARES = ["share_lowered", "share_confirmed", "share_raised"]
REGION_KEYS = ["procedure", "subject", "grade", "year"]
SCHOOL_KEYS = ["school_code", *REGION_KEYS]


def school_objectivity(aggregates):
    """One row per school and work: SCHOOL_KEYS, the counts, ``compared`` and the shares."""
    return _objectivity(aggregates, SCHOOL_KEYS)


def region_objectivity(aggregates):
    """The same over all schools: one row per procedure, subject, grade and year."""
    return _objectivity(aggregates, REGION_KEYS)


def _objectivity(aggregates, keys):
    table = aggregates.groupby(keys, as_index=False)[COUNTS].sum()
    table["compared"] = table[COUNTS].sum(axis=1)
    compared = table["compared"].where(table["compared"] > 0)
    for count, share in zip(COUNTS, SHARES, strict=True):
        table[share] = table[count] / compared
    return table[[*keys, *COUNTS, "compared", *SHARES]]
