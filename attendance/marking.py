"""Saving attendance, all or nothing: the editor's checkboxes or a parsed platform report.

Unmarking a participant revokes their certificate (it stops verifying); their feedback stays.
After either, an ended event's new attendees get their certificates (``certificates.issue``).
"""

from dataclasses import dataclass

from django.db import transaction

from . import certificates
from .models import Attendance, AttendanceSource, Certificate
from .registrations import confirmed


@dataclass(frozen=True)
class Marked:
    added: int
    removed: int
    issued: int


@transaction.atomic
def mark(event, present_ids):
    """Exactly the confirmed registrations among ``present_ids`` are marked present."""
    present = set(confirmed(event).filter(pk__in=present_ids).values_list("pk", flat=True))
    existing = Attendance.objects.filter(registration__event=event)
    removed = existing.exclude(registration_id__in=present)
    # One by one through the signal: each revoked certificate takes its PDF along.
    Certificate.objects.filter(attendance__in=removed).delete()
    removed_count, _ = removed.delete()
    have = set(existing.values_list("registration_id", flat=True))
    added = Attendance.objects.bulk_create(
        Attendance(registration_id=pk, source=AttendanceSource.MANUAL) for pk in present - have
    )
    return Marked(len(added), removed_count, certificates.issue(event))


@transaction.atomic
def import_report(event, present):
    """Mark the registrations of ``present`` ({registration id: minutes}, confirmed ones of
    the event, as ``importing.parse_rows`` found them); those marked already keep their mark
    and get the report's minutes."""
    existing = list(
        Attendance.objects.filter(registration__event=event, registration_id__in=present)
    )
    for attendance in existing:
        attendance.minutes = present[attendance.registration_id]
    Attendance.objects.bulk_update(existing, ["minutes"])
    have = {attendance.registration_id for attendance in existing}
    added = Attendance.objects.bulk_create(
        Attendance(registration_id=pk, minutes=minutes, source=AttendanceSource.IMPORT)
        for pk, minutes in present.items()
        if pk not in have
    )
    return Marked(len(added), 0, certificates.issue(event))
