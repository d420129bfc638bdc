"""The calendar's filters: a GET form whose state lives in the URL, and the query it builds."""

import datetime
import hashlib

from django import forms
from django.core.cache import cache
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone

from schools.models import Municipality

from .models import Audience, EventException, EventFormat, EventPage, EventType, Organisation

PERIODS = [("upcoming", "Предстоящие"), ("past", "Прошедшие")]
VIEWS = [("list", "Списком"), ("month", "По месяцам")]


class Select(forms.Select):
    """A select of flat choices whose options are written in its own template, not in two
    includes each (Django's): the filter form's lists are drawn on every uncached visit."""

    template_name = "events/widgets/select.html"


class NameChoiceIterator(forms.models.ModelChoiceIterator):
    """The options as (value, name) rows: a list drawn on every visit needs no model instance
    per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list(self.field.to_field_name or "pk", "name")


class NameChoiceField(forms.ModelChoiceField):
    """A choice of rows labelled by their ``name``."""

    iterator = NameChoiceIterator


class EventFilterForm(forms.Form):
    view = forms.ChoiceField(label="Вид", choices=VIEWS, required=False, widget=Select)
    period = forms.ChoiceField(label="Когда", choices=PERIODS, required=False, widget=Select)
    month = forms.CharField(label="Месяц", required=False, widget=forms.HiddenInput)
    type = forms.ChoiceField(
        label="Вид мероприятия",
        choices=[("", "Все")] + EventType.choices,
        required=False,
        widget=Select,
    )
    format = forms.ChoiceField(
        label="Формат", choices=[("", "Любой")] + EventFormat.choices, required=False, widget=Select
    )
    audience = NameChoiceField(
        label="Для кого",
        queryset=Audience.objects.all(),
        to_field_name="slug",
        empty_label="Для всех",
        required=False,
        widget=Select,
    )
    organiser = NameChoiceField(
        label="Организатор",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        empty_label="Любой",
        required=False,
        widget=Select,
    )
    municipality = NameChoiceField(
        label="Муниципалитет",
        queryset=Municipality.objects.order_by("name"),
        empty_label="Все",
        required=False,
        widget=Select,
    )

    def clean_month(self):
        """The first day of the month asked for; a malformed month shows the current one."""
        value = self.cleaned_data.get("month") or ""
        try:
            month = datetime.datetime.strptime(value, "%Y-%m").date() if value else None
        except ValueError:
            return None
        # The grid reaches into the months on either side, which must exist too.
        if month and not datetime.MINYEAR < month.year < datetime.MAXYEAR:
            return None
        return month

    def selected(self, name, default=""):
        data = self.cleaned_data if self.is_valid() else {}
        return data.get(name) or default


# The attribute filters ``filter_events`` applies.
FILTERS = ("type", "format", "audience", "organiser", "municipality")


def chosen_filters(form):
    """The filters ``filter_events`` applies, as (name, value) pairs a cache key can hold: a
    row by its id."""
    if not form.is_valid():
        return ()
    chosen = [(name, form.cleaned_data.get(name)) for name in FILTERS]
    return tuple((name, getattr(value, "pk", value)) for name, value in chosen if value)


def filter_events(queryset, form):
    """Apply the attribute filters (type, format, audience, organiser, municipality)."""
    if not form.is_valid():
        return queryset
    data = form.cleaned_data
    if data.get("type"):
        queryset = queryset.filter(event_type=data["type"])
    if data.get("format"):
        queryset = queryset.filter(event_format=data["format"])
    if data.get("audience"):
        queryset = queryset.filter(audiences=data["audience"])
    if data.get("organiser"):
        organiser = data["organiser"]
        queryset = queryset.filter(Q(organiser=organiser) | Q(co_organisers=organiser)).distinct()
    if data.get("municipality"):
        queryset = queryset.filter(municipality=data["municipality"])
    return queryset


def events_under(index_page):
    """Live, public events of a calendar, without the StreamFields no list or grid shows.

    Their exceptions are not prefetched: only the dates of a series need them
    (``changing_dates``, ``for_dates``); prefetching them costs a query and work per event."""
    return (
        EventPage.objects.live()
        .public()
        .child_of(index_page)
        .select_related("organiser", "municipality")
        .defer("body", "programme", "materials")
    )


def by_period(queryset, period):
    now = timezone.now()
    if period == "past":
        return queryset.filter(series_end__lt=now).order_by("-start")
    return queryset.filter(series_end__gte=now).order_by("start")


def changing_dates():
    """Series, and events with a moved or cancelled session: their dates need the page's rule
    and exceptions. Every other event takes place once, at its ``start``."""
    # One list of ids (a compound subquery): the database looks up those few events instead
    # of testing every upcoming one (a scan of thousands with their pages).
    series = EventPage.objects.exclude(frequency="").order_by().values("pk")
    return Q(pk__in=series.union(EventException.objects.order_by().values("page"), all=True))


# What an event's dates (``EventPage.occurrences``) are computed from, with its exceptions.
DATE_FIELDS = ("start", "end", "time_zone", "rrule")


def for_dates(events):
    """Event pages read for their dates only: the fewest columns, and their exceptions."""
    return events.select_related(None).only(*DATE_FIELDS).prefetch_related("exceptions")


# How long at most the next dates of the series are kept when none of them is about to pass.
NEXT_DATES_SECONDS = 24 * 60 * 60


def next_dates(now):
    """{id: next date} of the series and of the events with a changed session, as their pages
    compute it (``EventPage.next_occurrence``).

    Kept in the cache under their date columns and exceptions themselves (a query of rows),
    so that the pages and their rules are read again only when one of those changes, and for
    as long as the answer holds: until the earliest of these next dates ends, when the series
    moves on to its following session."""
    # The same events as ``changing_dates``, a row per exception: one query without a union.
    rows = list(
        EventPage.objects.filter(Q(exceptions__isnull=False) | ~Q(frequency=""))
        .order_by("pk", "exceptions__pk")
        .values_list("pk", *DATE_FIELDS, "exceptions__original_date", "exceptions__new_start")
    )
    if not rows:
        return {}
    state = repr(rows)
    key = "events:next-dates:" + hashlib.sha256(state.encode()).hexdigest()
    kept = cache.get(key)
    if kept and kept["since"] <= now < kept["until"]:
        return kept["dates"]
    pages = for_dates(EventPage.objects.filter(pk__in={row[0] for row in rows}))
    dates = {page.pk: (page.next_occurrence(now), page.duration) for page in pages}
    # ``next_occurrence`` gives the first date not yet over: it holds until that date ends.
    ends = [date + duration for date, duration in dates.values() if date + duration > now]
    until = min(ends, default=now + datetime.timedelta(seconds=NEXT_DATES_SECONDS))
    kept = {"since": now, "until": until, "dates": {pk: date for pk, (date, _) in dates.items()}}
    timeout = min((until - now).total_seconds(), NEXT_DATES_SECONDS)
    cache.set(key, kept, timeout)
    return kept["dates"]


def in_order_of_next_date(events, now=None):
    """Upcoming events by the next date of each (a series by its next session, not its first
    one), within a day by time, then by title: a queryset, counted and sliced by the database,
    each event with its ``next_date`` (aware, in UTC: ``event_when`` shows it in the event's
    zone).

    The next date of a series is not a column: the next dates of the series (and of events
    with a moved or cancelled session) are written into the query (``next_dates``); a single
    event's next date is its start.
    """
    now = now or timezone.now()
    whens = [
        When(pk=pk, then=Value(date, output_field=DateTimeField()))
        for pk, date in next_dates(now).items()
    ]
    next_date = Case(*whens, default=F("start")) if whens else F("start")
    return events.annotate(next_date=next_date).order_by("next_date", "title", "pk")


def upcoming(queryset, now=None):
    return in_order_of_next_date(by_period(queryset, "upcoming"), now)


def in_range(queryset, start, end):
    """Events (or series) with any part between two aware datetimes."""
    return queryset.filter(start__lt=end, series_end__gt=start).order_by("start", "pk")
