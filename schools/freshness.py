"""How fresh each school's «Повышение качества образования» section is."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings

from .models import QualitySectionPage


@dataclass(frozen=True)
class SectionFreshness:
    section: QualitySectionPage
    last_update: object
    days_since_update: int | None
    is_stale: bool


def section_freshness(now, stale_after_days=None):
    """Every school section with its newest publication, the stalest (or never updated) first."""
    stale_after = timedelta(days=stale_after_days or settings.SCHOOL_SECTION_STALE_DAYS)
    sections = QualitySectionPage.objects.with_last_update().select_related("owner")
    rows = []
    for section in sections:
        last = section.last_update
        age = now - last if last else None
        rows.append(
            SectionFreshness(
                section=section,
                last_update=last,
                days_since_update=age.days if age is not None else None,
                is_stale=age is None or age > stale_after,
            )
        )
    return sorted(rows, key=lambda row: (row.last_update is not None, row.last_update))
