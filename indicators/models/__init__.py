from .pages import IndicatorPage
from .programme import IndicatorValue, Programme, ProgrammeIndicator
from .results import PROCEDURE_GRADES, GradingScale, ImportLog, ResultAggregate, TaskResult

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
