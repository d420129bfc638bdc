"""What the calendar page shows: the filtered list (paged) or the month grid."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, Max, Subquery, Sum, Value
from django.db.models.functions import JSONObject
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from site_cms.absolute_urls import absolute_url
from site_cms.kept import kept
from site_cms.page_urls import child_url

from . import calendar_grid, recurrence
from .filters import (
    EventFilterForm,
    by_period,
    changing_dates,
    chosen_filters,
    events_under,
    filter_events,
    for_dates,
    in_order_of_next_date,
    in_range,
)
from .models import Audience, EventFormat, EventIndexPage, EventPage, EventType
from .models.pages import event_zone
from .templatetags.event_tags import event_time

PER_PAGE = 20
# What the list shows of an event: reading only these keeps each page of the list light.
LISTED_FIELDS = (
    *("title", "slug", "summary", "event_type", "event_format"),
    *("start", "end", "all_day", "time_zone", "frequency", "rrule"),
    *("organiser__name", "organiser__short_name", "municipality__name"),
)


def query_string(form, **changes):
    """The filter state as a query string, with some keys replaced or (value None) dropped."""
    params = {key: value for key, value in form.data.items() if value and key in form.fields}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return urlencode(sorted(params.items()))


def audience_names(events):
    """{event id: names of its audiences, in their order} in one query of rows: a prefetch
    builds an object per audience and per link."""
    names = defaultdict(list)
    rows = Audience.objects.filter(events__in=[event.pk for event in events])
    for event_id, name in rows.values_list("events", "name"):
        names[event_id].append(name)
    return names


def choice_labels(choices):
    """{value: label} of a model's choices, translated once: ``get_FOO_display`` translates
    every label of the field on each call."""
    return {value: str(label) for value, label in choices.choices}


def list_context(index_page, form, page_number, now):
    period = form.selected("period", "upcoming")
    events = by_period(filter_events(events_under(index_page), form), period)
    if period == "past":
        # All its dates are past: an event (or a series) shows its first one.
        events = events.annotate(next_date=F("start"))
    else:
        events = in_order_of_next_date(events, now)
    page_obj = Paginator(events.only(*LISTED_FIELDS), PER_PAGE).get_page(page_number)
    shown = list(page_obj)
    names = audience_names(shown)
    types, formats = choice_labels(EventType), choice_labels(EventFormat)
    for event in shown:
        event.audience_names = names.get(event.pk, [])
        event.type_label = types.get(event.event_type, event.event_type)
        event.format_label = formats.get(event.event_format, event.event_format)
    return {
        "period": period,
        "page_obj": page_obj,
        "events": shown,
        # Headed by the month of the date each event shows (its next one, in its own zone).
        "months": calendar_grid.by_month(
            (timezone.localtime(event.next_date, event.tz).date(), event) for event in shown
        ),
        "pagination_query": query_string(form),
        "other_period_query": query_string(
            form, period="upcoming" if period == "past" else "past", month=None
        ),
    }


@dataclass
class MonthEvent:
    """What the month grid shows of an event: its link (address and title escaped once, for
    all its dates), and its dates in its own zone."""

    url: SafeString
    title: SafeString
    all_day: bool
    tz: datetime.tzinfo
    duration: datetime.timedelta
    moments: list


def month_events(events, calendar_url):
    """The events of a month (a queryset) as rows: a month of hundreds builds no page for
    them. Only series (and events with a changed session) are read as pages too, for their
    dates; a single event's one date is its start."""
    rows = events.annotate(changing=changing_dates()).values_list(
        "pk", "slug", "title", "start", "end", "all_day", "time_zone", "changing"
    )
    changing = [row[0] for row in rows if row[-1]]
    pages = for_dates(EventPage.objects.filter(pk__in=changing)).in_bulk() if changing else {}
    found = []
    for pk, slug, title, start, end, all_day, zone, _changing in rows:
        page = pages.get(pk)
        tz = page.tz if page else event_zone(zone)
        moments = page.occurrences() if page else [timezone.localtime(start, tz)]
        found.append(
            MonthEvent(
                escape(child_url(calendar_url, slug)),
                escape(title),
                all_day,
                tz,
                end - start,
                moments,
            )
        )
    return found


