"""Three years of invented assessment results for the demo schools: a generator.

``generate`` takes the demo schools (their codes and kinds) and returns aggregate rows in the
columns of ``indicators.results.records``. Every row draws its small variations from a
``random.Random`` seeded with the row's own keys, so the same schools always give the same
numbers, whatever the date and whichever other schools are generated.

Each school follows a trajectory: the target share of failing results (mark «2», or below the
minimum score for ОГЭ and ЕГЭ) in 2023, 2024 and 2025. The trajectories are chosen so that the
rules show real cases (see ``PROFILES``); the marks, means and journal comparisons follow from
the failing share, so the counts always add up to the participants. The years here are the
authored ones; the rows carry them moved to the load day's timeline (``demo.timeline``), and the
numbers are drawn from the authored years, so they are the same whenever the demo is loaded.
"""

import random
from dataclasses import dataclass

from indicators.results.records import Procedure

from . import timeline

AUTHORED_YEARS = (2023, 2024, 2025)
YEARS = tuple(timeline.year(year) for year in AUTHORED_YEARS)
MATHEMATICS = "Математика"
RUSSIAN = "Русский язык"
SUBJECTS = (MATHEMATICS, RUSSIAN)
VPR_GRADES = (4, 5, 6)
# Works of different grades go differently: the older the pupils, the more of them fail.
GRADE_OFFSETS = {4: -0.05, 5: 0.0, 6: 0.05}
SEED = "shnor-demo-results"

# Kinds of school that teach up to the 11th grade and so sit ЕГЭ.
SENIOR_KINDS = {"СОШ", "лицей", "центр образования"}


@dataclass(frozen=True)
class Bands:
    """Minimum scores of marks 3, 4 and 5 and the maximum score of one work."""

    min3: int
    min4: int
    min5: int
    max_score: int

    def midpoints(self):
        """A typical score of each mark 2–5, for a mean that agrees with the marks."""
        return (
            (self.min3 - 1) * 0.6,
            (self.min3 + self.min4 - 1) / 2,
            (self.min4 + self.min5 - 1) / 2,
            (self.min5 + self.max_score) / 2,
        )

    def spreads(self):
        """The variance of the scores within each mark 2–5: as if spread evenly over the mark's
        whole scores (k of them: (k² − 1) / 12)."""
        widths = (
            self.min3,
            self.min4 - self.min3,
            self.min5 - self.min4,
            self.max_score - self.min5 + 1,
        )
        return tuple((width * width - 1) / 12 for width in widths)


# ВПР scales (the same each demo year), close to the published ones of those years.
VPR_SCALES = {
    (MATHEMATICS, 4): Bands(6, 10, 14, 20),
    (MATHEMATICS, 5): Bands(7, 11, 15, 20),
    (MATHEMATICS, 6): Bands(6, 10, 14, 20),
    (RUSSIAN, 4): Bands(14, 24, 33, 38),
    (RUSSIAN, 5): Bands(18, 29, 39, 45),
    (RUSSIAN, 6): Bands(21, 33, 44, 51),
}
# ОГЭ primary scores: the mark 2 is below the minimum.
OGE_SCALES = {MATHEMATICS: Bands(8, 15, 22, 31), RUSSIAN: Bands(15, 23, 29, 33)}

# Trajectories: the failing share aimed at in 2023, 2024 and 2025.
STRONG = (0.04, 0.03, 0.03)
IMPROVES_TWICE = (0.48, 0.36, 0.10)  # better in 2024, and clearly better in 2025
IMPROVES_LATE = (0.39, 0.41, 0.22)  # no better in 2024, then better in 2025 (by the margin)
IMPROVES_LATE_CLEARLY = (0.39, 0.41, 0.10)  # no better in 2024, then clearly better in 2025
SLIDES = (0.36, 0.40, 0.46)  # no improvement: results get a little worse every year
STAYS = (0.36, 0.39, 0.40)  # aims at no change; small classes still move a little
SLIDES_LATE = (0.20, 0.24, 0.35)  # no status yet: a new candidate in 2025
MATHEMATICS_SLIDES = (0.20, 0.33, 0.37)  # a new candidate in 2025 by mathematics alone
MIDDLE = (0.18, 0.18, 0.18)
LOW_OBJECTIVITY = 0.45
# Pupils of each grade in a school's small year (Profile.small_years): below the rules' minimum.
SMALL_CLASS = 4
SMALL_SCHOOL = "240203"


