"""Facets of the bank of practices: what a visitor chose, the practices that match, the counts.

The state lives in the URL: ``kind``, ``level``, ``subject``, ``direction``, ``risk`` (risk
factor), ``municipality``, ``evidence`` (0–3), ``cost`` and ``time`` may each repeat; values
are slugs (the evidence's, its digit), except the municipality, which is its primary key (a
registry code may be blank, and the schools list already links by pk). Within a facet the
values are alternatives (OR), across facets all must hold (AND). Counts are disjunctive: the
counts of one facet are computed under the choices of all the other facets, so a visitor sees
what ticking one more box of that facet would add.

The bank page counts with its prepared index (``bank_index.py``); a collection filters a
queryset with the same selection (``filter_practices``).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import BooleanField, ExpressionWrapper, F, Q

from curriculum.models import EducationLevel, Subject
from schools.models import Municipality
from site_cms.facets import FacetValue

from .evidence import CostLevel, EvidenceLevel, TimeBand
from .models import Direction, Kind, PracticePage, RiskFactor

SORTS = {
    "new": "Сначала новые",
    "recommended": "Сначала рекомендованные",
    "evidence": "Сначала с сильными доказательствами",
}
DEFAULT_SORT = "new"

# A facet value in a URL: a slug (a municipality's pk passes too); anything else is ignored.
SLUG = re.compile(r"^[-a-z0-9_]{1,80}$")


@dataclass(frozen=True)
class FacetSpec:
    key: str
    label: str
    # How the facet reaches its terms: the M2M field of PracticePage (None for plain columns).
    m2m: str | None = None
    term_model: type | None = None
    term_field: str = "slug"
    # A facet over a column with a fixed list of values: the column and its choices.
    column: str | None = None
    choices: tuple = ()

    @property
    def through(self):
        return getattr(PracticePage, self.m2m).through

    @property
    def through_term(self):
        """The through table's column that points to the term (e.g. ``subject``)."""
        return self.term_model._meta.model_name


def choice_facet(key, label, column, choices):
    return FacetSpec(key, label, column=column, choices=tuple(choices))


FACETS = (
    choice_facet("kind", "Вид практики", "kind", Kind.choices),
    FacetSpec("level", "Уровень образования", "levels", EducationLevel),
    FacetSpec("subject", "Предмет", "subjects", Subject),
    FacetSpec("direction", "Направление", "directions", Direction),
    FacetSpec("risk", "Фактор риска", "risk_factors", RiskFactor),
    FacetSpec("municipality", "Муниципалитет", None, Municipality, "pk"),
    choice_facet("evidence", "Сила доказательств", "evidence_level", EvidenceLevel.choices),
    choice_facet("cost", "Затраты", "cost_level", CostLevel.choices),
    choice_facet("time", "Первые результаты", "results_band", TimeBand.choices),
)
FACETS_BY_KEY = {spec.key: spec for spec in FACETS}
# The term tables' order: the one the facet lists its values in.
TERM_ORDER = {
    "level": ("first_grade",),
    "subject": ("sort_order", "name"),
    "direction": ("sort_order", "name"),
    "risk": ("sort_order", "name"),
    "municipality": ("name",),
}


@dataclass(frozen=True)
class Selection:
    """The visitor's choice: facet key → tuple of values (known ones only), sort, page."""

    values: dict = field(default_factory=dict)
    sort: str = DEFAULT_SORT
    page: str = "1"
    # (facet key, value) → label of every chosen value, for chips and zero-count values.
    labels: dict = field(default_factory=dict)

    def get(self, key):
        return self.values.get(key, ())

    @property
    def active(self):
        return any(self.values.values())

    def params(self, **changes):
        """The state as (key, value) pairs in a stable order; changes replace whole keys."""
        state = {key: list(self.get(key)) for key in FACETS_BY_KEY}
        state["sort"] = [] if self.sort == DEFAULT_SORT else [self.sort]
        state.update({key: list(value) for key, value in changes.items()})
        return [(key, value) for key, values in state.items() for value in values]

    def query(self, **changes):
        """The query string of this state (without the page), with some keys replaced."""
        return urlencode(self.params(**changes))

    def toggled(self, key, value):
        """The query string with ``value`` of facet ``key`` added, or removed if chosen."""
        chosen = self.get(key)
        new = tuple(v for v in chosen if v != value) if value in chosen else (*chosen, value)
        return self.query(**{key: new})

    @property
    def chips(self):
        """The chosen values as (facet label, value label, query without it)."""
        return [
            (spec.label, self.labels[spec.key, value], self.toggled(spec.key, value))
            for spec in FACETS
            for value in self.get(spec.key)
        ]

    @property
    def reset_query(self):
        return self.query(**dict.fromkeys(FACETS_BY_KEY, ()))


