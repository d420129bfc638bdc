"""The two programme indicators the confirmed risk profiles give (the region's programme,
000_15e684754f2c0860): «Доля ОО региона, в которых выявлены риски снижения образовательных
результатов (с перечислением выявленных факторов риска)» and the same for «ресурсные
дефициты». Pure functions over rows, and the queries that read the rows.

A risk is identified when a confirmed profile rates a factor «высокий», «средний» or «низкий»
(«не выявлен» is the only level that says there is none); a deficit, when a confirmed profile
writes a note for its kind. The denominator is every school of the registry.
"""

from collections import Counter
from dataclasses import dataclass

from schools.models import School

from .models import FactorAssessment, Level, RiskProfile, State
from .risk_map import DEFICIT_LABELS


@dataclass(frozen=True)
class Share:
    school_year: int
    numerator: int
    denominator: int
    listing: tuple  # (what was identified, in how many schools), the most frequent first

    @property
    def percent(self):
        return round(100 * self.numerator / self.denominator, 2)

    @property
    def note(self):
        found = "; ".join(f"{name} — {count}" for name, count in self.listing)
        return f"{self.numerator} из {self.denominator}" + (f": {found}" if found else "")


def shares(found, school_count):
    """[Share] per school year from ``found``: (school year, school id, name of what was
    identified) rows, one per school and thing, of confirmed profiles."""
    if not school_count:
        return []
    years = {}
    for year, school_id, name in found:
        years.setdefault(year, {}).setdefault(school_id, set()).add(name)
    result = []
    for year, schools in sorted(years.items()):
        counts = Counter(name for names in schools.values() for name in names)
        listing = tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        result.append(Share(year, len(schools), school_count, listing))
    return result


def risk_shares():
    """Shares of schools with identified risk factors per school year (two queries)."""
    rows = FactorAssessment.objects.filter(profile__state=State.CONFIRMED).exclude(level=Level.NONE)
    found = rows.values_list("profile__school_year", "profile__school_id", "factor__name")
    return shares(found, School.objects.count())


def deficit_shares():
    """Shares of schools with resource deficits per school year (two queries)."""
    fields = [name for _, name in RiskProfile.DEFICIT_FIELDS]
    profiles = RiskProfile.objects.filter(state=State.CONFIRMED).values_list(
        "school_year", "school_id", *fields
    )
    found = [
        (year, school_id, DEFICIT_LABELS[kind])
        for year, school_id, *notes in profiles
        for (kind, _), note in zip(RiskProfile.DEFICIT_FIELDS, notes, strict=True)
        if note.strip()
    ]
    return shares(found, School.objects.count())
