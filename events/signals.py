"""Each publication of an event raises its ICS SEQUENCE, so calendars take the new version, and
gives the seats the editors added to the waiting list, telling each promoted visitor."""

from functools import partial

from django.db import transaction
from django.db.models import F
from wagtail.signals import page_published

from . import emails, registration_flow
from .models import EventPage


def bump_sequence(sender, instance, **kwargs):
    EventPage.objects.filter(pk=instance.pk).update(sequence=F("sequence") + 1)


def fill_free_seats(sender, instance, **kwargs):
    for registration in registration_flow.fill_free_seats(instance.pk):
        transaction.on_commit(partial(emails.send_status, registration, emails.PROMOTED))


def connect():
    page_published.connect(bump_sequence, sender=EventPage, dispatch_uid="events-bump-sequence")
    page_published.connect(fill_free_seats, sender=EventPage, dispatch_uid="events-free-seats")
