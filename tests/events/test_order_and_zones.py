"""Upcoming events in the order of their next dates, and times that say their zone."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def september_series_and_next_week(make_event):
    # The series began in September; its next session (16 December) is after next week's.
    make_event(
        "Методический час",
        "2026-09-16 15:00",
        frequency="monthly",
        repeat_until=datetime.date(2027, 5, 31),
    )
    make_event("Семинар в четверг после обеда", "2026-11-26 15:00")
    make_event("Семинар в четверг утром", "2026-11-26 10:00")
    make_event("Вебинар в декабре", "2026-12-03 10:00")
    for number in range(3):
        make_event(f"Совещание {number}", f"2027-01-1{number} 10:00")


def titles(soup, selector):
    return [a.get_text(strip=True) for a in soup.select(selector)]


def test_the_calendar_lists_events_by_their_next_date_then_time(
    client, september_series_and_next_week
):
    soup = BeautifulSoup(client.get("/kalendar/").content, "html.parser")
    assert titles(soup, ".event-list__item > a") == [
        "Семинар в четверг утром",
        "Семинар в четверг после обеда",
        "Вебинар в декабре",
        "Методический час",
        "Совещание 0",
        "Совещание 1",
        "Совещание 2",
    ]


def test_the_home_page_shows_the_five_next_events_not_a_series_by_its_first_date(
    client, september_series_and_next_week
):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    section = next(s for s in soup.select(".home-section") if "Ближайшие события" in s.get_text())
    assert titles(section, ".item-list__item > a") == [
        "Семинар в четверг утром",
        "Семинар в четверг после обеда",
        "Вебинар в декабре",
        "Методический час",
        "Совещание 0",
    ]
    assert "16 декабря 2026, 15:00–17:00 МСК" in section.get_text()


def test_times_say_msk_or_the_event_zone(client, make_event):
    make_event("Московский", "2026-12-09 10:00", slug="moskva")
    # Entered in Moscow time (08:00 МСК); shown in Yekaterinburg's own time.
    make_event("Уральский", "2026-12-09 08:00", slug="ural", time_zone="Asia/Yekaterinburg")
    assert "9 декабря 2026, 10:00–12:00 МСК" in client.get("/kalendar/moskva/").text
    assert "9 декабря 2026, 10:00–12:00 МСК+2" in client.get("/kalendar/ural/").text
    grid = client.get("/kalendar/?view=month&month=2026-12").text
    assert "10:00 МСК</span>" in grid and "10:00 МСК+2</span>" in grid
    ics = client.get("/kalendar/ural/ics/").content.decode()
    assert "DTSTART;TZID=Asia/Yekaterinburg:20261209T100000" in ics


def test_subscribe_to_the_whole_calendar_and_to_the_current_filters(client, make_event, audiences):
    make_event("Математика", "2026-12-01 10:00", audiences=[audiences["matematika"]])
    make_event("Психологи", "2026-12-02 10:00", audiences=[audiences["psihologi"]])
    soup = BeautifulSoup(client.get("/kalendar/?audience=matematika").content, "html.parser")
    section = soup.find(id="subscribe-title").parent
    assert [a["href"] for a in section.select("a")] == [
        "webcal://testserver/kalendar/ics/",
        "webcal://testserver/kalendar/ics/?audience=matematika",
    ]
    whole, filtered = [field["value"] for field in section.select("input[type=url]")]
    assert whole == "http://testserver/kalendar/ics/"
    assert filtered == "http://testserver/kalendar/ics/?audience=matematika"
    feed = client.get(filtered.removeprefix("http://testserver")).content.decode()
    assert "Математика" in feed and "Психологи" not in feed
    # Without filters there is one feed to offer.
    plain = BeautifulSoup(client.get("/kalendar/").content, "html.parser")
    assert len(plain.find(id="subscribe-title").parent.select("a")) == 1


def test_ordering_a_long_calendar_builds_pages_for_its_series_and_the_shown_page_only(
    client, september_series_and_next_week, make_event, monkeypatch
):
    """Sorting by next date reads single events as rows: a calendar of thousands must not
    build a page object for each upcoming event on every uncached visit."""
    from events.models import EventPage

    for number in range(40):
        make_event(f"Консультация {number:02d}", f"2027-02-{1 + number % 28:02d} 10:00")
    built = []
    from_db = EventPage.from_db.__func__
    monkeypatch.setattr(
        EventPage, "from_db", classmethod(lambda cls, *a: built.append(1) or from_db(cls, *a))
    )
    soup = BeautifulSoup(client.get("/kalendar/").content, "html.parser")
    assert titles(soup, ".event-list__item > a")[:4] == [
        "Семинар в четверг утром",
        "Семинар в четверг после обеда",
        "Вебинар в декабре",
        "Методический час",
    ]
    shown = len(soup.select(".event-list__item"))
    assert shown < 47  # paginated
    assert len(built) <= shown + 1  # the page's events and the one series


def test_kept_next_dates_follow_the_clock_and_the_series_exceptions(make_event):
    from events.filters import next_dates
    from events.models import EventException

    series = make_event(
        "Методический час",
        "2026-09-16 15:00",
        frequency="monthly",
        repeat_until=datetime.date(2027, 5, 31),
    )
    december = datetime.datetime(2026, 12, 16, 12, 0, tzinfo=datetime.UTC)
    january = datetime.datetime(2027, 1, 16, 12, 0, tzinfo=datetime.UTC)
    assert next_dates(NOW)[series.pk] == december
    # Kept, and still right once that session is over (it ends at 14:00 UTC) or before NOW.
    assert next_dates(december + datetime.timedelta(hours=2))[series.pk] == january
    assert next_dates(NOW - datetime.timedelta(days=30))[series.pk] < december
    assert next_dates(NOW)[series.pk] == december
    EventException.objects.create(page=series, original_date=datetime.date(2026, 12, 16))
    assert next_dates(NOW)[series.pk] == january
