"""The calendar's place in the shell: the home page section and the admin list of registrations."""

from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from site_cms.admin_russian import RussianViewSetMixin
from site_cms.home_sections import HomeSection, HomeSectionItem

from .admin_views import RegistrationListView
from .filters import upcoming
from .models import Audience, EventIndexPage, EventPage, Organisation
from .templatetags.event_tags import event_when
from .views import registrations_csv

HOME_EVENTS = 5


@hooks.register("home_page_sections")
def upcoming_events(request):
    now = timezone.now()
    # All upcoming ones, then the first by their next dates: a series that began in September
    # must not take the place of next week's seminar.
    events = upcoming(
        EventPage.objects.live().public().defer("body", "programme", "materials"), now
    )[:HOME_EVENTS]
    if not events:
        return None
    calendar = EventIndexPage.objects.live().public().first()
    return HomeSection(
        title="Ближайшие события",
        items=[
            HomeSectionItem(
                title=event.title,
                url=event.get_url(request),
                meta=" · ".join(
                    [event_when(event, event.next_date), event.get_event_type_display()]
                ),
                summary=event.summary,
            )
            for event in events
        ],
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
