"""The calendar's filters: a GET form whose state lives in the URL, and the query it builds."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone

from schools.models import Municipality

from .models import Audience, EventFormat, EventPage, EventType, Organisation

PERIODS = [("upcoming", "Предстоящие"), ("past", "Прошедшие")]
VIEWS = [("list", "Списком"), ("month", "По месяцам")]


class SlugChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class EventFilterForm(forms.Form):
    view = forms.ChoiceField(label="Вид", choices=VIEWS, required=False)
    period = forms.ChoiceField(label="Когда", choices=PERIODS, required=False)
    month = forms.CharField(label="Месяц", required=False, widget=forms.HiddenInput)
    type = forms.ChoiceField(
        label="Вид мероприятия", choices=[("", "Все")] + EventType.choices, required=False
    )
    format = forms.ChoiceField(
        label="Формат", choices=[("", "Любой")] + EventFormat.choices, required=False
    )
    audience = SlugChoiceField(
        label="Для кого",
        queryset=Audience.objects.all(),
        to_field_name="slug",
        empty_label="Для всех",
        required=False,
    )
    organiser = SlugChoiceField(
        label="Организатор",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        empty_label="Любой",
        required=False,
    )
    municipality = forms.ModelChoiceField(
        label="Муниципалитет",
        queryset=Municipality.objects.order_by("name"),
        empty_label="Все",
        required=False,
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
    """Live, public events of a calendar, without the StreamFields no list or grid shows."""
    return (
        EventPage.objects.live()
        .public()
        .child_of(index_page)
        .select_related("organiser", "municipality")
        .prefetch_related("exceptions")
        .defer("body", "programme", "materials")
    )


def by_period(queryset, period):
    now = timezone.now()
    if period == "past":
        return queryset.filter(series_end__lt=now).order_by("-start")
    return queryset.filter(series_end__gte=now).order_by("start")


def in_order_of_next_date(events, now=None):
    """Upcoming events by the next date of each (a series by its next session, not its first
    one), within a day by time: a sequence that reads only the events it is sliced for.

    The next date of a series is not a column, so series (and events with a moved or cancelled
    session) are read as pages to find it; a single event's next date is its start, read as a
    row. A calendar of thousands builds page objects for its series and the shown page only.
    """
    now = now or timezone.now()
    plain = events.filter(frequency="").exclude(exceptions__isnull=False)
    order = [(start, title, pk) for pk, start, title in plain.values_list("pk", "start", "title")]
    series = events.exclude(pk__in=plain.values("pk"))
    order += [(event.next_occurrence(now), event.title, event.pk) for event in series]
    order.sort()
    return EventsInOrder(events, [pk for _start, _title, pk in order])


class EventsInOrder:
    """``events`` in the order of ``pks``; slicing reads those events only (one query and the
    queryset's prefetches)."""

    def __init__(self, events, pks):
        self.events, self.pks = events, pks

    def __len__(self):
        return len(self.pks)

    def __getitem__(self, index):
        if isinstance(index, slice):
            wanted = self.pks[index]
            found = self.events.order_by().in_bulk(wanted)
            return [found[pk] for pk in wanted if pk in found]
        return self[index : index + 1 or None][0]

    def __iter__(self):
        return iter(self[:])


def upcoming(queryset, now=None):
    return in_order_of_next_date(by_period(queryset, "upcoming"), now)


def in_range(queryset, start, end):
    """Events (or series) with any part between two aware datetimes."""
    return queryset.filter(start__lt=end, series_end__gt=start).order_by("start")
