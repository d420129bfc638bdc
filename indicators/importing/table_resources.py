"""Small tables people type (CSV or XLSX) imported through django-import-export, all or nothing.

``read_dataset`` reads a file (``tables.read_rows``) into a tablib Dataset: a column per key of
the file's headers, found under any of their spellings (case, «ё», quotes and extra spaces
ignored), holding the cells' text, and ``row``, the row's number as the user sees it (the header
is row 1). A ``TableResource`` checks each row before the library looks it up and refuses a
broken one with a ValidationError in Russian. ``import_dataset`` runs it, a dry run for a
preview, in one transaction: any refused row leaves nothing saved and becomes a Problem numbered
as in the file.
"""

import logging
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from import_export import resources
from import_export.results import RowResult

from site_cms import page_cache

from .problems import ImportRefused, Problem
from .summary import header_key
from .tables import read_rows

logger = logging.getLogger(__name__)

ROW = "row"
MIN_YEAR, MAX_YEAR = 2000, 2100
ROW_FAILED = "не удалось сохранить из-за ошибки на сервере: сообщите администратору."
IMPORT_FAILED = "Файл не удалось импортировать из-за ошибки на сервере: сообщите администратору."


@dataclass
class TableReport:
    rows: int = 0
    created: int = 0
    updated: int = 0


def read_dataset(path, headers, required):
    """``headers``: {key: (its spellings, the first one named in messages)}; the ``required``
    keys must all be there. Refuses unreadable files."""
    header, body = read_rows(path)
    columns = _columns(header, headers, required)
    dataset = tablib.Dataset(headers=[ROW, *headers])
    for number, cells in body:
        dataset.append([number, *(_cell(cells, columns.get(key)) for key in headers)])
    return dataset


class CountedRowResult(RowResult):
    """The rows are only counted: naming each saved row (its ``__str__``) would fetch what it
    refers to, a query or more per row."""

    def add_instance_info(self, instance):
        self.object_id = instance.pk


class TableResource(resources.ModelResource):
    """A ModelResource for a typed table; ``import_id_fields`` is what makes a row: a second row
    with the same key in one file is refused, naming the first."""

    class Meta:
        # Only the counts are shown: no per-row HTML diff to build.
        skip_diff = True

    @classmethod
    def get_row_result_class(cls):
        return CountedRowResult

    def before_import(self, dataset, **kwargs):
        self.seen = {}

    def before_import_row(self, row, **kwargs):
        row.update(self.parse(row))
        key = tuple(row[name] for name in self.get_import_id_fields())
        if key in self.seen:
            raise ValidationError(f"повторяет строку {self.seen[key]}: оставьте одно значение.")
        self.seen[key] = row[ROW]

    def parse(self, cells):
        """What the fields save, from the cells' text; ValidationError with the reason."""
        raise NotImplementedError


def import_dataset(resource, dataset, *, dry_run=False):
    """Import the dataset's rows; raise ImportRefused with every reason.

    A dry run goes through the same rows and rolls them back: its counts are the import's.
    """
    # The rows' signals make public pages stale once, at the end, and not at all when the
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
    return TableReport(
        rows=len(dataset),
        created=result.totals[RowResult.IMPORT_TYPE_NEW],
        updated=result.totals[RowResult.IMPORT_TYPE_UPDATE],
    )


def parse_number(text):
    """A Decimal from a typed number («62,5», «62,5 %», «−3», «1 200»), or None."""
    text = re.sub(r"[\s\u00a0%]", "", text).replace(",", ".").replace("−", "-")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_year(text):
    year = parse_number(text)
    if year is None or year % 1 or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(f"год «{text}» — не год от {MIN_YEAR} до {MAX_YEAR}.")
    return int(year)


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
            logger.error("Table import, row %s:\n%s", numbers[number - 1], error.traceback)
        problems.append(Problem(numbers[number - 1], ROW_FAILED))
    for error in result.base_errors:
        logger.error("Table import:\n%s", error.traceback)
        problems.append(Problem(None, IMPORT_FAILED))
    return sorted(problems, key=lambda problem: (problem.row is not None, problem.row or 0))


def _columns(header, headers, required):
    keys = {header_key(name): key for key, names in headers.items() for name in names}
    columns = {}
    for index, text in enumerate(header):
        key = keys.get(header_key(text))
        if key and key not in columns:
            columns[key] = index
    missing = [headers[key][0] for key in required if key not in columns]
    if missing:
        names = ", ".join(f"«{name}»" for name in missing)
        raise ImportRefused([Problem(None, f"В заголовке (первая строка) нет столбцов: {names}.")])
    return columns


def _cell(cells, index):
    return cells[index] if index is not None and index < len(cells) else ""
