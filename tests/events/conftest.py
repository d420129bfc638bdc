"""Fixtures of the calendar tests: a calendar under the home page and a way to add events."""

import datetime
import zoneinfo

import pytest

from events.models import Audience, EventIndexPage, EventPage, Organisation

MSK = zoneinfo.ZoneInfo("Europe/Moscow")


def moment(text):
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=MSK)


@pytest.fixture
def calendar(home):
    page = EventIndexPage(title="Календарь семинаров", slug="kalendar")
    home.add_child(instance=page)
    return page


@pytest.fixture
def audiences(db):
    return {
        "matematika": Audience.objects.create(
            name="учителя математики", slug="matematika", kind="subject"
        ),
        "psihologi": Audience.objects.create(name="педагоги-психологи", slug="psihologi"),
    }


@pytest.fixture
def organiser(db):
    return Organisation.objects.create(name="Институт развития образования", slug="iro")


@pytest.fixture
def make_event(calendar):
    """Add a live event to the calendar; ``start`` is «YYYY-MM-DD HH:MM» Moscow time."""

    def make(title, start, *, hours=2, audiences=(), publish=False, **fields):
        begin = moment(start)
        page = EventPage(
            title=title,
            start=begin,
            end=begin + datetime.timedelta(hours=hours),
            event_type=fields.pop("event_type", "seminar"),
            event_format=fields.pop("event_format", "online"),
            **fields,
        )
        page.audiences = list(audiences)
        calendar.add_child(instance=page)
        if publish:
            page.save_revision().publish()
            page.refresh_from_db()
        return page

    return make
