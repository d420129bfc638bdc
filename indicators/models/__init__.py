from .pages import IndicatorPage
from .prepared import PreparedSchoolResults
from .programme import IndicatorValue, Programme, ProgrammeIndicator
from .results import PROCEDURE_GRADES, GradingScale, ImportLog, ResultAggregate, TaskResult

__all__ = [
    "PROCEDURE_GRADES",
    "GradingScale",
    "ImportLog",
    "IndicatorPage",
    "IndicatorValue",
    "PreparedSchoolResults",
    "Programme",
    "ProgrammeIndicator",
    "ResultAggregate",
    "TaskResult",
]
