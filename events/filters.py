"""The calendar's filters: a GET form whose state lives in the URL, and the query it builds."""

import datetime

from django import forms
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from schools.models import Municipality

from .models import Audience, EventException, EventFormat, EventPage, EventType, Organisation

PERIODS = [("upcoming", "Предстоящие"), ("past", "Прошедшие")]
VIEWS = [("list", "Списком"), ("month", "По месяцам")]


class Select(forms.Select):
    """A select of flat choices written here, as Django's template writes it, but without a
    template and two includes per option: the filter form's lists are drawn on every uncached
    visit. The first option with the value is the selected one, as in Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            _attributes(self.build_attrs(self.attrs, attrs)),
            format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>\n',
                self._options(self.format_value(value)),
            ),
        )

    def _options(self, values):
        """(value, " selected" or "", label) of each option: the choices are read once (a
        model field's are a query)."""
        selected = False
        for option, label in self.choices:
            chosen = not selected and str(option) in values
            selected = selected or chosen
            yield option, " selected" if chosen else "", label


def _attributes(attrs):
    """The attributes as Django's «attrs.html» writes them: True as a bare name, False left out."""
    return mark_safe(
        "".join(
            format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value)
            for key, value in attrs.items()
            if value is not False
        )
    )


class SlugChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


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
    audience = SlugChoiceField(
        label="Для кого",
        queryset=Audience.objects.all(),
        to_field_name="slug",
        empty_label="Для всех",
        required=False,
        widget=Select,
    )
    organiser = SlugChoiceField(
        label="Организатор",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        empty_label="Любой",
        required=False,
        widget=Select,
    )
    municipality = forms.ModelChoiceField(
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


def in_order_of_next_date(events, now=None):
    """Upcoming events by the next date of each (a series by its next session, not its first
    one), within a day by time, then by title: a queryset, counted and sliced by the database,
    each event with its ``next_date`` (aware, in UTC: ``event_when`` shows it in the event's
    zone).

    The next date of a series is not a column: series (and events with a moved or cancelled
    session) are read as pages to find it and their dates are written into the query; a
    single event's next date is its start. A calendar of thousands builds page objects for
    its series and the shown page only.
    """
    now = now or timezone.now()
    next_dates = [
        When(pk=event.pk, then=Value(event.next_occurrence(now), output_field=DateTimeField()))
        for event in for_dates(events.filter(changing_dates()))
    ]
    next_date = Case(*next_dates, default=F("start")) if next_dates else F("start")
    return events.annotate(next_date=next_date).order_by("next_date", "title", "pk")


def upcoming(queryset, now=None):
    return in_order_of_next_date(by_period(queryset, "upcoming"), now)


def in_range(queryset, start, end):
    """Events (or series) with any part between two aware datetimes."""
    return queryset.filter(start__lt=end, series_end__gt=start).order_by("start", "pk")