@dataclass(frozen=True)
class Profile:
    trajectory: tuple[float, float, float]
    # Russian when it goes its own way; mathematics (and by default Russian) follow trajectory.
    russian: tuple[float, float, float] | None = None
    # The share of ВПР marks that confirmed the journal mark (objectivity).
    confirmed: float = 0.8
    # Years when each grade had only SMALL_CLASS pupils: too few to judge a change by.
    small_years: tuple[int, ...] = ()  # authored years

    def target(self, subject, year_index):
        trajectory = self.russian if subject == RUSSIAN and self.russian else self.trajectory
        return trajectory[year_index]


# The demo schools by the digits of their ФИС ОКО logins (demo.schools.SCHOOLS).
# ШНОР since 2023 improve (twice or late, in both subjects or in mathematics only), slide or
# stay; leaders do well; «Галанинская СОШ» (ШНСУ) and «СОШ № 37» (risk zone) become candidates
# on the 2025 results; «Лермонтовская ООШ» confirms few journal marks; «Казачинская СОШ» had
# only SMALL_CLASS pupils in each grade in 2024. By the intervals (docs/verdicts.md) the town
# school's classes of 62 and the clear improvements of 2025 in «Мельниковская СОШ» and
# «Мокрушинская СОШ» are beyond chance; the late improvements of the small ООШ are within it,
# though the margin rule would count them.
PROFILES = {
    "470101": Profile(IMPROVES_LATE),
    "470102": Profile(SLIDES),
    "470103": Profile(SLIDES),
    "470104": Profile(SLIDES),
    "470105": Profile(IMPROVES_LATE, russian=STAYS),
    "470106": Profile(STAYS),
    "470107": Profile(IMPROVES_TWICE, russian=IMPROVES_LATE),
    "470108": Profile(SLIDES),
    "470109": Profile(STRONG),
    "470110": Profile(STRONG),
    "470111": Profile(STRONG),
    "240201": Profile(IMPROVES_LATE_CLEARLY),
    "240202": Profile(SLIDES_LATE),
    "240203": Profile(STRONG, small_years=(2024,)),
    "660301": Profile(STRONG),
    "660302": Profile(IMPROVES_TWICE),
    "660303": Profile(MATHEMATICS_SLIDES, russian=MIDDLE),
    "280401": Profile(STAYS, confirmed=LOW_OBJECTIVITY),
    "280402": Profile(STRONG),
}
IMPROVED_IN_LAST_YEAR = sorted(
    code
    for code, profile in PROFILES.items()
    if profile.trajectory in (IMPROVES_TWICE, IMPROVES_LATE, IMPROVES_LATE_CLEARLY)
)
NEW_CANDIDATES = ["240202", "660303"]
LOW_OBJECTIVITY_SCHOOL = "280401"


@dataclass(frozen=True)
class DemoSchool:
    code: str  # the digits of the school's logins: sch<code>, edu<code>
    kind: str
    urban: bool


def class_size(school, rng, small=False):
    """Pupils of one grade: small rural basic schools, larger town schools; ``small``: only
    SMALL_CLASS (the draw is made all the same, so the rows' other numbers stay as they were)."""
    if school.urban:
        base = 62
    elif school.kind == "ООШ":
        base = 14
    else:
        base = 22
    size = max(6, round(base * rng.uniform(0.9, 1.1)))
    return SMALL_CLASS if small else size


def split(total, weights):
    """``total`` split in proportion to ``weights`` in whole numbers that add up to it."""
    whole = sum(weights)
    exact = [total * weight / whole for weight in weights]
    counts = [int(value) for value in exact]
    remainders = sorted(
        range(len(weights)), key=lambda index: exact[index] - counts[index], reverse=True
    )
    for index in remainders[: total - sum(counts)]:
        counts[index] += 1
    return counts


def marks(participants, failing):
    """Counts of marks 2–5: the failing share gives the «2»s, weaker schools have more «3»s."""
    mark2 = min(participants, round(participants * failing))
    rest = split(participants - mark2, [0.35 + failing, 0.4 - failing / 2, 0.25 - failing / 2])
    return [mark2, *rest]


def mean_from_marks(counts, bands, rng):
    points = sum(count * mid for count, mid in zip(counts, bands.midpoints(), strict=True))
    return round(points / sum(counts) * rng.uniform(0.99, 1.01), 2)


def sum_of_squares(counts, bands, mean):
    """The pupils' scores squared and summed, as a protocol's import keeps them: the marks'
    typical scores with the spread within each mark, scaled to agree with ``mean``."""
    midpoints = bands.midpoints()
    squares = sum(
        count * (mid * mid + spread)
        for count, mid, spread in zip(counts, midpoints, bands.spreads(), strict=True)
    )
    points = sum(count * mid for count, mid in zip(counts, midpoints, strict=True))
    return round(squares * (mean * sum(counts) / points) ** 2, 2)


