"""The two programme indicators the confirmed risk profiles give (the region's programme,
000_15e684754f2c0860): «Доля ОО региона, в которых выявлены риски снижения образовательных
результатов (с перечислением выявленных факторов риска)» and the same for «ресурсные
дефициты». Pure functions over rows, and the queries that read the rows.

A risk is identified when a confirmed profile rates a factor «высокий», «средний» or «низкий»
(«не выявлен» is the only level that says there is none); a deficit, when a confirmed profile
writes a note for its kind. The denominator is every school of the registry; a school year with
confirmed profiles and nothing found has the value 0.

They reach ``indicators`` as its computations «risk_share» and «deficit_share» through the hook
``programme_computations`` (``programme_values``): a profile of the school year 2025/2026 gives
the value of 2026, the year its results are written, as the other computations count it.
"""

from collections import Counter
from dataclasses import dataclass

from indicators.models import IndicatorValue, ProgrammeIndicator
from schools.models import School

from .models import FactorAssessment, Level, RiskProfile, State
from .risk_map import DEFICIT_LABELS

NOTE_LIMIT = IndicatorValue._meta.get_field("note").max_length


@dataclass(frozen=True)
class Share:
    school_year: int
    numerator: int
    denominator: int
    listing: tuple  # (what was identified, in how many schools), the most frequent first

    @property
    def year(self):
        """The programme's year: the one the school year ends in."""
        return self.school_year + 1

    @property
    def percent(self):
        return round(100 * self.numerator / self.denominator, 2)

    @property
    def note(self):
        """«2 из 5: Фактор — 2; …», the rarest left out as «и ещё N» beyond the note's length."""
        counts = f"{self.numerator} из {self.denominator}"
        items = [f"{name} — {count}" for name, count in self.listing]
        for shown in range(len(items), -1, -1):
            rest = len(items) - shown
            found = "; ".join(items[:shown] + ([f"и ещё {rest}"] if rest else []))
            note = counts + (f": {found}" if found else "")
            if len(note) <= NOTE_LIMIT:
                return note
        return counts


def shares(found, school_count, years=()):
    """[Share] per school year from ``found``: (school year, school id, name of what was
    identified) rows, one per school and thing, of confirmed profiles; ``years`` adds the
    school years of confirmed profiles where nothing was found."""
    if not school_count:
        return []
    by_year = {year: {} for year in years}
    for year, school_id, name in found:
        by_year.setdefault(year, {}).setdefault(school_id, set()).add(name)
    result = []
    for year, schools in sorted(by_year.items()):
        counts = Counter(name for names in schools.values() for name in names)
        listing = tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        result.append(Share(year, len(schools), school_count, listing))
    return result


def _confirmed_years():
    return set(
        RiskProfile.objects.filter(state=State.CONFIRMED).values_list("school_year", flat=True)
    )


def risk_shares():
    """Shares of schools with identified risk factors per school year (three queries)."""
    rows = FactorAssessment.objects.filter(profile__state=State.CONFIRMED).exclude(level=Level.NONE)
    found = rows.values_list("profile__school_year", "profile__school_id", "factor__name")
    return shares(found, School.objects.count(), _confirmed_years())


def deficit_shares():
    """Shares of schools with resource deficits per school year (two queries)."""
    fields = [name for _, name in RiskProfile.DEFICIT_FIELDS]
    profiles = list(
        RiskProfile.objects.filter(state=State.CONFIRMED).values_list(
            "school_year", "school_id", *fields
        )
    )
    found = [
        (year, school_id, DEFICIT_LABELS[kind])
        for year, school_id, *notes in profiles
        for (kind, _), note in zip(RiskProfile.DEFICIT_FIELDS, notes, strict=True)
        if note.strip()
    ]
    return shares(found, School.objects.count(), {row[0] for row in profiles})


COMPUTED = {
    ProgrammeIndicator.Computation.RISK_SHARE: risk_shares,
    ProgrammeIndicator.Computation.DEFICIT_SHARE: deficit_shares,
}


def programme_values(computation):
    """The hook ``programme_computations``: the values of the two indicators, None for others."""
    compute = COMPUTED.get(computation)
    return None if compute is None else compute()
