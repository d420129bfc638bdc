from .pages import QualitySectionPage, SchoolIndexPage, SchoolNewsPage, SchoolPage
from .registry import Municipality, NetworkPair, School, SchoolCode, SchoolStatus, fisoko_number
from .reminders import SectionReminder

__all__ = [
    "Municipality",
    "NetworkPair",
    "QualitySectionPage",
    "School",
    "SchoolCode",
    "SchoolIndexPage",
    "SchoolNewsPage",
    "SchoolPage",
    "SchoolStatus",
    "SectionReminder",
    "fisoko_number",
]
