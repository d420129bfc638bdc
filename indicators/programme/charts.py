"""A programme indicator against its target: the chart's data, its sentence and its notes; its
progress to the target in words; a table of all indicators of a programme.

Pure: takes the indicator and its values (anything with ``year``, ``value`` and ``note``, such as
``page_data.ValueRow``; the table's also ``municipality_id`` and ``municipality_name``) and returns
what ``widgets.draw`` and the templates take. Percentages are stored as numbers of per cent and
charted as shares, as every other share on the site.
"""

from dataclasses import dataclass

from ..charts.svg import MISSING, ChartData, Series
from ..rules.sentences import (
    NBSP,
    PERCENT,
    Gender,
    format_number,
    format_value,
    latest_change_sentence,
    target_sentence,
)
from . import progress as progress_to_target
from .progress import Category

TARGET_SERIES = "Цель"
VALUE_SERIES = "Значение"


def is_percent(indicator):
    return indicator.unit == indicator.Unit.PERCENT


def shown_digits(indicator):
    """Decimal places the site shows: percentages to a tenth, counts whole."""
    return 1 if is_percent(indicator) else 0


def shown_value(indicator, value):
    """A stored value as readers see it: «62,5 %», «6»."""
    if is_percent(indicator):
        return format_value(float(value) / 100, PERCENT, shown_digits(indicator))
    return format_value(float(value), "", shown_digits(indicator))


def indicator_chart(indicator, values, scope_name=""):
    """(ChartData, notes) of the indicator's values by year, with its target as a second line
    that runs on to the target year."""
    percent = is_percent(indicator)
    unit = PERCENT if percent else ""
    scale = 100 if percent else 1
    # Shares are «доля …», counts «количество …»: the verb agrees with that word.
    gender = Gender.FEMININE if percent else Gender.NEUTER
    values = sorted(values, key=lambda item: item.year)
    points = [(str(item.year), float(item.value) / scale) for item in values]
    series = [Series(VALUE_SERIES, points)]
    target = None if indicator.target is None else float(indicator.target) / scale
    if target is not None and points:
        years = [label for label, _ in points]
        if indicator.target_year and indicator.target_year > values[-1].year:
            years.append(str(indicator.target_year))
        series.append(Series(TARGET_SERIES, [(year, target) for year in years], True))
    name = indicator.label + (f" ({scope_name})" if scope_name else "")
    title = f"{indicator.code} {name}"
    digits = shown_digits(indicator)
    if target is not None and points:
        summary = target_sentence(
            name,
            points[-1][1],
            target,
            unit=unit,
            higher_is_better=indicator.higher_is_better,
            digits=digits,
        )
    elif points:
        summary = latest_change_sentence(name, points, unit=unit, gender=gender, digits=digits)
    else:
        summary = ""
    return ChartData(title, series, unit, summary, digits=digits), _notes(indicator, values, unit)


def _notes(indicator, values, unit):
    notes = []
    if indicator.target is not None:
        shown = format_value(
            float(indicator.target) / (100 if unit == PERCENT else 1), unit, digits=1
        )
        year = f" к {indicator.target_year} году" if indicator.target_year else ""
        notes.append(f"Цель{year}: {shown}.")
    counted = [f"{item.year} — {item.note}" for item in values if item.note]
    if counted:
        notes.append(
            f"{'Вычислено' if indicator.computation else 'Пояснения'}: {'; '.join(counted)}."
        )
    if indicator.definition:
        notes.append(indicator.definition)
    return notes


@dataclass(frozen=True)
class ProgressNote:
    """The latest year's progress to the target: a badge (``category`` names its look, None for
    «no assessment») with its words, and the sentence that explains it."""

    year: int
    category: str | None
    label: str
    sentence: str

    @property
    def modifier(self):
        """The badge's class modifier: «on-track», «none» without a category."""
        return self.category.replace("_", "-") if self.category else "none"


def indicator_progress(indicator, values):
    """The ``ProgressNote`` of the indicator's latest value; None without a target or values."""
    if indicator.target is None:
        return None
    progress = progress_to_target.latest(
        {item.year: item.value for item in values},
        indicator.target,
        indicator.target_year,
        higher_is_better=indicator.higher_is_better,
        digits=shown_digits(indicator),
    )
    if progress is None:
        return None
    category = progress.category
    # Text, not the lazy translation: the note is kept in the cache with what is drawn.
    label = str(category.label) if category else "нет оценки"
    return ProgressNote(progress.year, category, label, progress_sentence(indicator, progress))


