"""A school's results against the schools like it: pure functions over one year's aggregates.

For each work (subject and grade) of one procedure and year, a school's failing share and mean
are set against the other schools of its group of similar schools (``schools.similar``): their
median and quartiles, and the region's. ``docs/similar-schools.md`` explains it for analysts.

Decisions:

* The group's figures are the schools', each school one value: the median school, not the
  pupils pooled; the region's are the pupils' (all failing results over all participants, the
  mean weighted by participants), as the results' other pages give it.
* Quartiles are interpolated between the ordered values (Excel's КВАРТИЛЬ.ВКЛ, R's type 7).
* The school itself is not among «похожие школы»: it is compared with the others.
* Only schools whose work had at least ``peer_minimum`` participants count in a group (the
  public minimum, 10): a median of small classes jumps, and a quartile may be one school's share.
* A group of fewer than ``min_group_size`` schools with the work, the school included, gives no
  comparison.
"""

import math
from dataclasses import dataclass
from enum import StrEnum

from ..rules.identification import failing_counts


@dataclass(frozen=True)
class Quartiles:
    q1: float
    median: float
    q3: float


def quantile(ordered, share):
    """The ``share`` quantile of ``ordered`` (sorted) values, interpolated (type 7)."""
    position = (len(ordered) - 1) * share
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (position - below) * (ordered[above] - ordered[below])


def quartiles(values):
    """Quartiles of ``values`` (NaN and None left out); None without any value."""
    ordered = sorted(value for value in values if value is not None and not math.isnan(value))
    if not ordered:
        return None
    return Quartiles(quantile(ordered, 0.25), quantile(ordered, 0.5), quantile(ordered, 0.75))


class Position(StrEnum):
    """Where a value lies against the group's quartiles."""

    BELOW = "below"  # under the first quartile: lower than three schools in four
    WITHIN = "within"  # between the quartiles, both included: as the middle half
    ABOVE = "above"  # over the third quartile


def position(value, spread):
    if value is None or spread is None or math.isnan(value):
        return None
    if value < spread.q1:
        return Position.BELOW
    if value > spread.q3:
        return Position.ABOVE
    return Position.WITHIN


@dataclass(frozen=True)
class Measure:
    """One figure of a school's work against its group and the region."""

    school: float | None  # None when the school's result is not shown or not computed
    group: Quartiles | None  # None when the group is too small
    region: float | None

    @property
    def position(self):
        return position(self.school, self.group)

    @property
    def gap(self):
        """The school's value less the group's median; None without either."""
        if self.school is None or self.group is None:
            return None
        return self.school - self.group.median


@dataclass(frozen=True)
class WorkComparison:
    subject: str
    grade: int
    participants: int
    peers: int  # schools of the group compared with, the school left out
    shown: bool  # the school had participants enough to show its figures
    failing: Measure
    mean: Measure

    @property
    def compared(self):
        return self.shown and self.failing.group is not None


@dataclass(frozen=True)
class WorkRow:
    school_id: int
    participants: int
    failing: float | None
    mean: float | None


@dataclass(frozen=True)
class Work:
    """One work's rows of every school, and the region's figures."""

    subject: str
    grade: int
    rows: dict  # school id → WorkRow
    region_failing: float | None
    region_mean: float | None


def works(frame):
    """{(subject, grade): Work} from one year and procedure of aggregates (the columns of
    ``indicators.results.records``; ``school_code`` is the school's pk as text)."""
    frame = frame[frame["participants"] > 0]
    frame = frame.assign(failing_count=failing_counts(frame))
    found = {}
    for (subject, grade), rows in frame.groupby(["subject", "grade"], sort=False):
        participants = int(rows["participants"].sum())
        with_mean = rows[rows["mean_score"].notna()]
        weights = with_mean["participants"].sum()
        found[subject, int(grade)] = Work(
            subject,
            int(grade),
            {
                int(row.school_code): WorkRow(
                    int(row.school_code),
                    int(row.participants),
                    row.failing_count / row.participants,
                    None if math.isnan(row.mean_score) else float(row.mean_score),
                )
                for row in rows.itertuples(index=False)
            },
            rows["failing_count"].sum() / participants,
            float((with_mean["mean_score"] * with_mean["participants"]).sum() / weights)
            if weights
            else None,
        )
    return found


def compare(work, school_id, group_members, *, own_minimum, peer_minimum, min_group_size):
    """The WorkComparison of ``school_id``'s row of ``work`` against ``group_members`` (the
    ids of its group's schools); None when the school did not write the work.

    ``own_minimum``: the participants the school needs to be shown (the public minimum on the
    site, the rules' minimum in the admin)."""
    own = work.rows.get(school_id)
    if own is None:
        return None
    peers = [
        work.rows[pk]
        for pk in group_members
        if pk != school_id and pk in work.rows and work.rows[pk].participants >= peer_minimum
    ]
    enough = len(peers) + 1 >= min_group_size
    shown = own.participants >= own_minimum
    return WorkComparison(
        subject=work.subject,
        grade=work.grade,
        participants=own.participants,
        peers=len(peers),
        shown=shown,
        failing=Measure(
            own.failing if shown else None,
            quartiles(row.failing for row in peers) if enough else None,
            work.region_failing,
        ),
        mean=Measure(
            own.mean if shown else None,
            quartiles(row.mean for row in peers) if enough else None,
            work.region_mean,
        ),
    )


@dataclass(frozen=True)
class SchoolGap:
    """How far a school's failing shares lie from its similar schools' medians, over the
    works compared."""

    school_id: int
    comparisons: tuple[WorkComparison, ...]  # every work of the school, compared or not

    @property
    def compared(self):
        return [item for item in self.comparisons if item.compared]

    @property
    def mean_gap(self):
        """The mean over the compared works of failing share − the group's median; None
        without any. Positive: more «2» than the median similar school."""
        gaps = [item.failing.gap for item in self.compared]
        return sum(gaps) / len(gaps) if gaps else None

    @property
    def above(self):
        """The compared works whose failing share is over the group's third quartile."""
        return [item for item in self.compared if item.failing.position == Position.ABOVE]

    @property
    def worst(self):
        """The compared work furthest above its group's median, None without any."""
        return max(self.compared, key=lambda item: item.failing.gap, default=None)


def furthest_below_first(gaps):
    """``gaps`` (SchoolGap) ordered: the largest mean gap first, those without any last."""
    return sorted(gaps, key=lambda gap: (gap.mean_gap is None, -(gap.mean_gap or 0), gap.school_id))
