"""Whole-page cache for anonymous visitors, invalidated whenever published content changes."""

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.http import QueryDict

from .low_vision import CHOICES, parse_cookie

CACHE_KEY_PREFIX = "public-page"

# Every query parameter a public page or view reads, for any anonymous visitor. The rest
# (utm_*, fbclid, yclid, junk) is dropped from the request before the page is served, so the
# page never sees it, its links never repeat it and it makes no new cache entry. One list for
# the site: the cache is looked up before the page is routed, and a name missing here breaks
# its filter in every test that uses it, instead of serving a wrong copy.
READ_QUERY_PARAMS = frozenset(
    {
        # pagination and the site search (search/page.py)
        "page", "q", "tab",
        # the bank's facets (practices/facets.py) and the school list (schools/listing.py)
        "kind", "level", "subject", "direction", "risk", "municipality", "year", "status",
        "cost", "time", "evidence", "sort",
        # the practices compared side by side (practices/compare.py)
        "p",
        # the calendar and its ICS feeds (events/filters.py), a registration's confirmation
        "view", "period", "month", "type", "format", "audience", "organiser", "registered",
        # the materials (practices/materials_listing.py)
        "theme", "event",
        # open data (indicators/results/open_data.py)
        "procedure", "grade", "dataset",
        # the low-vision switch (site_cms/views.py): its choices; the sign-in pages' way back
        "next", *CHOICES,
        # a certificate's check (attendance/views.py)
        "kod",
    }
)  # fmt: skip


# The generation a visitor's request reads once (see ``visitor_request``), for its page and
# for everything it keeps.
_request_generation = ContextVar("page_cache_generation", default=None)


def current_generation():
    known = _request_generation.get()
    if known is not None:
        return known
    from .models import PageCacheGeneration

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {PageCacheGeneration._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


@contextmanager
def visitor_request():
    """While a visitor's request is served, the generation is read once: the page's key, the
    site, the menus and other kept data all use it. A publication during the request (none
    comes from a visitor's GET) counts from the next one."""
    token = _request_generation.set(current_generation())
    try:
        yield
    finally:
        _request_generation.reset(token)


# Set while a bulk change runs (``invalidated_once``): what it asks for is done at its end.
_deferred = ContextVar("page_cache_deferred", default=None)


def invalidate():
    """Make every cached page stale: called when editors publish, unpublish, move or delete."""
    deferred = _deferred.get()
    if deferred is not None:
        deferred["asked"] = True
        return
    from .models import PageCacheGeneration

    updated = PageCacheGeneration.objects.filter(pk=1).update(value=F("value") + 1)
    if not updated:
        PageCacheGeneration.objects.get_or_create(pk=1, defaults={"value": 1})


@contextmanager
def invalidated_once():
    """Within the block (or the decorated function) the cache is made stale once, at its end,
    however many rows send their signals: for imports and recomputations. Inside a transaction
    the bump is part of it; rows the transaction is to roll back need none."""
    if _deferred.get() is not None:
        yield
        return
    deferred = {"asked": False}
    token = _deferred.set(deferred)
    failed = False
    try:
        yield
    except BaseException:
        failed = True
        raise
    finally:
        _deferred.reset(token)
        if deferred["asked"] and not _rolling_back(failed):
            invalidate()


def _rolling_back(failed):
    """Whether the enclosing transaction will undo the block's rows: an error leaves it (a query
    now could fail as well, hiding the error), or the block asked for a rollback (a dry run)."""
    if not connection.in_atomic_block:
        return False
    return failed or transaction.get_rollback()


def cached_while_published(name, compute, seconds=None):
    """``compute()``, kept as long as a public page is (or ``seconds``) and refreshed by any
    publication.

    For what visitors get besides HTML pages (facet counts, ICS feeds): ``name`` tells the
    value apart; the key holds the content generation, so a publication makes it stale at once.
    Without a lifetime nothing is kept.
    """
    if seconds is None:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    if not seconds:
        return compute()
    digest = hashlib.sha256(name.encode()).hexdigest()
    key = f"{CACHE_KEY_PREFIX}:data:{current_generation()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def shared_parts_seconds():
    """How long the parts every page draws are kept: ``SHARED_PARTS_CACHE_SECONDS``, or as
    long as pages when it is not set."""
    seconds = settings.SHARED_PARTS_CACHE_SECONDS
    return settings.PUBLIC_PAGE_CACHE_SECONDS if seconds is None else seconds


def shared_while_published(name, compute):
    """``compute()`` for a part every page draws (the site, the menus): kept for
    ``shared_parts_seconds()`` whether or not whole pages are, so after a publication the
    first request recomputes it for all pages instead of each page's first visitor."""
    return cached_while_published(name, compute, shared_parts_seconds())


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    # A session or message cookie means a signed-in editor or a personal notice: never shared.
    return not (settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES)


def is_cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and response.get("Content-Type", "").startswith("text/html")
    )


def drop_unread_query_params(request):
    """Serve the request as if it came without the parameters no page reads."""
    params = request.GET
    if all(name in READ_QUERY_PARAMS for name in params):
        return
    kept = QueryDict(mutable=True)
    for name, values in params.lists():
        if name in READ_QUERY_PARAMS:
            kept.setlist(name, values)
    kept._mutable = False
    request.META["QUERY_STRING"] = kept.urlencode()
    request.GET = kept


def cache_key(request, generation):
    # Not ``preferences_from_request``: the key reads the cookie for every request, while the
    # page marks only what its own rendering reads (``Vary``, see the middleware).
    variant = parse_cookie(request.COOKIES.get(settings.LOW_VISION_COOKIE))
    raw = "|".join(
        [
            str(generation),
            request.get_host(),
            request.get_full_path(),
            variant.cookie_value() if variant else "",
        ]
    )
    return f"{CACHE_KEY_PREFIX}:{hashlib.sha256(raw.encode()).hexdigest()}"


def get_cached_response(request):
    key = cache_key(request, current_generation())
    request._public_page_cache_key = key
    return cache.get(key)


def store_response(request, response):
    key = getattr(request, "_public_page_cache_key", None)
    if key and settings.PUBLIC_PAGE_CACHE_SECONDS > 0:
        cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