def progress_sentence(indicator, progress):
    """Why the year has its category, in the indicator's units: «Темп с 2023 по 2025 год —
    +17,5 п. п. в год; чтобы достичь цели 100 % к 2025 году, нужно +27 п. п. в год.»"""
    value = shown_value(indicator, progress.value)
    target = shown_value(indicator, indicator.target)
    if progress.category == Category.ACHIEVED:
        return f"В {progress.year} году — {value} при цели {target}."
    if progress.category is None:
        return f"Оценки нет: {progress.reason.label}."
    direction = 1 if indicator.higher_is_better else -1
    pace = _pace(indicator, direction * progress.pace)
    period = f"с {progress.baseline_year} по {progress.year} год"
    if progress.needed_pace <= 0:
        return (
            f"В {progress.baseline_year} году цель {target} была достигнута, "
            f"в {progress.year} году — {value}: темп {period} — {pace}."
        )
    needed = _pace(indicator, direction * progress.needed_pace)
    if progress.overdue:
        passed = "наступил" if progress.year == indicator.target_year else "прошёл"
        return (
            f"Срок цели {target} — {indicator.target_year} год — {passed}, а в {progress.year} "
            f"году — {value}. Темп {period} — {pace}, для цели в срок нужен был {needed}."
        )
    return (
        f"Темп {period} — {pace}; чтобы достичь цели {target} к {indicator.target_year} году, "
        f"нужно {needed}."
    )


def _pace(indicator, change):
    """A signed change per year: «+17,5 п. п. в год», «−2 в год»."""
    sign = "+" if change > 0 else ""  # format_number writes the minus itself
    number = format_number(float(change), 1)
    unit = f"{NBSP}п.{NBSP}п." if is_percent(indicator) else ""
    return f"{sign}{number}{unit} в год"


@dataclass(frozen=True)
class ProgrammeRow:
    indicator: str  # «3.2 Доля школ с системой профилактики»
    scope: str  # the municipality, where the table has several
    cells: list[str]  # a value per year of the table, «—» where there is none
    target: str
    progress: ProgressNote | None


@dataclass(frozen=True)
class ProgrammeTable:
    caption: str
    years: list[int]
    rows: list[ProgrammeRow]


def programme_table(programme, indicators, values):
    """All region and municipality indicators of ``programme`` (``indicators`` in their order)
    with their values by year, target and latest progress; ``values`` are the programme's values
    without a school. A municipal indicator has a row per municipality with values; the caption
    names the municipality when there is only one."""
    by_row = {}
    for item in values:
        by_row.setdefault((item.indicator_id, item.municipality_id), []).append(item)
    municipalities = {item.municipality_id: item.municipality_name for item in values}
    municipalities.pop(None, None)
    single = len(municipalities) == 1
    rows = []
    for indicator in indicators:
        if indicator.level == indicator.Level.SCHOOL:
            continue
        if indicator.level == indicator.Level.REGION:
            scopes = [None]
        else:
            scopes = sorted(
                (pk for indicator_pk, pk in by_row if indicator_pk == indicator.pk),
                key=lambda pk: municipalities[pk],
            ) or [None]
        for scope in scopes:
            row_values = by_row.get((indicator.pk, scope), [])
            rows.append(
                (
                    indicator,
                    "" if single or scope is None else municipalities[scope],
                    row_values,
                )
            )
    years = sorted({item.year for _indicator, _scope, row in rows for item in row})
    caption = programme.title
    if single:
        caption += f" ({next(iter(municipalities.values()))})"
    return ProgrammeTable(
        caption,
        years,
        [_programme_row(indicator, scope, row, years) for indicator, scope, row in rows],
    )


def _programme_row(indicator, scope, values, years):
    by_year = {item.year: item.value for item in values}
    cells = [
        shown_value(indicator, by_year[year]) if year in by_year else MISSING for year in years
    ]
    target = MISSING
    if indicator.target is not None:
        target = shown_value(indicator, indicator.target)
        if indicator.target_year:
            target += f" к {indicator.target_year} году"
    return ProgrammeRow(
        f"{indicator.code} {indicator.label}",
        scope,
        cells,
        target,
        indicator_progress(indicator, values),
    )
