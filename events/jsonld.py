"""schema.org Event data for an event page's head."""

import json

from django.utils.safestring import mark_safe

from .calendar_grid import last_day
from .models import EventFormat

ATTENDANCE = {
    EventFormat.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    EventFormat.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    EventFormat.MIXED: "https://schema.org/MixedEventAttendanceMode",
}
# Escapes that keep JSON inside <script> from closing it early (as Django's json_script does).
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _location(page, url):
    places = []
    if page.place:
        places.append({"@type": "Place", "name": page.place, "address": page.place})
    if page.event_format != EventFormat.IN_PERSON:
        # The page, not the join link: that goes only to registered participants.
        places.append({"@type": "VirtualLocation", "url": url})
    return places[0] if len(places) == 1 else places


def event_data(page, url):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "url": url,
        "startDate": page.local_start.isoformat(),
        "endDate": page.local_end.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE[page.event_format],
        "location": _location(page, url),
    }
    if page.all_day:
        data["startDate"] = page.local_start.date().isoformat()
        data["endDate"] = last_day(page.local_start, page.local_end, all_day=True).isoformat()
    if page.summary:
        data["description"] = page.summary
    if page.organiser:
        data["organizer"] = {"@type": "Organization", "name": page.organiser.name}
    if page.audiences_list:
        data["audience"] = [
            {"@type": "Audience", "audienceType": audience.name} for audience in page.audiences_list
        ]
    return data


def script_content(data):
    """JSON safe to put between <script type="application/ld+json"> tags."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES))
