"""Fixtures of the calendar tests: a calendar under the home page and a way to add events."""

import datetime
import zoneinfo

import pytest

from events.models import Audience, Organisation
from tests.factories import EventIndexPageFactory, EventPageFactory

MSK = zoneinfo.ZoneInfo("Europe/Moscow")


def moment(text):
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=MSK)


@pytest.fixture
def calendar(home):
    return EventIndexPageFactory(parent=home, publish=False)


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
        page = EventPageFactory(
            parent=calendar,
            title=title,
            start=begin,
            end=begin + datetime.timedelta(hours=hours),
            audiences=list(audiences),
            publish=publish,
            **fields,
        )
        if publish:
            page.refresh_from_db()
        return page

    return make
