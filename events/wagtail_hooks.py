"""The calendar's place in the shell: the home page section and the admin list of registrations."""

import datetime
from dataclasses import dataclass

from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from site_cms.admin_russian import RussianViewSetMixin
from site_cms.home_sections import HomeSection, HomeSectionItem
from site_cms.page_urls import child_url

from .admin_views import RegistrationListView
from .filters import upcoming
from .listing import choice_labels
from .models import Audience, EventIndexPage, EventPage, EventType, Organisation
from .models.pages import event_zone
from .templatetags.event_tags import event_when
from .views import registrations_csv

HOME_EVENTS = 5


@dataclass(frozen=True)
class HomeEvent:
    """What ``event_when`` reads of an event to write its next date."""

    tz: datetime.tzinfo
    duration: datetime.timedelta
    all_day: bool


@hooks.register("home_page_sections")
def upcoming_events(request):
    now = timezone.now()
    # One reading of the private sections, for the events and their calendars both.
    private = EventPage.objects.private_q()
    # All upcoming ones, then the first by their next dates: a series that began in September
    # must not take the place of next week's seminar. Rows: the section builds no page for them.
    events = upcoming(EventPage.objects.live().exclude(private), now).values_list(
        *("path", "slug", "title", "summary", "event_type"),
        *("start", "end", "all_day", "time_zone", "next_date"),
    )[:HOME_EVENTS]
    if not events:
        return None
    # An event's address is its calendar's and its slug (a public event's calendar is public).
    # Sorted here: ordered by path, the database would walk the index of every page.
    calendars = sorted(
        EventIndexPage.objects.exclude(private).order_by(), key=lambda calendar: calendar.path
    )
    calendar_urls = {calendar.path: calendar.get_url(request) for calendar in calendars}
    calendar = next((calendar for calendar in calendars if calendar.live), None)
    types = choice_labels(EventType)
    items = []
    for page_path, slug, title, summary, event_type, start, end, all_day, zone, date in events:
        dates = HomeEvent(event_zone(zone), end - start, all_day)
        items.append(
            HomeSectionItem(
                title=title,
                url=child_url(calendar_urls[page_path[: -EventPage.steplen]], slug),
                meta=" · ".join([event_when(dates, date), types.get(event_type, event_type)]),
                summary=summary,
            )
        )
    return HomeSection(
        title="Ближайшие события",
        items=items,
        more_url=calendar.get_url(request) if calendar else "",
        more_label="Весь календарь",
    )


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path(
            "events/<int:page_id>/registrations/",
            RegistrationListView.as_view(),
            name="events_registrations",
        ),
        path(
            "events/<int:page_id>/registrations.csv",
            registrations_csv,
            name="events_registrations_csv",
        ),
    ]


@hooks.register("register_page_header_buttons")
def registrations_button(page, user, view_name=None, next_url=None):
    event = page.specific_deferred
    if (
        isinstance(event, EventPage)
        and event.has_form
        and page.permissions_for_user(user).can_edit()
    ):
        yield Button(
            "Регистрации",
            reverse("events_registrations", args=[page.pk]),
            icon_name="group",
            priority=60,
        )


class AudienceViewSet(RussianViewSetMixin, SnippetViewSet):
    model = Audience
    add_label = "Добавить аудиторию"
    count_forms = "аудитория,аудитории,аудиторий"


class OrganisationViewSet(RussianViewSetMixin, SnippetViewSet):
    model = Organisation
    add_label = "Добавить организатора"
    count_forms = "организатор,организатора,организаторов"


register_snippet(AudienceViewSet)
register_snippet(OrganisationViewSet)
