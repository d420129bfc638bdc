"""The registrations that attendance is about: the event's confirmed ones."""

from events.models import RegistrationStatus


def confirmed(event):
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED)
