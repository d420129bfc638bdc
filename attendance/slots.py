"""Schools book a free time of an event's schedule themselves (interviews with each school).

A slot is free when the event's editors left it without a school on the page and no school
has booked it. A school books one slot per event, until the event's registration deadline
(or, without one, its start); a slot goes to whichever school books it first: the booking is
a one-to-one row, and the database refuses the second.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import EventPage, EventSlot

from .models import SlotBooking


class BookingRefused(Exception):
    """The message is for the user."""


def deadline(event):
    return event.registration_deadline or event.start


def is_open(event, now=None):
    return (now or timezone.now()) < deadline(event)


def free_slots(events):
    """{event id: its free slots in time order} for ``events``, in one query."""
    found = {event.pk: [] for event in events}
    slots = EventSlot.objects.filter(
        page__in=list(found), school__isnull=True, school_name="", booking__isnull=True
    ).order_by("date", "starts_at")
    for slot in slots:
        found[slot.page_id].append(slot)
    return found


def open_events(now=None):
    """Live events with a free slot whose booking is still open, soonest first."""
    now = now or timezone.now()
    events = EventPage.objects.live().filter(
        slots__school__isnull=True, slots__school_name="", slots__booking__isnull=True
    )
    return [event for event in events.distinct().order_by("start") if is_open(event, now)]


def book(slot_id, school, user, now=None):
    slot = EventSlot.objects.select_related("page").filter(pk=slot_id).first()
    if slot is None:
        raise BookingRefused("Такого времени нет.")
    event = slot.page
    if not is_open(event, now):
        raise BookingRefused("Запись на это мероприятие закрыта.")
    if slot.school_id or slot.school_name:
        raise BookingRefused("Это время уже занято.")
    if SlotBooking.objects.filter(event=event, school=school).exists():
        raise BookingRefused(
            f"{school.short_name} уже записана на это мероприятие: сначала отмените ту запись."
        )
    try:
        with transaction.atomic():
            return SlotBooking.objects.create(slot=slot, event=event, school=school, booked_by=user)
    except IntegrityError as error:
        raise BookingRefused("Это время уже занято: выберите другое.") from error


def cancel(booking, now=None):
    if not is_open(booking.event, now):
        raise BookingRefused("Запись закрыта: отменить её можно только через организаторов.")
    booking.delete()
