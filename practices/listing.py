"""What the bank page shows: the chosen facets, their counts, one sorted page of cards.

The number of queries is fixed, whatever the number of practices: the selection's terms (one
query per facet with values in the URL), the bank's prepared index (``bank_index.py``: the
counts, the number found and the order come from it) and the page of cards.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator

from site_cms.page_urls import child_url

from .bank_index import bank_index
from .evidence import CostLevel, evidence_short, time_label
from .facets import SORTS, parse_selection
from .models import Kind, PracticePage

PER_PAGE = 20
# The long texts of a practice, which no card shows.
CARD_DEFERRED = ("problem", "description", "results", "resources", "expert_conclusion")


def cards(queryset):
    """The practices as cards: the school and its municipality in the same query."""
    return queryset.select_related("school__municipality").defer(*CARD_DEFERRED)


@dataclass(frozen=True)
class Card:
    """What a practice's card shows (``includes/practice_card.html``), read as plain values:
    a page object per card costs more than the rest of the card. The marks have the names of
    ``PracticePage``'s, for ``includes/marks_line.html``."""

    pk: int
    title: str
    url: str
    kind: str
    kind_label: str
    annotation: str
    is_recommended: bool
    school_name: str
    municipality_id: int
    municipality_name: str
    evidence_level: int | None
    cost_level: str
    results_after_label: str

    @property
    def evidence_mark(self):
        return "" if self.evidence_level is None else evidence_short(self.evidence_level)

    def get_cost_level_display(self):
        return CostLevel(self.cost_level).label if self.cost_level else ""


CARD_FIELDS = (
    "pk",
    "title",
    "slug",
    "kind",
    "annotation",
    "expert_conclusion_date",
    "school__short_name",
    "school__municipality_id",
    "school__municipality__name",
    "evidence_level",
    "cost_level",
    "results_after",
    "results_after_unit",
)


def card_rows(practices, bank_url):
    """The cards of ``practices`` (a queryset of the bank's practices), in its order: one
    query. Every practice is a child of the bank: its address is the bank's and its slug."""
    return [_card(row, bank_url) for row in practices.values_list(*CARD_FIELDS)]


def practice_cards(practices, pks, bank_url):
    """The cards of ``practices`` (a queryset) with the ``pks``, in their order: one query."""
    found = {card.pk: card for card in card_rows(practices.filter(pk__in=pks), bank_url)}
    return [found[pk] for pk in pks if pk in found]


def _card(row, bank_url):
    pk, title, slug, kind, annotation, conclusion, school, municipality_id, municipality = row[:9]
    evidence_level, cost, results_after, results_after_unit = row[9:]
    return Card(
        pk=pk,
        title=title,
        url=child_url(bank_url, slug),
        kind=kind,
        kind_label=Kind(kind).label,
        annotation=annotation,
        is_recommended=conclusion is not None,
        school_name=school,
        municipality_id=municipality_id,
        municipality_name=municipality,
        evidence_level=evidence_level,
        cost_level=cost,
        results_after_label=time_label(results_after, results_after_unit),
    )


def bank_context(index_page, request):
    selection = parse_selection(request.GET)
    index = bank_index(index_page)
    paginator = Paginator(index.ordered(index.matching(selection), selection.sort), PER_PAGE)
    # A page past the end shows the last one: links to a shrunk result set keep working.
    page_obj = paginator.get_page(selection.page)
    bank_url = index_page.get_url(request)
    return {
        "bank_url": bank_url,
        "selection": selection,
        "facets": index.facets(selection),
        "page_obj": page_obj,
        "practices": practice_cards(PracticePage.objects.all(), list(page_obj), bank_url),
        "found_count": paginator.count,
        "compare_url": bank_url + index_page.reverse_subpage("compare"),
        "pagination_query": selection.query(),
        "sort_options": [
            (value, label, selection.query(sort=() if value == "new" else (value,)))
            for value, label in SORTS.items()
        ],
    }
