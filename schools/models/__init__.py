from .context import SchoolContext, SimilarSchoolsSettings
from .pages import QualitySectionPage, SchoolIndexPage, SchoolNewsPage, SchoolPage
from .registry import Municipality, NetworkPair, School, SchoolCode, SchoolStatus, fisoko_number
from .reminders import SectionReminder

__all__ = [
    "Municipality",
    "NetworkPair",
    "QualitySectionPage",
    "School",
    "SchoolCode",
    "SchoolContext",
    "SchoolIndexPage",
    "SchoolNewsPage",
    "SchoolPage",
    "SchoolStatus",
    "SectionReminder",
    "SimilarSchoolsSettings",
    "fisoko_number",
]
