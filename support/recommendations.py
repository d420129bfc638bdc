"""What the portal recommends a school for each of its factors at «высокий» or «средний»: the
bank's practices aimed at the factor, upcoming seminars on it, and a leader school that has
overcome it. Pure: the callers gather the candidates, this ranks them.

The order, explained on the page in one sentence (``EXPLANATION``): factors from the highest
level, then in the taxonomy's order; practices recommended by the experts first, then by how
many of the school's education levels and subjects they share, then by title; seminars for
this school or its municipality first, then the soonest; leader schools of the school's own
network pair first, then those of its municipality, by name — and only those whose own
profile says the factor is «не выявлен».
"""

from dataclasses import dataclass

from .models import Level

EXPLANATION = (
    "Для каждого фактора с высоким или средним уровнем показаны практики банка, направленные "
    "на этот фактор (сначала рекомендованные экспертами и подходящие школе по уровню "
    "образования и предметам), ближайшие мероприятия по этой теме (сначала для школы и её "
    "муниципалитета) и школы-лидеры из сетевой пары или муниципалитета, у которых этот фактор "
    "не выявлен."
)
URGENT = {Level.HIGH: 0, Level.MEDIUM: 1}


@dataclass(frozen=True)
class Factor:
    pk: int
    name: str
    sort_order: int = 100


@dataclass(frozen=True)
class PracticeCandidate:
    pk: int
    title: str
    factor_ids: frozenset
    recommended: bool = False
    level_ids: frozenset = frozenset()
    subject_ids: frozenset = frozenset()


@dataclass(frozen=True)
class EventCandidate:
    pk: int
    title: str
    starts: object  # a date or datetime, only compared
    factor_ids: frozenset  # the factors whose theme it fits
    for_school: bool = False  # the school or its municipality is named


@dataclass(frozen=True)
class LeaderCandidate:
    school_id: int
    name: str
    clear_factor_ids: frozenset  # «не выявлен» in its own confirmed profile
    paired: bool = False  # in a network pair with the school; otherwise of its municipality


@dataclass(frozen=True)
class FactorRecommendation:
    factor: Factor
    level: str
    practices: tuple
    events: tuple
    leaders: tuple


def recommend(
    assessments,
    practices=(),
    events=(),
    leaders=(),
    *,
    school_levels=frozenset(),
    school_subjects=frozenset(),
    limit=3,
):
    """[FactorRecommendation] for ``assessments``, (Factor, level) pairs of the school; at
    most ``limit`` of each kind per factor."""

    def practice_key(practice):
        shared = len(practice.level_ids & school_levels) + len(
            practice.subject_ids & school_subjects
        )
        return (not practice.recommended, -shared, practice.title)

    urgent = sorted(
        ((factor, level) for factor, level in assessments if level in URGENT),
        key=lambda pair: (URGENT[pair[1]], pair[0].sort_order, pair[0].name),
    )
    return [
        FactorRecommendation(
            factor,
            level,
            tuple(
                sorted((p for p in practices if factor.pk in p.factor_ids), key=practice_key)[
                    :limit
                ]
            ),
            tuple(
                sorted(
                    (e for e in events if factor.pk in e.factor_ids),
                    key=lambda e: (not e.for_school, e.starts, e.title),
                )[:limit]
            ),
            tuple(
                sorted(
                    (s for s in leaders if factor.pk in s.clear_factor_ids),
                    key=lambda s: (not s.paired, s.name),
                )[:limit]
            ),
        )
        for factor, level in urgent
    ]
