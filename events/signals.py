"""Each publication of an event raises its ICS SEQUENCE, so calendars take the new version."""

from django.db.models import F
from wagtail.signals import page_published

from .models import EventPage


def bump_sequence(sender, instance, **kwargs):
    EventPage.objects.filter(pk=instance.pk).update(sequence=F("sequence") + 1)


def connect():
    page_published.connect(bump_sequence, sender=EventPage, dispatch_uid="events-bump-sequence")
