"""The search page and the search box's suggestions (JSON), over the configured backend."""

import logging

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from .backends import get_backend
from .backends.base import Kind, SearchUnavailable
from .page import MAX_QUERY, facet_groups, parse, result_pages, tabs

SUGGESTIONS = 8
# A suggestion needs a few letters: one letter matches half the site.
MIN_SUGGEST_LENGTH = 2
KIND_LABELS = {value: str(label) for value, label in Kind.choices}

logger = logging.getLogger(__name__)


@require_GET
def search(request):
    state = parse(request.GET)
    context = {"search_query": state.query, "state": state}
    if state.query:
        try:
            response = state.response()
        except SearchUnavailable:
            # The visitor gets the page with an apology; 503 keeps it out of the page cache.
            logger.exception("Поисковый движок не ответил")
            context["unavailable"] = True
            return TemplateResponse(request, "search/search.html", context, status=503)
        pages = result_pages(state, response)
        context.update(
            response=response,
            tabs=tabs(state, response),
            facets=facet_groups(state, response) if state.kind == Kind.PRACTICE else [],
            pages=pages,
            pagination_query=state.url_query(page=None),
            results=[(hit, KIND_LABELS.get(hit.kind, "")) for hit in response.hits],
            suggestion_links=[(word, state.url_query(q=word)) for word in response.suggestions],
        )
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def suggest(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    suggestions = []
    if len(query) >= MIN_SUGGEST_LENGTH:
        try:
            found = get_backend().suggest(query, limit=SUGGESTIONS)
        except SearchUnavailable:
            logger.exception("Поисковый движок не ответил")
            return JsonResponse({"query": query, "suggestions": []}, status=503)
        suggestions = [
            {
                "title": item.title,
                "url": item.url,
                "kind": item.kind,
                "kind_label": KIND_LABELS.get(item.kind, ""),
            }
            for item in found
        ]
    response = JsonResponse({"query": query, "suggestions": suggestions})
    response["Cache-Control"] = "public, max-age=60"
    return response
