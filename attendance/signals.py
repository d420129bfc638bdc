"""The calendar shows the feedback's averages and the event page the schools' booked times: a
new answer or booking makes the page cache stale. A deleted certificate takes its PDF along."""

from django.db.models.signals import post_delete

from site_cms.signals import refresh_on_change

from .certificates import delete_file
from .models import Certificate, Feedback, SlotBooking


def remove_file(sender, instance, **kwargs):
    delete_file(instance)


def connect():
    refresh_on_change(Feedback)
    refresh_on_change(SlotBooking)
    post_delete.connect(remove_file, sender=Certificate, dispatch_uid="attendance-certificate-file")
