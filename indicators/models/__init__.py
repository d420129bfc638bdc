# The results come first: the page's blocks read them.
from .results import PROCEDURE_GRADES, GradingScale, ImportLog, ResultAggregate  # isort: skip
from .pages import IndicatorPage

__all__ = ["PROCEDURE_GRADES", "GradingScale", "ImportLog", "IndicatorPage", "ResultAggregate"]
