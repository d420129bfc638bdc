"""How fresh each school's «Повышение качества образования» section is.

A section's last update is the newest publication in it or in any page below it. A section
not updated for longer than the period, or never published at all, is stale.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Left, Length
from django.utils import timezone
from wagtail.models import Page

from site_cms.templatetags.russian_tags import ru_plural

from .models import QualitySectionPage, School

STALE_LABEL = "Требует обновления"
FRESH_LABEL = "Актуален"


@dataclass(frozen=True)
class SectionFreshness:
    section_id: int
    section_title: str
    school_id: int
    school_name: str
    municipality_name: str
    last_update: datetime | None
    days_since_update: int | None
    is_stale: bool

    @property
    def state(self):
        return STALE_LABEL if self.is_stale else FRESH_LABEL

    @property
    def last_update_date(self):
        return timezone.localdate(self.last_update) if self.last_update else None

    @property
    def age(self):
        """«45 дней»: how long ago the section was last updated."""
        return days_ru(self.days_since_update) if self.last_update else ""


def days_ru(number):
    """The number with «день» agreed in Russian: «1 день», «3 дня», «30 дней», «21 день»."""
    return f"{number} {ru_plural(number, 'день,дня,дней')}"


def _school_of_section(field):
    """``field`` of the school whose page is the section's parent (one path lookup)."""
    parent_path = Left(OuterRef("path"), Length(OuterRef("path")) - Page.steplen)
    schools = School.objects.filter(page__path=parent_path).order_by()
    return Subquery(schools.values(field)[:1])


def sections_by_staleness(now, stale_after_days):
    """One query over every school section, the stalest (never updated) first.

    Besides the row fields it annotates ``municipality_id`` for filtering; ``is_stale`` is
    computed by the database so that the report can filter on it too.
    """
    cutoff = now - timedelta(days=stale_after_days)
    return (
        QualitySectionPage.objects.with_last_update()
        .annotate(
            school_id=_school_of_section("pk"),
            school_name=_school_of_section("short_name"),
            municipality_id=_school_of_section("municipality_id"),
            municipality_name=_school_of_section("municipality__name"),
            # NULL (never updated) fails the comparison, so it is stale too.
            is_stale=Case(When(last_update__gte=cutoff, then=Value(False)), default=Value(True)),
        )
        .order_by(F("last_update").asc(nulls_first=True), "municipality_name", "school_name")
        .values(
            "school_id",
            "school_name",
            "municipality_name",
            "last_update",
            "is_stale",
            section_id=F("pk"),
            section_title=F("title"),
        )
    )


def freshness_rows(sections, now):
    """Rows of the report from ``sections_by_staleness`` (possibly filtered or paginated)."""
    return [
        SectionFreshness(
            **values,
            days_since_update=(now - values["last_update"]).days if values["last_update"] else None,
        )
        for values in sections
    ]


def section_freshness(now, stale_after_days):
    """Every school section with its last update and stale flag, the stalest first."""
    return freshness_rows(sections_by_staleness(now, stale_after_days), now)
