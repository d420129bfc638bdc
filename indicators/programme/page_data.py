"""The programme indicators a page's «Показатель и цель» blocks show, and their programmes'
tables, read as rows and drawn from them.

The rows are read in two queries for a whole page, whatever the number of blocks: the indicators
(with their programme's title) and their values without a school (with the municipality's name).
What is drawn from them — a block's chart and progress badge, a programme's table — is kept by
those rows (``site_cms.kept``): an edited value, target or name changes the rows and is drawn
anew, while the same rows are drawn once whatever else was published. Model objects are built
from the rows only to draw.
"""

from typing import NamedTuple

from django.template.loader import render_to_string

from site_cms.kept import kept

from .charts import indicator_chart, indicator_progress, programme_table

# ProgrammeIndicator.Level, not imported: the page model imports this module.
MUNICIPALITY, SCHOOL = "municipality", "school"


class IndicatorRow(NamedTuple):
    """A programme indicator with its programme's title: what its chart and table row show."""

    pk: int
    programme_id: int
    programme_title: str
    code: str
    name: str
    short_name: str
    unit: str
    level: str
    target: object  # Decimal or None
    target_year: int | None
    higher_is_better: bool
    computation: str
    definition: str


# The columns of ``IndicatorRow``, in its order.
INDICATOR_FIELDS = ("pk", "programme_id", "programme__title", *IndicatorRow._fields[3:])


class ValueRow(NamedTuple):
    """An indicator's value of a year, as ``programme.charts`` reads it."""

    indicator_id: int
    municipality_id: int | None
    municipality_name: str | None
    year: int
    value: object  # Decimal
    note: str


VALUE_FIELDS = ("indicator_id", "municipality_id", "municipality__name", "year", "value", "note")


def stored_pk(key):
    """A stored choice's primary key, or None for an empty or stale one."""
    return int(key) if str(key or "").isdigit() else None


class ProgrammeData:
    """The rows of the indicators «Показатель и цель» blocks show (none of a school) and of
    their values. With ``whole_programmes`` it holds every indicator of the programmes, for
    their tables.

    The «Показатели» page reads it once and passes it to its blocks in the context
    (``CONTEXT_KEY``); a block shown elsewhere reads its own.
    """

    CONTEXT_KEY = "programme_data"

    def __init__(self, indicators, values):
        self.indicators = indicators  # IndicatorRow, in the programmes' order
        self.by_pk = {row.pk: row for row in indicators}
        self.values_of = {}  # indicator pk → ValueRow
        for item in values:
            self.values_of.setdefault(item.indicator_id, []).append(item)

    @classmethod
    def load(cls, indicator_keys, *, whole_programmes=False):
        from ..models import IndicatorValue, ProgrammeIndicator

        pks = {stored_pk(key) for key in indicator_keys} - {None}
        if not pks:
            return cls([], [])
        chosen = ProgrammeIndicator.objects.filter(pk__in=pks)
        if whole_programmes:
            chosen = ProgrammeIndicator.objects.filter(
                programme__in=chosen.values("programme")
            ).exclude(level=SCHOOL)
        rows = chosen.order_by("programme__title", "sort_order", "code")
        indicators = [IndicatorRow._make(row) for row in rows.values_list(*INDICATOR_FIELDS)]
        values = IndicatorValue.objects.filter(
            indicator__in=[row.pk for row in indicators], school=None
        )
        rows = values.order_by("pk").values_list(*VALUE_FIELDS)
        return cls(indicators, [ValueRow._make(row) for row in rows])

    @classmethod
    def for_page(cls, body):
        """Everything the page's «Показатель и цель» blocks and their programmes' tables need."""
        targets = [block.value for block in body if block.block_type == "indicator_target"]
        return cls.load([value["indicator"] for value in targets], whole_programmes=True)

    def target(self, indicator_key, municipality_key, low_vision=False):
        """(charts' HTML, ``ProgressNote`` or None) of a «Показатель и цель» block: the
        indicator's values of the region, or of the municipality for a municipal one, against
        its target; kept by the rows they are drawn from."""
        row = self.by_pk.get(stored_pk(indicator_key))
        if row is None:
            return [], None
        # A municipal indicator's values all name their municipality (``scope_errors``): one
        # without values of the chosen municipality, or without a choice, has none to show.
        municipality_pk = stored_pk(municipality_key) if row.level == MUNICIPALITY else None
        values = sorted(
            (
                item
                for item in self.values_of.get(row.pk, [])
                if item.municipality_id == municipality_pk
            ),
            key=lambda item: item.year,
        )
        if not values:
            return [], None
        scope_name = values[0].municipality_name or ""
        return kept(
            "indicator-target",
            (row, values, low_vision),
            lambda: _draw_target(row, values, scope_name, low_vision),
        )

    def tables_before(self, body):
        """{block id: programme pk}: each programme's table goes before the page's first
        «Показатель и цель» block of that programme."""
        tables, seen = {}, set()
        for block in body:
            if block.block_type != "indicator_target":
                continue
            row = self.by_pk.get(stored_pk(block.value["indicator"]))
            if row is None or row.programme_id in seen:
                continue
            seen.add(row.programme_id)
            tables[block.id] = row.programme_id
        return tables

    def table_html(self, programme_pk, anchor, heading_level):
        """The table of all the programme's indicators, kept by their rows and its place."""
        indicators = [row for row in self.indicators if row.programme_id == programme_pk]
        values = [item for row in indicators for item in self.values_of.get(row.pk, [])]
        return kept(
            "programme-table-html",
            (indicators, values, anchor, heading_level),
            lambda: render_to_string(
                "indicators/blocks/programme_table.html",
                {
                    "table": programme_table(
                        _programme(indicators[0]), [_indicator(row) for row in indicators], values
                    ),
                    "anchor": anchor,
                    "heading_level": heading_level,
                },
            ),
        )


def _indicator(row):
    from ..models import ProgrammeIndicator

    fields = row._asdict()
    del fields["programme_title"]
    indicator = ProgrammeIndicator(**fields)
    indicator.programme = _programme(row)
    return indicator


def _programme(row):
    from ..models import Programme

    return Programme(pk=row.programme_id, title=row.programme_title)


def _draw_target(row, values, scope_name, low_vision):
    from ..charts.widgets import chart_html

    indicator = _indicator(row)
    chart, notes = indicator_chart(indicator, values, scope_name)
    charts = [chart_html(chart, notes=notes, low_vision=low_vision)]
    return charts, indicator_progress(indicator, values)
