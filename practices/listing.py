"""What the bank page shows: the chosen facets, their counts, one sorted page of cards.

The number of queries is fixed, whatever the number of practices: the selection's terms (one
query per facet with values in the URL), the view restrictions, one GROUP BY per facet (unless
cached) and the page of cards. The number found is the sum of the kind counts, not a COUNT.
"""

from django.core.paginator import Paginator

from site_cms import page_cache

from .facets import SORTS, facet_counts, filter_practices, parse_selection, sort_practices
from .models import PracticePage

PER_PAGE = 20
# The long texts of a practice, which no card shows.
CARD_DEFERRED = ("problem", "description", "results", "resources", "expert_conclusion")


def practices_under(index_page):
    """Live practices of the bank that anonymous visitors may see."""
    return PracticePage.objects.live().public().child_of(index_page)


def cards(queryset):
    """The practices as cards: the school and its municipality in the same query."""
    return queryset.select_related("school__municipality").defer(*CARD_DEFERRED)


def found_count(facets, selection):
    """The number of practices matching the selection, from the counts of the kind facet."""
    kinds = next(facet for facet in facets if facet.key == "kind")
    chosen = selection.get("kind")
    return sum(value.count for value in kinds.values if not chosen or value.selected)


def cached_facet_counts(index_page, practices, selection):
    """The facets of a selection, kept as long as a public page is (and as fresh).

    Counts depend only on the chosen filters (and the links in them on the sort), not on the
    page number or the visitor: paging through results, or a link with an unknown parameter,
    reuses them.
    """
    return page_cache.cached_while_published(
        f"practices:facets:{index_page.pk}:{selection.query()}",
        lambda: facet_counts(practices, selection),
    )


def bank_context(index_page, request):
    selection = parse_selection(request.GET)
    practices = practices_under(index_page)
    found = sort_practices(filter_practices(practices, selection), selection.sort)
    facets = cached_facet_counts(index_page, practices, selection)
    paginator = Paginator(cards(found), PER_PAGE)
    # Every practice has one kind, so the kind counts already add up to the number found:
    # no COUNT query of its own.
    paginator.count = found_count(facets, selection)
    # A page past the end shows the last one: links to a shrunk result set keep working.
    page_obj = paginator.get_page(selection.page)
    bank_url = index_page.get_url(request)
    return {
        "bank_url": bank_url,
        "selection": selection,
        "facets": facets,
        "page_obj": page_obj,
        "practices": list(page_obj),
        "found_count": paginator.count,
        "compare_url": bank_url + index_page.reverse_subpage("compare"),
        "pagination_query": selection.query(),
        "sort_options": [
            (value, label, selection.query(sort=() if value == "new" else (value,)))
            for value, label in SORTS.items()
        ],
    }
