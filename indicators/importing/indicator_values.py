"""Values of a programme's indicators from a table (CSV or XLSX), all or nothing.

One row per indicator, year and — for municipal and school indicators — municipality or
school. Headers (case, «ё» and extra spaces ignored): «Показатель» (its number in the programme,
e.g. 3.2), «Год», «Муниципалитет», «Код школы», «Значение», «Примечание». A value typed again for
the same indicator, year and scope replaces the stored one, so a corrected file is imported
again as it is. Computed indicators are refused: their values come from the results.

This module knows the file (its headers, read into a dataset); ``indicator_values_resource``
knows the rows (the programme's rules, saving). A dry run is the library's: the same rows,
saved and rolled back, so the preview counts what the import would do.
"""

import logging
from dataclasses import dataclass

import tablib
from django.db import transaction
from import_export.results import RowResult

from site_cms import page_cache

from .indicator_values_resource import ROW, IndicatorValueResource
from .problems import ImportRefused, Problem
from .summary import header_key
from .tables import read_rows

logger = logging.getLogger(__name__)

HEADERS = {
    "indicator": ("Показатель", "Код показателя", "Номер показателя", "№"),
    "year": ("Год", "Период"),
    "municipality": ("Муниципалитет", "Муниципальное образование", "МО"),
    "school": ("Код школы", "Логин", "Код ОО"),
    "value": ("Значение",),
    "note": ("Примечание", "Комментарий"),
}
REQUIRED = ("indicator", "year", "value")
ROW_FAILED = "не удалось сохранить из-за ошибки на сервере: сообщите администратору."
IMPORT_FAILED = "Файл не удалось импортировать из-за ошибки на сервере: сообщите администратору."


@dataclass
class ValuesReport:
    rows: int = 0
    created: int = 0
    updated: int = 0


def read_values(path):
    """The file as a dataset: a column per HEADERS key, and ``row``, the row's number."""
    header, body = read_rows(path)
    columns = _columns(header)
    dataset = tablib.Dataset(headers=[ROW, *HEADERS])
    for number, cells in body:
        dataset.append([number, *(_cell(cells, columns, key) for key in HEADERS)])
    return dataset


def import_indicator_values(path, programme, *, user=None, dry_run=False):
    """Store the file's values for ``programme``; raise ImportRefused with every reason.

    A dry run goes through the same rows and rolls them back: its counts are the import's.
    """
    dataset = read_values(path)
    editor = user if user is not None and user.is_authenticated else None
    resource = IndicatorValueResource(programme, editor=editor)
    # The values' signals make public pages stale once, at the end, and not at all when the
    # rows are rolled back: the outer block tells the page cache what the library undid.
    with transaction.atomic(), page_cache.invalidated_once():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
        problems = _problems(result, dataset[ROW])
        if dry_run or problems:
            transaction.set_rollback(True)
    if problems:
        raise ImportRefused(problems)
    return ValuesReport(
        rows=len(dataset),
        created=result.totals[RowResult.IMPORT_TYPE_NEW],
        updated=result.totals[RowResult.IMPORT_TYPE_UPDATE],
    )


def _problems(result, numbers):
    """The rows the resource refused, as Problems numbered as in the file. Errors the library
    caught are a bug rather than the file's fault: logged, and named without their details."""
    problems = [
        Problem(numbers[row.number - 1], message)
        for row in result.invalid_rows
        for message in row.error.messages
    ]
    for number, errors in result.row_errors():
        for error in errors:
            logger.error("Indicator values, row %s:\n%s", numbers[number - 1], error.traceback)
        problems.append(Problem(numbers[number - 1], ROW_FAILED))
    for error in result.base_errors:
        logger.error("Indicator values import:\n%s", error.traceback)
        problems.append(Problem(None, IMPORT_FAILED))
    return sorted(problems, key=lambda problem: (problem.row is not None, problem.row or 0))


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
