"""Values of a programme's indicators from a table (CSV or XLSX), all or nothing.

One row per indicator, year and — for municipal and school indicators — municipality or
school. Headers (case, «ё» and extra spaces ignored): «Показатель» (its number in the programme,
e.g. 3.2), «Год», «Муниципалитет», «Код школы», «Значение», «Примечание». A value typed again for
the same indicator, year and scope replaces the stored one, so a corrected file is imported
again as it is. Computed indicators are refused: their values come from the results.

This module knows the file; ``indicator_values_resource`` knows the rows (the programme's
rules, saving); ``table_resources`` reads and runs them.
"""

from .indicator_values_resource import IndicatorValueResource
from .table_resources import import_dataset, read_dataset

HEADERS = {
    "indicator": ("Показатель", "Код показателя", "Номер показателя", "№"),
    "year": ("Год", "Период"),
    "municipality": ("Муниципалитет", "Муниципальное образование", "МО"),
    "school": ("Код школы", "Логин", "Код ОО"),
    "value": ("Значение",),
    "note": ("Примечание", "Комментарий"),
}
REQUIRED = ("indicator", "year", "value")


def import_indicator_values(path, programme, *, user=None, dry_run=False):
    """Store the file's values for ``programme`` (a TableReport); raise ImportRefused with
    every reason. A dry run saves nothing and counts what the import would do."""
    dataset = read_dataset(path, HEADERS, REQUIRED)
    editor = user if user is not None and user.is_authenticated else None
    resource = IndicatorValueResource(programme, editor=editor)
    return import_dataset(resource, dataset, dry_run=dry_run)
