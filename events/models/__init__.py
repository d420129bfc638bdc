from .choices import EventFormat, EventType, Frequency
from .pages import EventException, EventIndexPage, EventPage, EventSlot
from .registration import Registration, RegistrationStatus
from .taxonomy import Audience, Organisation

__all__ = [
    "Audience",
    "EventException",
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
