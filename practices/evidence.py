"""The three marks of a practice in the evidence bank: strength of evidence, cost, time.

Pure: values in, values out. The levels' criteria and the cost rule are explained in
docs/evidence-bank.md; the numbers here are that rule.
"""

from dataclasses import dataclass

from django.db import models

from site_cms.templatetags.russian_tags import ru_plural


class EvidenceLevel(models.IntegerChoices):
    DESCRIPTION = 0, "0 — описание опыта"
    BEFORE_AFTER = 1, "1 — есть результаты до и после"
    COMPARED = 2, "2 — результаты сопоставлены с похожими классами или школами"
    REPLICATED = 3, "3 — повторено в нескольких школах с тем же результатом"


# One line a reader sees next to the level, without hovering: what the level does and does not
# promise.
EVIDENCE_MEANING = {
    EvidenceLevel.DESCRIPTION: "Школа описала свой опыт; измеренных результатов пока нет.",
    EvidenceLevel.BEFORE_AFTER: (
        "Результаты измерены до начала практики и после; с другими классами не сравнивали."
    ),
    EvidenceLevel.COMPARED: (
        "Изменения сравнили с похожими классами или школами без практики: рост не объясняется "
        "только общим ходом дел."
    ),
    EvidenceLevel.REPLICATED: ("Практику повторили в нескольких школах, и результат повторился."),
}


def evidence_short(level):
    """«Сила доказательств: 2 из 3» — the mark a card and a table show."""
    return f"{level} из {max(EvidenceLevel.values)}"


class CostLevel(models.TextChoices):
    LOW = "low", "низкие затраты"
    MEDIUM = "medium", "средние затраты"
    HIGH = "high", "высокие затраты"


# The cost rule. Hours of teachers' work a month beyond their usual load, and the money of the
# first year (materials for a year, equipment and training once). A practice is as costly as
# its costlier side.
LOW_HOURS, HIGH_HOURS = 4, 12
LOW_RUBLES, HIGH_RUBLES = 20_000, 100_000


def first_year_rubles(materials, equipment, training):
    return sum(value or 0 for value in (materials, equipment, training))


def cost_level(hours_per_month, materials, equipment, training):
    """The cost level, or "" while the hours are not stated (money left blank counts as none)."""
    if hours_per_month is None:
        return ""
    rubles = first_year_rubles(materials, equipment, training)
    if hours_per_month > HIGH_HOURS or rubles > HIGH_RUBLES:
        return CostLevel.HIGH
    if hours_per_month > LOW_HOURS or rubles > LOW_RUBLES:
        return CostLevel.MEDIUM
    return CostLevel.LOW


class TimeUnit(models.TextChoices):
    WEEKS = "weeks", "недель"
    MONTHS = "months", "месяцев"


class TimeBand(models.TextChoices):
    MONTH = "month", "до месяца"
    HALF_YEAR = "half-year", "от месяца до полугода"
    YEAR = "year", "больше полугода"


WEEKS_IN_MONTH = 4


def time_band(amount, unit):
    """The band of the time to first results (for the facet), or "" when it is not stated."""
    if not amount or unit not in TimeUnit.values:
        return ""
    weeks = amount if unit == TimeUnit.WEEKS else amount * WEEKS_IN_MONTH
    if weeks <= WEEKS_IN_MONTH:
        return TimeBand.MONTH
    if weeks <= 6 * WEEKS_IN_MONTH:
        return TimeBand.HALF_YEAR
    return TimeBand.YEAR


def time_label(amount, unit):
    """«через 3 недели», «через 1 месяц», or ""."""
    if not amount or unit not in TimeUnit.values:
        return ""
    forms = "неделю,недели,недель" if unit == TimeUnit.WEEKS else "месяц,месяца,месяцев"
    return f"через {amount} {ru_plural(amount, forms)}"


def steps(text):
    """The ordered first steps: one a line, blank lines and leading numbers dropped."""
    lines = (line.strip() for line in (text or "").splitlines())
    return [line.lstrip("0123456789.) ").strip() or line for line in lines if line]


@dataclass(frozen=True)
class StartGuide:
    first_steps: str
    difficulties: str
    contact: str
    contact_consent: bool


def missing_start_parts(guide):
    """What «Как начать» still lacks for a recommended practice, in words for the expert."""
    missing = []
    if not steps(guide.first_steps):
        missing.append("первые шаги")
    if not (guide.difficulties or "").strip():
        missing.append("трудности и как их преодолели")
    if not (guide.contact or "").strip() or not guide.contact_consent:
        missing.append("контакт школы с её согласием")
    return missing