def month_link(event, begin):
    """An event's link on one of its dates, written once here for the grid's cell and the day
    list both (a template include per link costs more than the rest of the page). Its parts
    are escaped already: the time is digits and a zone's «МСК+2»."""
    if event.all_day:
        return mark_safe(f'<a href="{event.url}">{event.title}</a>')
    time = event_time(event, begin)
    return mark_safe(
        f'<a href="{event.url}"><span class="month-grid__time">{time}</span> {event.title}</a>'
    )


def month_state(index_page, calendar_events, events, start, end):
    """Whether the calendar has events before ``start`` and after ``end``, and the state of the
    month's events (a queryset), in one query: two EXISTS, each answered from the index on its
    column, and one row of aggregates that changes when one of the month's events is published
    (its dates, title or address with it), added, removed or moved away, or when a session of
    one is changed."""
    # Grouped by a constant, which leaves no GROUP BY: one row for all the month's events.
    state = (
        events.order_by()
        .annotate(month=Value(1))
        .values("month")
        .values(
            state=JSONObject(
                count=Count("pk", distinct=True),
                ids=Sum("pk", distinct=True),
                published=Max("last_published_at"),
                # Raised by each publication (ICS SEQUENCE): changes even within a second.
                publications=Sum("sequence"),
                changes=Count("exceptions"),
                last_change=Max("exceptions__id"),
            )
        )
    )
    return (
        EventIndexPage.objects.filter(pk=index_page.pk)
        .values_list(
            Exists(calendar_events.filter(start__lt=start)),
            Exists(calendar_events.filter(series_end__gte=end)),
            Subquery(state),
        )
        .get()
    )


def month_grid(month, calendar_url, events, start, end):
    """The month's grid of the events (a queryset) and whether there were any: each of their
    dates in the month is a link in its days."""
    found = month_events(events, calendar_url)
    entries = []
    for event in found:
        for begin, finish in recurrence.occurrences_between(
            event.moments, event.duration, start, end
        ):
            last = calendar_grid.last_day(begin, finish, event.all_day)
            entries.append((begin.date(), last, month_link(event, begin)))
    return calendar_grid.month_grid(month.year, month.month, entries), bool(found)


def month_context(index_page, form, calendar_url):
    tz = timezone.get_current_timezone()
    today = timezone.localtime(timezone.now(), tz).date()
    month = form.selected("month") or today.replace(day=1)
    first, after = calendar_grid.month_bounds(month.year, month.month)
    start = datetime.datetime.combine(first, datetime.time(), tzinfo=tz)
    end = datetime.datetime.combine(after, datetime.time(), tzinfo=tz)
    calendar_events = events_under(index_page)
    events = in_range(filter_events(calendar_events, form), start, end)
    previous = calendar_grid.shift_month(month.year, month.month, -1)
    following = calendar_grid.shift_month(month.year, month.month, 1)
    # Links stop at the months with events (or today), so crawlers do not walk on forever.
    earlier, later, state = month_state(index_page, calendar_events, events, start, end)
    context = {
        "today": today,
        "previous_query": query_string(form, month=f"{previous[0]}-{previous[1]:02d}")
        if first > today or earlier
        else "",
        "next_query": query_string(form, month=f"{following[0]}-{following[1]:02d}")
        if after <= today or later
        else "",
    }

    def draw():
        grid, found = month_grid(month, calendar_url, events, start, end)
        return render_to_string(
            "events/includes/month_grid.html",
            {**context, "grid": grid, "events": found, "weekdays": calendar_grid.weekdays()},
        )

    # Drawn again only when what it shows changes: hundreds of links are a page's whole cost.
    drawn_from = (index_page.pk, calendar_url, month, chosen_filters(form), context, state)
    return {"month_grid": kept("events:month-grid", drawn_from, draw)}


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
    # Events are the calendar's children: their addresses are its own and their slugs.
    calendar_url = index_page.get_url(request)
    context = {
        "filter_form": form,
        "calendar_url": calendar_url,
        "view": view,
        "now": timezone.now(),
        "ics_query": query_string(form, view=None, month=None),
    }
    context["subscriptions"] = subscriptions(
        absolute_url(calendar_url + "ics/", request), context["ics_query"]
    )
    if view == "month":
        context.update(month_context(index_page, form, calendar_url))
    else:
        context.update(list_context(index_page, form, request.GET.get("page"), context["now"]))
    context["list_query"] = query_string(form, view=None, month=None)
    context["month_query"] = query_string(form, view="month", period=None)
    return context
