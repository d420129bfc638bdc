"""Which practices a «Сборник лучших практик» holds, and in what order.

A collection lists practices one by one (in the editor's order) or, when none are chosen, holds
every practice of the bank that a filter of the bank page matches (in the bank's order for that
filter). Either way only live practices that anonymous visitors may see get into it: a collection
is a public document.
"""

from urllib.parse import urlsplit

from django.db.models import Prefetch
from django.http import QueryDict

from .facets import filter_practices, parse_selection, sort_practices
from .listing import cards
from .models import PracticeAuthor, PracticeMaterial, PracticePage


def filter_params(filter_query):
    """The query string of a bank address («https://…/praktiki/?level=noo», «?level=noo»,
    «level=noo») as a QueryDict."""
    text = filter_query.strip()
    query = urlsplit(text).query if "?" in text else text
    return QueryDict(query)


def chosen_practice_ids(collection):
    """The ids of the chosen practices in the editor's order (also of an unsaved revision)."""
    return [item.practice_id for item in collection.chosen_practices.all().order_by("sort_order")]


def visible_practices():
    return PracticePage.objects.live().public()


def selected_practices(collection):
    """The collection's practices as an unevaluated queryset and their order.

    Returns ``(queryset, ordered_ids)``: ``ordered_ids`` is the editor's order when practices
    are chosen one by one, ``None`` when the queryset is ordered by the bank's filter.
    """
    ids = chosen_practice_ids(collection)
    if ids:
        return visible_practices().filter(pk__in=ids), ids
    # The bank's practices are the collection's siblings: no query for the parent page.
    queryset = visible_practices().sibling_of(collection, inclusive=False)
    if not collection.filter_query.strip():
        return sort_practices(queryset, "new"), None
    selection = parse_selection(filter_params(collection.filter_query))
    return sort_practices(filter_practices(queryset, selection), selection.sort), None


def with_details(queryset):
    """Everything a practice's pages of the collection show, in a fixed number of queries."""
    return queryset.select_related("school__municipality").prefetch_related(
        "levels",
        "subjects",
        "directions",
        Prefetch(
            "authors",
            # Only the authors who agreed have their names printed.
            queryset=PracticeAuthor.objects.filter(consent_to_publish=True).order_by("sort_order"),
            to_attr="published_authors",
        ),
        Prefetch(
            "materials",
            queryset=PracticeMaterial.objects.select_related("material").order_by("sort_order"),
            to_attr="material_links",
        ),
    )


def in_order(practices, ordered_ids):
    if ordered_ids is None:
        return list(practices)
    by_id = {practice.pk: practice for practice in practices}
    return [by_id[pk] for pk in dict.fromkeys(ordered_ids) if pk in by_id]


def collection_contents(collection):
    """The practices as lines of the contents: title, school and municipality, one query."""
    queryset, ordered_ids = selected_practices(collection)
    return in_order(cards(queryset), ordered_ids)


def collection_practices(collection):
    """The practices with everything their pages of the book show, in the collection's order."""
    queryset, ordered_ids = selected_practices(collection)
    return in_order(with_details(queryset), ordered_ids)


def fingerprint(practices):
    """What a collection's PDF depends on besides the collection's own revision: which
    practices, in which order, and when the newest of them was published."""
    latest = max((p.last_published_at for p in practices if p.last_published_at), default=None)
    return (tuple(p.pk for p in practices), latest.isoformat() if latest else "")
