"""«Ближайшие мероприятия»: the calendar's RSS and Atom feeds (site_cms/feeds.py).

Upcoming events, the most recently announced first: an item's date is its publication, and
its text begins with when the event takes place.
"""

from django.utils import timezone
from django.utils.text import capfirst

from site_cms.feeds import PageFeed

from .filters import by_period
from .models import EventIndexPage, EventPage
from .templatetags.event_tags import event_when


class EventsFeed(PageFeed):
    heading = "Ближайшие мероприятия"
    description = "Семинары, вебинары и другие мероприятия календаря, которые ещё впереди"

    def pages(self, request):
        events = (
            EventPage.objects.live()
            .public()
            .prefetch_related("exceptions")  # a series' next date
            .defer("body", "programme", "materials")
        )
        return by_period(events, "upcoming").order_by("-first_published_at", "-pk")

    def listing(self, request):
        return EventIndexPage.objects.live().public().first()

    def item_description(self, event):
        when = event_when(event, event.next_occurrence(timezone.now()))
        kind = capfirst(event.get_event_type_display())
        return " ".join(part for part in (f"Когда: {when}.", f"{kind}.", event.summary) if part)

    def item_categories(self, event):
        return [event.get_event_type_display()]