def _row(school, year, procedure, subject, grade, participants, **columns):
    return {
        "school_code": f"sch{school.code}",
        "year": timeline.year(year),
        "procedure": procedure,
        "subject": subject,
        "grade": grade,
        "participants": participants,
        "mark2": 0,
        "mark3": 0,
        "mark4": 0,
        "mark5": 0,
        "below_minimum": 0,
        "high_results": 0,
        "lowered": 0,
        "confirmed": 0,
        "raised": 0,
        "mean_score": None,
        # Only ВПР protocols give the pupils' scores; ОГЭ and ЕГЭ come in summary tables.
        "score_sum_squares": None,
        **columns,
    }


def _small(profile, year):
    return year in profile.small_years


def vpr_row(school, profile, year, subject, grade, failing, rng):
    participants = class_size(school, rng, _small(profile, year))
    counts = marks(participants, failing)
    bands = VPR_SCALES[subject, grade]
    confirmed_share = min(0.95, profile.confirmed + rng.uniform(-0.04, 0.04))
    # A school whose ВПР marks rarely match the journal mostly gets higher marks than there.
    lowered_weight = 0.6 if profile.confirmed >= 0.7 else 0.2
    confirmed, lowered, raised = split(
        participants,
        [
            confirmed_share,
            (1 - confirmed_share) * lowered_weight,
            (1 - confirmed_share) * (1 - lowered_weight),
        ],
    )
    mean = mean_from_marks(counts, bands, rng)
    return _row(
        school,
        year,
        Procedure.VPR.value,
        subject,
        grade,
        participants,
        mark2=counts[0],
        mark3=counts[1],
        mark4=counts[2],
        mark5=counts[3],
        lowered=lowered,
        confirmed=confirmed,
        raised=raised,
        mean_score=mean,
        score_sum_squares=sum_of_squares(counts, bands, mean),
    )


def oge_row(school, profile, year, subject, failing, rng):
    participants = class_size(school, rng, _small(profile, year))
    counts = marks(participants, failing)
    return _row(
        school,
        year,
        Procedure.OGE.value,
        subject,
        9,
        participants,
        mark2=counts[0],
        mark3=counts[1],
        mark4=counts[2],
        mark5=counts[3],
        below_minimum=counts[0],
        mean_score=mean_from_marks(counts, OGE_SCALES[subject], rng),
    )


def ege_row(school, profile, year, subject, failing, rng):
    # Fewer pupils stay for the 11th grade, and those who stay fail the minimum less often.
    participants = max(5, round(class_size(school, rng) * 0.6))
    if _small(profile, year):
        participants = SMALL_CLASS
    below, high, rest = split(
        participants, [failing / 2, max(0.0, 0.22 - failing / 2), 1 - failing / 2]
    )
    mean = (72 - 55 * failing) * rng.uniform(0.98, 1.02)
    return _row(
        school,
        year,
        Procedure.EGE.value,
        subject,
        11,
        participants,
        below_minimum=below,
        high_results=high,
        mean_score=round(mean, 1),
    )


def _random(school, year, subject, *keys):
    """A random source of one row, seeded with its keys: rows never depend on each other."""
    return random.Random(f"{SEED}|{school.code}|{year}|{subject}|{'|'.join(map(str, keys))}")


def _vary(share, source):
    """The target share, a little off as a real year's would be."""
    return max(0.0, min(1.0, share + source.uniform(-0.015, 0.015)))


def generate(schools):
    """Aggregate rows (dicts of ``records.AGGREGATE_COLUMNS`` without names) for ``schools``
    (``DemoSchool``) over ``YEARS``; schools without a profile get none."""
    rows = []
    for school in schools:
        profile = PROFILES.get(school.code)
        if profile is None:
            continue
        for index, year in enumerate(AUTHORED_YEARS):
            for subject in SUBJECTS:
                target = profile.target(subject, index)
                for grade in VPR_GRADES:
                    source = _random(school, year, subject, Procedure.VPR, grade)
                    share = _vary(target + GRADE_OFFSETS[grade], source)
                    rows.append(vpr_row(school, profile, year, subject, grade, share, source))
                # ОГЭ goes a little better than ВПР: pupils prepare for it for two years.
                source = _random(school, year, subject, Procedure.OGE)
                failing = _vary(target * 0.85, source)
                rows.append(oge_row(school, profile, year, subject, failing, source))
                if school.kind in SENIOR_KINDS:
                    source = _random(school, year, subject, Procedure.EGE)
                    failing = _vary(target, source)
                    rows.append(ege_row(school, profile, year, subject, failing, source))
    return rows


def grading_scales():
    """(year, subject, grade, Bands) of every ВПР work the demo has results in."""
    return [
        (year, subject, grade, VPR_SCALES[subject, grade])
        for year in YEARS
        for subject in SUBJECTS
        for grade in VPR_GRADES
    ]
