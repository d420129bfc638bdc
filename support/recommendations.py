"""What the portal recommends a school for each of its factors at «высокий» or «средний»: the
bank's practices aimed at the factor, upcoming seminars on it, and a leader school that has
overcome it. Pure: the callers gather the candidates, this ranks them.

The order, explained on the page in one sentence (``EXPLANATION``): factors from the highest
level, then in the taxonomy's order; practices recommended by the experts first, then by
title; seminars for
this school or its municipality first, then the soonest; leader schools of the school's own
network pair first, then those of its municipality, by name — and only those whose own
profile says the factor is «не выявлен».

An event names no risk factor, so whether a seminar fits one is read from words
(``fitting_factors``): it fits a factor when its title, summary or audiences share a word with
the factor's name, compared without Russian endings, the words every factor's name shares
(«высокая доля обучающихся», «недостаточная») left out.
"""

import functools
import re
from dataclasses import dataclass

from .models import Level

EXPLANATION = (
    "Для каждого фактора с высоким или средним уровнем показаны практики банка, направленные "
    "на этот фактор (сначала рекомендованные экспертами), ближайшие мероприятия, в названии, "
    "описании или аудитории которых названа тема фактора (сначала для школы и её "
    "муниципалитета), и школы-лидеры из сетевой пары или муниципалитета, у которых этот "
    "фактор не выявлен, а ниже — умения, которые по заданиям последних работ школе стоит "
    "подтянуть."
)
URGENT = {Level.HIGH: 0, Level.MEDIUM: 1}
PER_FACTOR = 3  # practices, seminars and leader schools shown for a factor, of each kind

# Words of the factors' names that say how much, not what: «Высокая доля обучающихся с ОВЗ»
# is about ОВЗ; «русский язык» would match every seminar for teachers of Russian.
_GENERIC = """
    высокая низкая доля обучающихся недостаточная неблагоприятный школьный школы педагогов
    педагогических предметная методическая учебная учебной рисками дефицит русский язык
    неродной для при как что это или без над под про
"""
GENERIC_WORDS = frozenset(_GENERIC.split())
# Russian endings of nouns and adjectives, the longest tried first.
_ENDINGS = """
    остью остей ость ости ами ями ого его ому ему ыми ими ией ой ей ий ый ая яя ое ее ые ие ых
    их ов ев ам ям ах ях ом ем ую юю ия ию а я о е ы и у ю ь й
"""
ENDINGS = sorted(_ENDINGS.split(), key=len, reverse=True)
WORD = re.compile(r"[а-яa-z]+")
MIN_PREFIX = 5  # a stem this long matches the longer stems it begins: «оснащенн», «оснащен»


@functools.lru_cache(maxsize=20_000)  # texts share their words: a calendar stems each once
def stem(word):
    """The word without its longest Russian ending, keeping at least three letters."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def stems(text, leave_out=frozenset()):
    """The stems of the words of three letters or more (ОВЗ, ВПР count), ё read as е."""
    words = WORD.findall(text.lower().replace("ё", "е"))
    return {stem(word) for word in words if len(word) >= 3 and word not in leave_out}


def _same_stem(first, second):
    shorter, longer = sorted((first, second), key=len)
    return shorter == longer or (len(shorter) >= MIN_PREFIX and longer.startswith(shorter))


@functools.lru_cache(maxsize=1_000)
def _name_stems(name):
    return frozenset(stems(name, GENERIC_WORDS))


def fitting_factors(factors, text):
    """The pks of ``factors`` (Factor) whose names share a word with ``text``."""
    words = stems(text)
    return frozenset(
        factor.pk
        for factor in factors
        if any(_same_stem(key, word) for key in _name_stems(factor.name) for word in words)
    )


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
class SkillToImprove:
    """A skill the school's latest task results say to work on (any factor's concern)."""

    skill: str
    work: str  # «Математика, 5 класс»
    year: int
    rates: str  # the school's, municipality's and region's rates in a sentence


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
    limit=PER_FACTOR,
):
    """[FactorRecommendation] for ``assessments``, (Factor, level) pairs of the school; at
    most ``limit`` of each kind per factor."""

    def practice_key(practice):
        return (not practice.recommended, practice.title)

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
