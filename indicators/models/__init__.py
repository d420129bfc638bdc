# The results come first: the page's blocks read them.
from .results import PROCEDURE_GRADES, GradingScale, ImportLog, ResultAggregate, TaskResult  # isort: skip
from .programme import IndicatorValue, Programme, ProgrammeIndicator  # isort: skip
from .pages import IndicatorPage

__all__ = [
    "PROCEDURE_GRADES",
    "GradingScale",
    "ImportLog",
    "IndicatorPage",
    "IndicatorValue",
    "Programme",
    "ProgrammeIndicator",
    "ResultAggregate",
    "TaskResult",
]
