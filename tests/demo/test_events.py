"""The demo calendar's interview schedules: consecutive half-hour slots, one school each, and
an upcoming day with free times the demo school's editor books."""

import datetime

import pytest

from demo.events import FREE_SLOTS, SMOLENSK, smolensk_slots
from demo.users import demo_user
from events.models import EventPage

SMOLENSK_SCHOOLS = SMOLENSK["schools"]


def test_smolensk_interviews_are_consecutive_half_hour_slots_per_school():
    slots = smolensk_slots(SMOLENSK_SCHOOLS)
    assert len(slots) == len(SMOLENSK_SCHOOLS) == 13
    first, second = slots[:2]
    assert (first.date, first.starts_at, first.ends_at) == (
        datetime.date(2020, 11, 17),
        datetime.time(14, 30),
        datetime.time(15, 0),
    )
    assert second.starts_at == first.ends_at
    assert slots[6].date == datetime.date(2020, 11, 18)
    assert slots[6].starts_at == datetime.time(10, 0)
    assert [slot.school_label for slot in slots] == SMOLENSK_SCHOOLS


def test_demo_calendar_moves_forward_by_whole_weeks():
    from datetime import date, timedelta

    from demo.events import AUTHORED_ON, calendar_shift

    assert calendar_shift(AUTHORED_ON) == timedelta(0)
    assert calendar_shift(AUTHORED_ON - timedelta(days=30)) == timedelta(0)
    assert calendar_shift(AUTHORED_ON + timedelta(days=1)) == timedelta(weeks=1)
    assert calendar_shift(date(2027, 11, 23)) == timedelta(weeks=53)


@pytest.mark.django_db
def test_the_demo_school_books_a_free_interview_time(demo_loaded, client):
    event = EventPage.objects.get(slug="sobesedovaniya-2027")
    assert [slot.taken_by for slot in event.slots.all()].count("") == FREE_SLOTS
    editor = demo_user("school-editor")
    client.login(username=editor.username, password=editor.password)
    booking_page = client.get("/admin/sobesedovaniya/").text
    assert event.title in booking_page
    free = event.slots.filter(school=None, school_name="").first()
    booked = client.post("/admin/sobesedovaniya/", {"slot": free.pk}, follow=True).text
    assert "Джатиевская ООШ» записана" in booked
    assert "Джатиевская ООШ" in client.get(event.url).text


@pytest.mark.django_db
def test_the_demo_seminars_have_programmes_attendance_feedback_and_a_queue(demo_loaded):
    from django.utils import timezone

    from attendance.models import Certificate, Feedback

    with_form = list(EventPage.objects.live().filter(registration_mode="form"))
    assert with_form and all(len(event.programme) for event in with_form)
    past = [event for event in with_form if event.series_end < timezone.now()]
    assert past
    for event in past:
        assert len(event.materials), event.title
        assert Certificate.objects.filter(event=event).exists(), event.title
        assert Feedback.objects.filter(event=event).exists(), event.title
    full = [event for event in with_form if event.registrations.filter(status="waiting").exists()]
    assert len(full) == 1 and full[0].is_full(full[0].seats_taken())
    conference = EventPage.objects.get(slug="konferenciya-fgos")
    assert [block.value for block in conference.programme if block.block_type == "section"] == [
        "День первый. Пленарное заседание",
        "День первый. Дискуссионные площадки",
        "День второй. Секции по предметам",
        "День второй. Итоги",
    ]
