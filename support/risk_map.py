"""The coordinators' map of risks: schools × risk factors, each cell a level, with totals per
factor and the four resource deficits. Pure: it takes rows and returns the table."""

from collections import Counter
from dataclasses import dataclass

from .models import Level, RiskProfile

DEFICIT_LABELS = {
    "staffing": "Кадровые",
    "information": "Информационные",
    "equipment": "Материально-технические",
    "methodical": "Методические",
}
NOT_ASSESSED = "не оценён"


@dataclass(frozen=True)
class MapProfile:
    """What the map needs of a profile."""

    pk: int
    school: str
    municipality: str
    state_label: str
    deficits: frozenset  # the kinds of DEFICIT_LABELS the profile names


@dataclass(frozen=True)
class Cell:
    level: str  # a Level value, "" when the factor was not assessed
    label: str


@dataclass(frozen=True)
class MapRow:
    profile: MapProfile
    cells: tuple  # Cell per factor, in the factors' order
    deficits: tuple  # bool per kind of DEFICIT_LABELS


@dataclass(frozen=True)
class Total:
    level: str
    label: str
    counts: tuple  # per factor


@dataclass(frozen=True)
class RiskMap:
    factors: tuple
    rows: tuple
    totals: tuple  # Total per level, high first
    deficit_totals: tuple  # per kind of DEFICIT_LABELS

    def xlsx_rows(self):
        yield [
            "Школа",
            "Муниципалитет",
            "Состояние профиля",
            *(str(f) for f in self.factors),
            *(f"Дефициты: {label.lower()}" for label in DEFICIT_LABELS.values()),
        ]
        for row in self.rows:
            yield [
                row.profile.school,
                row.profile.municipality,
                row.profile.state_label,
                *(cell.label for cell in row.cells),
                *("есть" if present else "" for present in row.deficits),
            ]
        for total in self.totals:
            yield [f"Итого: {total.label}", "", "", *total.counts, *([""] * len(DEFICIT_LABELS))]
        yield ["Итого: есть дефицит", "", "", *([""] * len(self.factors)), *self.deficit_totals]


def build_map(profiles, factors, assessments):
    """The map of ``profiles`` ([MapProfile]) over ``factors`` (in order) from ``assessments``,
    (profile pk, factor pk, level) triples."""
    levels = {(profile, factor): level for profile, factor, level in assessments}
    labels = {level: str(label) for level, label in Level.choices}
    rows = tuple(
        MapRow(
            profile,
            tuple(
                Cell(level, labels.get(level, NOT_ASSESSED))
                for level in (levels.get((profile.pk, f.pk), "") for f in factors)
            ),
            tuple(kind in profile.deficits for kind in DEFICIT_LABELS),
        )
        for profile in profiles
    )
    counted = [Counter(row.cells[index].level for row in rows) for index in range(len(factors))]
    totals = tuple(
        Total(level, labels[level], tuple(count[level] for count in counted)) for level in labels
    )
    deficit_totals = tuple(
        sum(row.deficits[index] for row in rows) for index in range(len(DEFICIT_LABELS))
    )
    return RiskMap(tuple(factors), rows, totals, deficit_totals)


def map_profiles(queryset):
    """[MapProfile] of a RiskProfile queryset (one query)."""
    fields = [name for _, name in RiskProfile.DEFICIT_FIELDS]
    # Plain strings: the labels go into XLSX cells too.
    states = {state: str(label) for state, label in RiskProfile._meta.get_field("state").choices}
    return [
        MapProfile(
            pk,
            school,
            municipality,
            states[state],
            frozenset(
                kind
                for (kind, _), note in zip(RiskProfile.DEFICIT_FIELDS, notes, strict=True)
                if note.strip()
            ),
        )
        for pk, school, municipality, state, *notes in queryset.order_by(
            "school__municipality__name", "school__short_name"
        ).values_list("pk", "school__short_name", "school__municipality__name", "state", *fields)
    ]
