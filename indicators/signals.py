"""The programme rows that public pages show make the page cache stale when they change."""

from site_cms.signals import refresh_on_change

from .models import IndicatorValue, Programme, ProgrammeIndicator


def connect():
    # The «Показатель и цель» blocks draw an indicator's values against its target. Results
    # (ResultAggregate) change only by imports, which make the cache stale themselves.
    refresh_on_change(Programme, ProgrammeIndicator, IndicatorValue)
