"""Facets of a listing: each filter's values and how many items each would find.

The bank of practices, the bank of materials, the schools list and the site search count alike.
A facet's values are counted under the choices of all the other facets, not under its own
(«disjunctive» counts), so a number says what choosing that value would give. A value that
would find nothing is left out, unless the listing offers a short fixed list (``keep_empty``),
and a chosen value always stays, with its 0, so the form keeps showing what was asked for.

Each listing narrows its items under the other facets its own way (a queryset, a conditional
count, rows in memory); ``facet_values`` applies the rule above to the counted rows, and
``grouped_counts`` and ``choice_counts`` count a column of a queryset in one query.
"""

from dataclasses import dataclass

from django.db.models import Count


@dataclass(frozen=True)
class FacetValue:
    """One value a filter offers: a checkbox or a select's option."""

    value: str
    label: str
    count: int
    selected: bool
    query: str = ""  # the query string that toggles this value, for facets of checkboxes


def facet_values(rows, chosen=(), *, labels=None, keep_empty=False, query=None):
    """The values of one facet from its (value, label, count) rows, in the rows' order.

    ``chosen`` holds the values a visitor chose, as strings. One the rows lack (no item under
    the other choices has it) is added at the end with 0 when ``labels`` (value → label) names
    it. ``query(value)``, if given, is each value's query string.
    """
    rows = [(str(value), str(label), count) for value, label, count in rows]
    present = {value for value, _label, _count in rows}
    rows += [(value, labels[value], 0) for value in chosen if value not in present and labels]
    return [
        FacetValue(value, label, count, value in chosen, query(value) if query else "")
        for value, label, count in rows
        if count or keep_empty or value in chosen
    ]


def grouped_counts(queryset, value, label, *, order, count=None):
    """(value, label, count) rows of ``queryset`` grouped by the fields ``value`` and
    ``label``, in the order of the fields ``order``: one GROUP BY query."""
    rows = queryset.order_by().values_list(value, label).annotate(n=count or Count("pk"))
    return list(rows.order_by(*order))


def choice_counts(queryset, field, choices, *, count=None):
    """(value, label, count) rows of a field with choices, in the choices' order, with 0 for
    a value no row has: one GROUP BY query."""
    rows = queryset.order_by().values_list(field).annotate(n=count or Count("pk"))
    counts = dict(rows)
    return [(value, label, counts.get(value, 0)) for value, label in choices]