# A facet with more values than this is folded (a <details>) unless one of them is chosen, so
# that on a phone the results are not pushed below a hundred checkboxes.
FOLD_AFTER = 12


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    values: list[FacetValue]

    @property
    def folded(self):
        return len(self.values) > FOLD_AFTER and not any(v.selected for v in self.values)

    @property
    def long(self):
        return len(self.values) > FOLD_AFTER


def filtered_url(bank_url, key, value):
    """The bank's address showing only the practices with ``value`` of facet ``key``: the
    link of a term on a practice's card (the parameter the bank's form sends for it)."""
    return f"{bank_url}?{urlencode({key: value})}"


def _getlist(params, key):
    if hasattr(params, "getlist"):
        return params.getlist(key)
    value = params.get(key, ())
    return [value] if isinstance(value, str) else list(value)


def is_number(value):
    # ASCII only: str.isdigit() also accepts «²», which int() refuses.
    return value.isascii() and value.isdigit() and len(value) < 10


def unique(values):
    return tuple(dict.fromkeys(values))


def parse_selection(params):
    """The selection of a QueryDict or a dict; unknown facets and values are dropped silently.

    Reads the term tables once per facet that has values in ``params`` (a value that names no
    term is ignored, so an old link still shows practices), and no more.
    """
    values, labels = {}, {}
    for spec in FACETS:
        raw = _getlist(params, spec.key)
        if spec.column:
            names = {str(value): label for value, label in spec.choices}
            chosen = unique(v for v in raw if v in names)
            if chosen:
                values[spec.key] = chosen
                labels.update({(spec.key, v): str(names[v]) for v in chosen})
            continue
        if spec.term_field == "pk":
            wanted = unique(str(int(v)) for v in raw if is_number(v))
        else:
            wanted = unique(v for v in raw if SLUG.match(v))
        if not wanted:
            continue
        known = dict(
            spec.term_model.objects.filter(**{f"{spec.term_field}__in": wanted}).values_list(
                spec.term_field, "name"
            )
        )
        kept = tuple(v for v in wanted if _term_key(spec, v) in known)
        if kept:
            values[spec.key] = kept
            labels.update({(spec.key, v): known[_term_key(spec, v)] for v in kept})
    sort = _getlist(params, "sort")
    sort = sort[0] if sort and sort[0] in SORTS else DEFAULT_SORT
    page = _getlist(params, "page")
    page = page[0] if page and is_number(page[0]) else "1"
    return Selection(values=values, sort=sort, page=page, labels=labels)


def _term_key(spec, value):
    return int(value) if spec.term_field == "pk" else value


def _facet_condition(spec, chosen):
    if spec.column:
        return Q(**{f"{spec.column}__in": chosen})
    if spec.key == "municipality":
        return Q(school__municipality_id__in=[int(v) for v in chosen])
    # A subquery on the through table rather than a join: no duplicate rows, no DISTINCT.
    through_ids = spec.through.objects.filter(
        **{f"{spec.through_term}__{spec.term_field}__in": chosen}
    ).values("practicepage_id")
    return Q(pk__in=through_ids)


def filter_practices(queryset, selection, *, except_facet=None):
    """Practices matching every chosen facet (any of its values), but ``except_facet``."""
    for spec in FACETS:
        chosen = selection.get(spec.key)
        if chosen and spec.key != except_facet:
            queryset = queryset.filter(_facet_condition(spec, chosen))
    return queryset


def sort_practices(queryset, sort):
    """Newest first; or practices with an expert conclusion first, or those with the strongest
    evidence first (those not rated last), and then the newest."""
    newest = ("-first_published_at", "-pk")
    if sort == "evidence":
        return queryset.order_by(F("evidence_level").desc(nulls_last=True), *newest)
    if sort == "recommended":
        not_recommended = ExpressionWrapper(
            Q(expert_conclusion_date__isnull=True), output_field=BooleanField()
        )
        return queryset.order_by(not_recommended.asc(), *newest)
    return queryset.order_by(*newest)
