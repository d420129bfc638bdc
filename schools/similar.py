"""Groups of similar schools: a pure rule that places a school by its context.

A school's group is three bands: its settlement (town or village, split by population when the
editors ask), its number of pupils and its share of pupils with ОВЗ, the bands' bounds being
the editors' setting «Группы похожих школ» (``SimilarSchoolsSettings``). A school whose context
lacks what a band needs falls in no group, and ``Placement.reason`` says why, in words a
visitor reads on the school's page. ``docs/similar-schools.md`` explains the method.
"""

from collections import defaultdict
from dataclasses import dataclass

from site_cms.templatetags.russian_tags import ru_plural

URBAN = "urban"
RURAL = "rural"


@dataclass(frozen=True)
class Bands:
    """Bounds of the bands: a value belongs to the band that starts at the largest bound not
    above it. Populations in thousands (0: not split), shares in percent."""

    large_city_from: int = 0
    large_village_from: int = 1
    pupils: tuple[int, ...] = (100, 300, 700)
    ovz: tuple[int, ...] = (5, 10)
    min_group_size: int = 5


@dataclass(frozen=True)
class Context:
    """What the grouping reads of a school: ``settlement`` is URBAN, RURAL or empty,
    ``population_from`` the lower bound of its settlement's size in thousands."""

    school_id: int
    settlement: str = ""
    population_from: int | None = None
    pupils: int | None = None
    ovz_share: float | None = None  # 0–1
    school_year: int | None = None


@dataclass(frozen=True, order=True)
class Group:
    """A group of similar schools: the indices of its three bands, and its name."""

    settlement: int
    pupils: int
    ovz: int
    label: str = ""


@dataclass(frozen=True)
class Placement:
    context: Context | None
    group: Group | None
    reason: str = ""  # why the school is in no group


NO_CONTEXT = "о школе нет контекстных данных ФИС ОКО"
NO_SETTLEMENT = "в контекстных данных ФИС ОКО не указано, городская это школа или сельская"
NO_POPULATION = "в контекстных данных ФИС ОКО не указан размер населённого пункта"
NO_PUPILS = "в контекстных данных ФИС ОКО не указано число обучающихся"
NO_OVZ = (
    "в контекстных данных ФИС ОКО нет доли обучающихся с ОВЗ: её считают по ученикам "
    "двух лет рождения, а в школе таких нет"
)


def band(value, bounds):
    """The index of the band of ``value``: 0 below the first bound, len(bounds) from the last."""
    return sum(value >= bound for bound in bounds)


def band_label(index, bounds, unit=""):
    """«менее 100», «100–299», «700 и больше» (a unit after each number: «5–10 %» reads
    «от 5 до 10 %»); a single band of everything is empty."""
    suffix = f"\u00a0{unit}" if unit else ""
    if not bounds:
        return ""
    if index == 0:
        return f"менее {bounds[0]}{suffix}"
    if index == len(bounds):
        return f"{bounds[-1]}{suffix} и больше"
    low, high = bounds[index - 1], bounds[index]
    return f"от {low} до {high}{suffix}" if unit else f"{low}–{high - 1}"


def settlement_band(context, bands):
    """(index, name) of the settlement's band, or (None, reason)."""
    if context.settlement not in (URBAN, RURAL):
        return None, NO_SETTLEMENT
    urban = context.settlement == URBAN
    split_from = bands.large_city_from if urban else bands.large_village_from
    names = ("город", "крупный город") if urban else ("малое село", "крупное село")
    offset = 0 if urban else 2
    if not split_from:
        return offset, "город" if urban else "село"
    if context.population_from is None:
        return None, NO_POPULATION
    large = context.population_from >= split_from
    return offset + large, (f"{names[large]}, {'от' if large else 'до'} {split_from} тыс. жителей")


def place(context, bands):
    """The Placement of one school's context (None: no context at all)."""
    if context is None:
        return Placement(None, None, NO_CONTEXT)
    settlement, name = settlement_band(context, bands)
    if settlement is None:
        return Placement(context, None, name)
    if context.pupils is None:
        return Placement(context, None, NO_PUPILS)
    if context.ovz_share is None and bands.ovz:
        return Placement(context, None, NO_OVZ)
    pupils = band(context.pupils, bands.pupils)
    ovz = band(context.ovz_share * 100, bands.ovz) if bands.ovz else 0
    parts = [name]
    if bands.pupils:
        count = band_label(pupils, bands.pupils)
        parts.append(f"{count} {ru_plural(_last_number(count), 'ученик,ученика,учеников')}")
    if bands.ovz:
        parts.append(f"доля учеников с ОВЗ {band_label(ovz, bands.ovz, '%')}")
    return Placement(context, Group(settlement, pupils, ovz, "; ".join(parts)))


def _last_number(text):
    """The number a band's name ends with, which its noun agrees with: «100–299 учеников»."""
    digits = "".join(c if c.isdigit() else " " for c in text).split()
    return int(digits[-1])


def place_all(contexts, school_ids, bands):
    """{school id: Placement} for ``school_ids``, from ``contexts`` ({school id: Context})."""
    return {pk: place(contexts.get(pk), bands) for pk in school_ids}


def members(placements):
    """{Group: [school ids]} of the schools placed in a group, groups in their order."""
    found = defaultdict(list)
    for pk, placement in placements.items():
        if placement.group is not None:
            found[placement.group].append(pk)
    return dict(sorted(found.items()))


def nearest(placements, school_id, candidates, count):
    """Up to ``count`` of ``candidates`` (school ids) in the group of ``school_id``, nearest to
    it by the number of pupils (ties by id), the school itself left out."""
    own = placements[school_id]
    if own.group is None:
        return []
    peers = [
        pk
        for pk in candidates
        if pk != school_id and pk in placements and placements[pk].group == own.group
    ]
    pupils = own.context.pupils
    return sorted(peers, key=lambda pk: (abs(placements[pk].context.pupils - pupils), pk))[:count]
