"""Values of a programme's indicators from a table (CSV or XLSX), all or nothing.

One row per indicator, year and — for municipal and school indicators — municipality or
school. Headers (case, «ё» and extra spaces ignored): «Показатель» (its number in the programme,
e.g. 3.2), «Год», «Муниципалитет», «Код школы», «Значение», «Примечание». A value typed again for
the same indicator, year and scope replaces the stored one, so a corrected file is imported
again as it is. Computed indicators are refused: their values come from the results.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from schools.importing.municipalities import MunicipalityIndex
from schools.importing.records import MunicipalityRef
from schools.models import Municipality
from site_cms import page_cache

from ..models import IndicatorValue, ProgrammeIndicator
from ..models.programme import scope_errors
from .problems import ImportRefused, Problem
from .schools import find_schools
from .summary import header_key
from .tables import read_rows

HEADERS = {
    "indicator": ("Показатель", "Код показателя", "Номер показателя", "№"),
    "year": ("Год", "Период"),
    "municipality": ("Муниципалитет", "Муниципальное образование", "МО"),
    "school": ("Код школы", "Логин", "Код ОО"),
    "value": ("Значение",),
    "note": ("Примечание", "Комментарий"),
}
REQUIRED = ("indicator", "year", "value")
MIN_YEAR, MAX_YEAR = 2000, 2100
NOTE_LENGTH = IndicatorValue._meta.get_field("note").max_length


@dataclass
class ValuesReport:
    rows: int = 0
    created: int = 0
    updated: int = 0


def import_indicator_values(path, programme, *, user=None, dry_run=False):
    """Store the file's values for ``programme``; raise ImportRefused with every reason."""
    header, body = read_rows(path)
    columns = _columns(header)
    indicators = {item.code: item for item in programme.indicators.all()}
    municipalities = MunicipalityIndex(Municipality.objects.all())
    schools = find_schools(
        {cells[columns["school"]] for _, cells in body if _cell(cells, columns, "school")}
    )
    problems, values = [], []
    for number, cells in body:
        value, problem = _value(
            {key: _cell(cells, columns, key) for key in HEADERS},
            indicators=indicators,
            municipalities=municipalities,
            schools=schools,
        )
        if problem:
            problems.append(Problem(number, problem))
        else:
            values.append((number, value))
    problems.extend(_duplicates(values))
    if problems:
        raise ImportRefused(problems)
    report = ValuesReport(rows=len(values))
    editor = user if user is not None and user.is_authenticated else None
    # Row by row: a programme's table has tens of rows, and update_or_create keeps the rule
    # «the same indicator, year and scope replaces» in one place.
    # The values' signals make public pages stale once, at the end; a dry run's rollback needs
    # no bump.
    with transaction.atomic(), page_cache.invalidated_once():
        for _, value in values:
            _, created = IndicatorValue.objects.update_or_create(
                indicator=value.indicator,
                year=value.year,
                municipality_id=value.municipality_id,
                school_id=value.school_id,
                defaults={
                    "value": value.value,
                    "note": value.note,
                    "source": IndicatorValue.Source.IMPORTED,
                    "updated_by": editor,
                },
            )
            report.created += created
            report.updated += not created
        if dry_run:
            transaction.set_rollback(True)
    return report


def _columns(header):
    keys = {header_key(name): key for key, names in HEADERS.items() for name in names}
    columns = {}
    for index, text in enumerate(header):
        key = keys.get(header_key(text))
        if key and key not in columns:
            columns[key] = index
    missing = [HEADERS[key][0] for key in REQUIRED if key not in columns]
    if missing:
        names = ", ".join(f"«{name}»" for name in missing)
        raise ImportRefused([Problem(None, f"В заголовке (первая строка) нет столбцов: {names}.")])
    return columns


def _cell(cells, columns, key):
    index = columns.get(key)
    return cells[index] if index is not None and index < len(cells) else ""


def _value(cells, *, indicators, municipalities, schools):
    """(an unsaved IndicatorValue, None) or (None, the reason in Russian)."""
    indicator = indicators.get(cells["indicator"].removesuffix("."))
    if indicator is None:
        return None, f"показателя «{cells['indicator']}» нет в программе."
    if indicator.computation:
        return None, f"показатель {indicator.code} вычисляется по результатам, его не импортируют."
    year = _number(cells["year"])
    if year is None or year % 1 or not MIN_YEAR <= year <= MAX_YEAR:
        return None, f"год «{cells['year']}» — не год от {MIN_YEAR} до {MAX_YEAR}."
    number = _number(cells["value"])
    if number is None:
        return None, f"значение «{cells['value']}» — не число."
    if indicator.unit == ProgrammeIndicator.Unit.PERCENT and not 0 <= number <= 100:
        return None, f"значение {cells['value']} — процент должен быть от 0 до 100."
    municipality = school_pk = None
    if cells["municipality"]:
        municipality = municipalities.find(MunicipalityRef(name=cells["municipality"]))
        if municipality is None:
            return None, f"муниципалитета «{cells['municipality']}» нет в реестре."
    if cells["school"]:
        school_pk = schools.get(cells["school"])
        if school_pk is None:
            return None, f"школы с кодом «{cells['school']}» нет в реестре."
        municipality = None  # a school's value belongs to the school, not its municipality
    errors = scope_errors(indicator.level, municipality and municipality.pk, school_pk)
    if errors:
        return None, str(next(iter(errors.values()))).rstrip(".").lower() + "."
    if len(cells["note"]) > NOTE_LENGTH:
        return None, f"примечание длиннее {NOTE_LENGTH} знаков."
    return IndicatorValue(
        indicator=indicator,
        year=int(year),
        municipality=municipality,
        school_id=school_pk,
        value=round(number, 2),
        note=cells["note"],
    ), None


def _number(text):
    text = re.sub(r"[\s\u00a0%]", "", text).replace(",", ".").replace("−", "-")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _duplicates(values):
    seen = {}
    for number, value in values:
        key = (value.indicator.pk, value.year, value.municipality_id, value.school_id)
        if key in seen:
            yield Problem(number, f"повторяет строку {seen[key]}: оставьте одно значение.")
        else:
            seen[key] = number
