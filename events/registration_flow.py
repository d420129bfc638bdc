"""A registration's way: sent (pending) → confirmed or waiting → cancelled, and promotions.

Each step locks the event's row first, so two visitors after the last seat, or a cancellation
and a confirmation at once, are counted one after the other (PostgreSQL; SQLite lets one
writer in at a time anyway). The functions change the database and return what happened; the
views and commands send the e-mails.
"""

import datetime

from django.conf import settings
from django.db import transaction

from .models import EventPage, Registration, RegistrationStatus


def confirm_deadline(registration):
    return registration.created_at + datetime.timedelta(hours=settings.REGISTRATION_CONFIRM_HOURS)


def expired_pending(now):
    """Registrations whose confirmation link has expired: they never held a seat."""
    cutoff = now - datetime.timedelta(hours=settings.REGISTRATION_CONFIRM_HOURS)
    return Registration.objects.filter(status=RegistrationStatus.PENDING, created_at__lt=cutoff)


def _lock(event_id):
    EventPage.objects.select_for_update(of=("self",)).filter(pk=event_id).values("pk").get()


def submit(form, now):
    """Save a valid form as a pending registration with the time consent was given."""
    with transaction.atomic():
        _lock(form.event.pk)
        # An expired request must not keep its address from registering again.
        expired_pending(now).filter(event=form.event).delete()
        registration = form.save(commit=False)
        registration.consent_at = now
        registration.save()
    return registration


def confirm(registration, now):
    """Confirm a pending registration: a seat if one is free, else the waiting list.

    Returns the registration with its status; one already confirmed (the link followed twice)
    is left as it is.
    """
    with transaction.atomic():
        _lock(registration.event_id)
        registration.refresh_from_db()
        if registration.status != RegistrationStatus.PENDING:
            return registration
        full = registration.event.is_full(registration.event.seats_taken())
        registration.status = RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
    return registration


def cancel(registration, now):
    """Cancel a registration; returns the waiting registration promoted to its seat, if any."""
    with transaction.atomic():
        _lock(registration.event_id)
        registration.refresh_from_db()
        if registration.status == RegistrationStatus.CANCELLED:
            return None
        held_seat = registration.holds_seat
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        event = registration.event
        if not held_seat or event.is_full(event.seats_taken()):
            return None
        promoted = _promote(event, 1)
    return promoted[0] if promoted else None


def fill_free_seats(event_id):
    """Give the seats the editors added (more places, or no limit) to the waiting list, first
    come first served; returns the promoted registrations."""
    with transaction.atomic():
        _lock(event_id)
        event = EventPage.objects.get(pk=event_id)
        return _promote(event, event.places_left(event.seats_taken()))


def _promote(event, seats):
    """The first ``seats`` of the waiting list (all of it for None) take seats."""
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "confirmed_at", "pk"
    )
    promoted = list(waiting[:seats] if seats is not None else waiting)
    Registration.objects.filter(pk__in=[r.pk for r in promoted]).update(
        status=RegistrationStatus.CONFIRMED
    )
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
    return promoted
