"""A programme indicator against its target: the chart's data, its sentence and its notes.

Pure: takes the indicator and its values (``IndicatorValue`` objects or anything with ``year``,
``value`` and ``note``) and returns what ``widgets.draw`` takes. Percentages are stored as
numbers of per cent and charted as shares, as every other share on the site.
"""

from ..charts.svg import ChartData, Series
from ..rules.sentences import PERCENT, Gender, format_value, latest_change_sentence, target_sentence

TARGET_SERIES = "Цель"
VALUE_SERIES = "Значение"


def indicator_chart(indicator, values, scope_name=""):
    """(ChartData, notes) of the indicator's values by year, with its target as a second line."""
    percent = indicator.unit == indicator.Unit.PERCENT
    unit = PERCENT if percent else ""
    scale = 100 if percent else 1
    # Shares are «доля …», counts «количество …»: the verb agrees with that word.
    gender = Gender.FEMININE if percent else Gender.NEUTER
    values = sorted(values, key=lambda item: item.year)
    points = [(str(item.year), float(item.value) / scale) for item in values]
    series = [Series(VALUE_SERIES, points)]
    target = None if indicator.target is None else float(indicator.target) / scale
    if target is not None and points:
        series.append(Series(TARGET_SERIES, [(label, target) for label, _ in points]))
    name = indicator.label + (f" ({scope_name})" if scope_name else "")
    title = f"{indicator.code} {name}"
    digits = 1 if percent else 0
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
