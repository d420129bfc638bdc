"""The coordinators' «Сигналы объективности» as data: the schools' works with a signal in one
year, and the region's shares per work, from frames (pure; ``report_views`` reads them).
"""

from dataclasses import dataclass

from ..rules.objectivity import SHARES, school_signals, with_signal
from .wording import percent, signal_labels


@dataclass(frozen=True)
class SignalRow:
    school_code: str
    school: str
    municipality: str
    shnor: bool
    subject: str
    grade: int
    participants: int
    compared: int
    shares: tuple[float, float, float]  # lowered, confirmed, raised
    region: tuple[float, float, float]
    signals: tuple[str, ...]  # in a few words

    @property
    def share_texts(self):
        """(the school's share, the region's) as text: lowered, confirmed, raised."""
        pairs = zip(self.shares, self.region, strict=True)
        return [(percent(own), percent(region)) for own, region in pairs]


@dataclass(frozen=True)
class WorkRow:
    """A work in the region, with how many of the chosen schools have a signal in it."""

    subject: str
    grade: int
    schools: int  # the chosen schools that wrote it with marks compared
    compared: int  # pupils compared in the region
    shares: tuple[float, float, float]
    signals: int

    @property
    def share_texts(self):
        return [percent(share) for share in self.shares]


def _order(orders):
    return lambda row: (orders.get(row.subject, 0), row.subject, row.grade)


def report(schools, region, shnor_codes, thresholds, orders):
    """([SignalRow], [WorkRow]) of one year: ``schools`` are the chosen schools' aggregates,
    ``region`` the region's ``region_objectivity`` table of that year, ``shnor_codes`` the
    ``school_code``s with the ШНОР status, ``orders`` {subject: sort order}. Signal rows by
    municipality, school, subject and grade; the works the chosen schools compared marks in."""
    table = school_signals(schools, region, thresholds)
    names = schools.drop_duplicates("school_code").set_index("school_code")
    signalled = with_signal(table)
    rows = [
        SignalRow(
            school_code=row.school_code,
            school=names.at[row.school_code, "school_name"],
            municipality=names.at[row.school_code, "municipality"],
            shnor=row.school_code in shnor_codes,
            subject=row.subject,
            grade=int(row.grade),
            participants=int(row.participants),
            compared=int(row.compared),
            shares=(row.share_lowered, row.share_confirmed, row.share_raised),
            region=(row.region_share_lowered, row.region_share_confirmed, row.region_share_raised),
            signals=signal_labels(row, thresholds),
        )
        for row in signalled.itertuples(index=False)
    ]
    order = _order(orders)
    rows.sort(key=lambda row: (row.municipality, row.school, *order(row)))
    compared = table[table["compared"] > 0]
    counts = compared.groupby(["subject", "grade"]).size()
    with_signals = signalled.groupby(["subject", "grade"]).size()
    works = [
        WorkRow(
            subject=work.subject,
            grade=int(work.grade),
            schools=int(counts.get((work.subject, work.grade), 0)),
            compared=int(work.compared),
            shares=tuple(getattr(work, share) for share in SHARES),
            signals=int(with_signals.get((work.subject, work.grade), 0)),
        )
        for work in region[region["compared"] > 0].itertuples(index=False)
    ]
    works = sorted((work for work in works if work.schools), key=order)
    return rows, works
