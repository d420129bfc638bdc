"""Interview slots booked by schools: a school's editors take a free time for their school
(once per event, no double booking, until the deadline), get it as ICS and on their dashboard;
the event's editors see the filled schedule and its XLSX."""

import datetime
import io

import icalendar
import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from openpyxl import load_workbook

from attendance.models import SlotBooking
from events.models import EventSlot
from tests.factories import EventPageFactory, SchoolFactory

from .conftest import MSK, make_editor

URL = "/admin/sobesedovaniya/"


@pytest.fixture
def interviews(calendar):
    start = timezone.now() + datetime.timedelta(days=10)
    event = EventPageFactory(
        parent=calendar,
        title="Собеседования с администрациями школ",
        slug="sobesedovaniya",
        start=start,
        end=start + datetime.timedelta(hours=6),
        registration_deadline=start - datetime.timedelta(days=2),
    )
    day = timezone.localtime(start, MSK).date()
    taken = SchoolFactory(short_name="МОУ «Школа, внесённая редактором»")
    made = [
        EventSlot.objects.create(
            page=event,
            date=day,
            starts_at=datetime.time(10 + number),
            ends_at=datetime.time(10 + number, 30),
            school=taken if number == 0 else None,
        )
        for number in range(3)
    ]
    return event, made


def school_editor(username, *schools):
    user = make_editor(username)
    for school in schools:
        group = Group.objects.create(name=f"Редакторы {school.short_name}")
        school.editors_group = group
        school.save()
        user.groups.add(group)
    return user


def test_a_school_books_a_free_time_once_and_not_a_taken_one(
    client, calendar, interviews, django_assert_max_num_queries
):
    event, (taken, first, second) = interviews
    for number in range(3):  # more events with free times cost no more queries
        other = EventPageFactory(
            parent=calendar, slug=f"ещё-{number}", start=event.start, end=event.end
        )
        EventSlot.objects.create(
            page=other, date=first.date, starts_at=first.starts_at, ends_at=first.ends_at
        )
    school = SchoolFactory(short_name="МОУ «Джатиевская ООШ»")
    client.force_login(school_editor("dzhatievo", school))
    with django_assert_max_num_queries(16):
        page = client.get(URL).text
    assert f'value="{first.pk}"' in page and f'value="{taken.pk}"' not in page
    assert "Запись до" in page
    response = client.post(URL, {"slot": first.pk}, follow=True)
    assert "МОУ «Джатиевская ООШ» записана" in response.text
    assert "11:00–11:30" in response.text
    refused = client.post(URL, {"slot": second.pk}, follow=True)
    assert "уже записана на это мероприятие" in refused.text
    assert client.post(URL, {"slot": taken.pk}, follow=True).text.count("уже занято") == 1
    assert list(SlotBooking.objects.values_list("slot_id", flat=True)) == [first.pk]


def test_no_double_booking_between_two_schools(client, interviews):
    event, (_, first, _) = interviews
    one, other = SchoolFactory(), SchoolFactory()
    client.force_login(school_editor("one", one))
    client.post(URL, {"slot": first.pk})
    client.force_login(school_editor("other", other))
    response = client.post(URL, {"slot": first.pk}, follow=True)
    assert "Это время уже занято" in response.text
    assert SlotBooking.objects.get().school == one


def test_booking_closes_at_the_deadline_and_cancelling_frees_the_time(
    client, interviews, monkeypatch
):
    event, (_, first, _) = interviews
    school = SchoolFactory()
    client.force_login(school_editor("late", school))
    client.post(URL, {"slot": first.pk})
    booking = SlotBooking.objects.get()
    client.post(URL, {"cancel": booking.pk})
    assert not SlotBooking.objects.exists()
    later = event.registration_deadline + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.post(URL, {"slot": first.pk}, follow=True)
    assert "Запись на это мероприятие закрыта." in response.text
    assert not SlotBooking.objects.exists()


def test_only_a_schools_editors_book_and_only_for_their_school(client, interviews):
    event, (_, first, _) = interviews
    mine, theirs = SchoolFactory(), SchoolFactory()
    client.force_login(make_editor("nobody"))
    assert client.get(URL).status_code == 403
    client.force_login(school_editor("mine", mine))
    client.post(URL, {"slot": first.pk, "school": theirs.pk})
    assert SlotBooking.objects.get().school == mine  # another school's id is not taken


def test_the_booking_as_ics_on_the_dashboard_and_in_the_schedule(client, interviews):
    event, (_, first, _) = interviews
    school = SchoolFactory(short_name="МОУ «Ангарская СОШ»")
    client.force_login(school_editor("angara", school))
    client.post(URL, {"slot": first.pk})
    booking = SlotBooking.objects.get()
    assert f"/admin/sobesedovaniya/{booking.pk}.ics" in client.get("/admin/").text
    ics = icalendar.Calendar.from_ical(
        client.get(f"/admin/sobesedovaniya/{booking.pk}.ics").content
    )
    (vevent,) = ics.walk("VEVENT")
    start = datetime.datetime.combine(first.date, datetime.time(11), tzinfo=MSK)
    assert vevent.decoded("DTSTART") == start
    assert vevent.decoded("DTEND") == start + datetime.timedelta(minutes=30)

    client.force_login(make_editor("coordinator", event))
    schedule = client.get(f"/admin/attendance/{event.pk}/schedule/").text
    assert "МОУ «Ангарская СОШ»" in schedule and "свободно" in schedule
    sheet = load_workbook(
        io.BytesIO(client.get(f"/admin/attendance/{event.pk}/schedule.xlsx").content)
    ).active
    assert [[cell.value for cell in row][1:] for row in sheet.iter_rows()] == [
        ["Время", "Школа"],
        ["10:00–10:30", "МОУ «Школа, внесённая редактором»"],
        ["11:00–11:30", "МОУ «Ангарская СОШ»"],
        ["12:00–12:30", "свободно"],
    ]
    client.force_login(make_editor("stranger"))
    refused = client.get(f"/admin/sobesedovaniya/{booking.pk}.ics")
    # Wagtail's admin turns a view's PermissionDenied into a redirect to the dashboard.
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")


def test_the_event_page_shows_booked_times_at_once(client, interviews):
    # The page cache is on in tests: the booking must make the cached page stale.
    event, (_, first, _) = interviews
    editor = school_editor("angara", SchoolFactory(short_name="МОУ «Ангарская СОШ»"))
    rows = client.get(event.url).text
    assert "МОУ «Школа, внесённая редактором»" in rows and rows.count("свободно") == 2
    client.force_login(editor)
    client.post(URL, {"slot": first.pk})
    client.logout()
    rows = client.get(event.url).text
    assert "МОУ «Ангарская СОШ»" in rows and rows.count("свободно") == 1
