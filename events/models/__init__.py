from .choices import EventFormat, EventType, Frequency
from .pages import EventIndexPage, EventPage, EventSlot
from .registration import Registration, RegistrationStatus
from .taxonomy import Audience, Organisation

__all__ = [
    "Audience",
    "EventFormat",
    "EventIndexPage",
    "EventPage",
    "EventSlot",
    "EventType",
    "Frequency",
    "Organisation",
    "Registration",
    "RegistrationStatus",
]
