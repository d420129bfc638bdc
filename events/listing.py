"""What the calendar page shows: the filtered list (paged) or the month grid."""

import datetime
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.utils import timezone

from site_cms.absolute_urls import page_url

from . import calendar_grid, recurrence
from .filters import (
    EventFilterForm,
    by_period,
    events_under,
    filter_events,
    in_order_of_next_date,
    in_range,
)

PER_PAGE = 20


def query_string(form, **changes):
    """The filter state as a query string, with some keys replaced or (value None) dropped."""
    params = {key: value for key, value in form.data.items() if value and key in form.fields}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return urlencode(sorted(params.items()))


def list_context(index_page, form, page_number, now):
    period = form.selected("period", "upcoming")
    events = by_period(filter_events(events_under(index_page), form), period)
    events = events.prefetch_related("audiences")
    if period != "past":
        events = in_order_of_next_date(events, now)
    page_obj = Paginator(events, PER_PAGE).get_page(page_number)
    shown = list(page_obj)
    return {
        "period": period,
        "page_obj": page_obj,
        "events": shown,
        # Headed by the month of the date each event shows (its next one, in its own zone).
        "months": calendar_grid.by_month(
            (event.next_occurrence(now).date(), event) for event in shown
        ),
        "pagination_query": query_string(form),
        "other_period_query": query_string(
            form, period="upcoming" if period == "past" else "past", month=None
        ),
    }


def calendar_span(index_page, tz, today):
    """The first and the last day of the calendar: its events' and today's, in one query."""
    span = events_under(index_page).aggregate(first=Min("start"), last=Max("series_end"))
    days = [today] + [timezone.localtime(value, tz).date() for value in span.values() if value]
    return min(days), max(days)


def month_context(index_page, form):
    tz = timezone.get_current_timezone()
    today = timezone.localtime(timezone.now(), tz).date()
    month = form.selected("month") or today.replace(day=1)
    first, after = calendar_grid.month_bounds(month.year, month.month)
    start = datetime.datetime.combine(first, datetime.time(), tzinfo=tz)
    end = datetime.datetime.combine(after, datetime.time(), tzinfo=tz)
    events = list(in_range(filter_events(events_under(index_page), form), start, end))
    entries = []
    for event in events:
        for begin, finish in recurrence.occurrences_between(
            event.occurrences(), event.duration, start, end
        ):
            first_day = begin.date()
            entries.append(
                (first_day, calendar_grid.last_day(begin, finish, event.all_day), (event, begin))
            )
    grid = calendar_grid.month_grid(month.year, month.month, entries)
    previous, following = grid.previous, grid.next
    earliest, latest = calendar_span(index_page, tz, today)
    return {
        "grid": grid,
        "today": today,
        "events": events,
        # Links stop at the months with events (or today), so crawlers do not walk on forever.
        "previous_query": query_string(form, month=f"{previous[0]}-{previous[1]:02d}")
        if first > earliest
        else "",
        "next_query": query_string(form, month=f"{following[0]}-{following[1]:02d}")
        if after <= latest
        else "",
        "weekdays": calendar_grid.weekdays(),
    }


def subscriptions(feed_url, ics_query):
    """«Подписаться на календарь»: webcal:// opens a calendar application, the https address
    is pasted into Яндекс Календарь or Google; for the whole calendar and, when filtered, for
    the current filters."""
    feeds = [("Весь календарь", feed_url)]
    if ics_query:
        feeds.append(("Только отобранные мероприятия", f"{feed_url}?{ics_query}"))
    return [
        {"label": label, "https": url, "webcal": "webcal://" + url.split("://", 1)[1]}
        for label, url in feeds
    ]


def calendar_context(index_page, request):
    form = EventFilterForm(request.GET)
    form.is_valid()
    view = form.selected("view", "list")
    context = {
        "filter_form": form,
        "view": view,
        "now": timezone.now(),
        "ics_query": query_string(form, view=None, month=None),
    }
    context["subscriptions"] = subscriptions(
        page_url(index_page, request) + "ics/", context["ics_query"]
    )
    if view == "month":
        context.update(month_context(index_page, form))
    else:
        context.update(list_context(index_page, form, request.GET.get("page"), context["now"]))
    context["list_query"] = query_string(form, view=None, month=None)
    context["month_query"] = query_string(form, view="month", period=None)
    return context
