"""The region's self-diagnosis survey as an XLSX table: one row per school, a column per factor.

Columns: «Логин ФИС ОКО» (required: it finds the school in the registry), «Школа» (optional,
for people; not read), and one column per risk factor, named as the bank names it (or by its
slug). A cell holds a level in words: «высокий», «средний», «низкий», «не выявлен»; an empty
cell leaves the factor unassessed. The file is taken whole or refused whole, with row numbers
as a spreadsheet shows them. A re-import of a year replaces every assessment the survey wrote
that year; what a school or a coordinator assessed by hand stays.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction

from schools.models import SchoolCode, fisoko_number
from site_cms import page_cache
from site_cms.importing import tables
from site_cms.importing.limits import FileRefused

from .models import FactorAssessment, Level, RiskProfile, Source

LOGIN = "логин фис око"
SCHOOL = "школа"
LEVELS = {
    "высокий": Level.HIGH,
    "средний": Level.MEDIUM,
    "низкий": Level.LOW,
    "не выявлен": Level.NONE,
}
ALLOWED = "«высокий», «средний», «низкий», «не выявлен»"
BASIS = "Анкета самодиагностики"


@dataclass
class SurveyRow:
    line: int
    school_id: int
    school_name: str
    levels: dict  # {factor: Level}


@dataclass
class ParsedSurvey:
    factors: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def _key(text):
    return re.sub(r"\s+", " ", text.lower().replace("ё", "е")).strip(' .:*«»"')


def read_rows(filename, data):
    """The first sheet's rows as lists of stripped strings."""
    if not data:
        raise FileRefused(tables.EMPTY_FILE)
    if not filename.lower().endswith((".xlsx", ".xlsm")):
        raise FileRefused("Загрузите анкету в формате XLSX.")
    sheets = tables.read_xlsx(
        data, unreadable="Не удалось прочитать файл: это не таблица Excel или файл повреждён."
    )
    rows = next(iter(sheets.values()), [])
    return [[str(cell).strip() for cell in row] for row in rows]


def parse_rows(rows, factors, schools):
    """A ParsedSurvey from the rows: ``factors`` are the bank's RiskFactors, ``schools`` a map
    {login number: (school id, name)} of the registry's logins."""
    result = ParsedSurvey()
    if not rows:
        result.errors.append(tables.EMPTY_FILE)
        return result
    by_name = {_key(f.name): f for f in factors} | {_key(f.slug): f for f in factors}
    header = [_key(cell) for cell in rows[0]]
    if LOGIN not in header:
        result.errors.append("Строка 1: нет столбца «Логин ФИС ОКО».")
        return result
    login_column = header.index(LOGIN)
    columns = {}
    for column, (name, text) in enumerate(zip(header, rows[0], strict=True)):
        if column == login_column or name in ("", SCHOOL):
            continue
        factor = by_name.get(name)
        if factor is None:
            result.errors.append(f"Строка 1: столбец «{text}» — такого фактора риска нет в банке.")
        elif factor in columns.values():
            result.errors.append(f"Строка 1: фактор «{factor}» назван в двух столбцах.")
        else:
            columns[column] = factor
    if not columns and not result.errors:
        result.errors.append("Строка 1: нет ни одного столбца с фактором риска.")
    result.factors = sorted(columns.values(), key=lambda f: (f.sort_order, f.name))
    seen = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        login = row[login_column] if login_column < len(row) else ""
        found = schools.get(fisoko_number(login) or login.lower()) if login else None
        if found is None:
            problem = (
                f"школа с логином «{login}» не найдена в реестре"
                if login
                else "не указан логин ФИС ОКО"
            )
            result.errors.append(f"Строка {line}: {problem}.")
            continue
        school_id, name = found
        if school_id in seen:
            result.errors.append(
                f"Строка {line}: школа «{name}» уже есть в строке {seen[school_id]}."
            )
            continue
        seen[school_id] = line
        levels = {}
        cells = {
            factor: row[column] if column < len(row) else "" for column, factor in columns.items()
        }
        if not any(cells.values()):
            result.errors.append(f"Строка {line}: у школы «{name}» не заполнен ни один фактор.")
        for factor, text in cells.items():
            if not text:
                continue
            level = LEVELS.get(_key(text))
            if level is None:
                result.errors.append(
                    f"Строка {line}: «{factor}» — уровень «{text}» неизвестен, возможны {ALLOWED}."
                )
            else:
                levels[factor] = level
        result.rows.append(SurveyRow(line, school_id, name, levels))
    if not result.rows and not result.errors:
        result.errors.append("В файле нет ни одной школы.")
    return result


def registry_logins():
    """{login number: (school id, short name)} of every login in the registry (one query)."""
    return {
        number: (school_id, name)
        for number, school_id, name in SchoolCode.objects.values_list(
            "number", "school_id", "school__short_name"
        )
    }


def parse_survey(filename, data):
    from practices.models import RiskFactor

    return parse_rows(read_rows(filename, data), RiskFactor.objects.all(), registry_logins())


@dataclass
class SurveyOutcome:
    created_profiles: int
    saved: int
    kept: int  # the factors a school or a coordinator had assessed by hand


@transaction.atomic
@page_cache.invalidated_once()
def import_survey(parsed, school_year, user=None):
    """Save a parsed survey for ``school_year``, replacing the year's earlier survey rows."""
    assert not parsed.errors, "a survey with errors is refused whole"
    school_ids = [row.school_id for row in parsed.rows]
    profiles = {p.school_id: p for p in RiskProfile.objects.filter(school_year=school_year)}
    new = [
        RiskProfile(school_id=pk, school_year=school_year)
        for pk in school_ids
        if pk not in profiles
    ]
    RiskProfile.objects.bulk_create(new)
    profiles |= {p.school_id: p for p in new}
    year = FactorAssessment.objects.filter(profile__school_year=school_year)
    replaced = set(year.filter(imported=True).values_list("profile_id", flat=True))
    year.filter(imported=True).delete()
    by_hand = set(year.values_list("profile_id", "factor_id"))
    rows = [
        FactorAssessment(
            profile=profiles[row.school_id],
            factor=factor,
            level=level,
            source=Source.SELF,
            basis=BASIS,
            imported=True,
        )
        for row in parsed.rows
        for factor, level in row.levels.items()
        if (profiles[row.school_id].pk, factor.pk) not in by_hand
    ]
    FactorAssessment.objects.bulk_create(rows)
    # The history of every profile the import changed, earlier survey rows removed included.
    changed = replaced | {row.profile.pk for row in rows}
    for profile in RiskProfile.objects.filter(pk__in=changed).prefetch_related(
        "assessments", "measures"
    ):
        profile.save_revision(user=user, log_action=True)
    total = sum(len(row.levels) for row in parsed.rows)
    return SurveyOutcome(created_profiles=len(new), saved=len(rows), kept=total - len(rows))
