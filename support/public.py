"""The public table «Фактор риска — меры» of a school's confirmed risk profile."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import Site

from events.models.pages import event_zone
from site_cms.kept import kept

from .models import FactorAssessment, Level, Measure, RiskProfile, State
from .recommendations import EXPLANATION
from .recommending import school_recommendations, skills_to_improve
from .state import block_state

LEVEL_ORDER = {Level.HIGH: 0, Level.MEDIUM: 1, Level.LOW: 2, Level.NONE: 3}


@dataclass
class FactorRow:
    assessment: FactorAssessment
    measures: list = field(default_factory=list)

    @property
    def lines(self):
        """The table's lines for the factor: one per measure, one saying there is none."""
        return self.measures or [None]


def latest_confirmed_profile(school):
    """The school's newest confirmed profile with its assessments and measures (three queries)."""
    return (
        RiskProfile.objects.filter(school=school, state=State.CONFIRMED)
        .order_by("-school_year")
        .prefetch_related(
            Prefetch("assessments", FactorAssessment.objects.select_related("factor")),
            Prefetch(
                "measures",
                Measure.objects.order_by("starts_on", "pk"),
            ),
        )
        .first()
    )


def factor_rows(profile):
    """Each assessed factor, the highest level first, with the measures that answer it."""
    measures = {}
    for measure in profile.measures.all():
        measures.setdefault(measure.factor_id, []).append(measure)
    assessments = sorted(
        profile.assessments.all(),
        key=lambda a: (LEVEL_ORDER[a.level], a.factor.sort_order, a.factor.name),
    )
    return [FactorRow(a, measures.get(a.factor_id, [])) for a in assessments]


def factor_measures_block(request, school):
    """The section's block (anchor, label, HTML), None without a confirmed profile. Its HTML
    is kept by the state of what it shows (``block_state``), the skills to improve (kept by
    the task results), the site its links are relative to and the day (the seminars not yet
    over)."""
    site = Site.find_for_request(request)
    data = (
        school.pk,
        school.municipality_id,
        block_state(school),
        skills_to_improve(school),
        site and (site.pk, site.root_page_id),
        timezone.localdate(),
    )
    html = kept("support-factor-measures", data, lambda: draw_block(request, school))
    return html and ("faktory-riska", "Фактор риска — меры", html)


def draw_block(request, school):
    """The block's HTML, None without a confirmed profile."""
    profile = latest_confirmed_profile(school)
    if profile is None:
        return None
    recommendations, pages, skills = school_recommendations(school, profile)
    return render_to_string(
        "support/factor_measures.html",
        {
            "profile": profile,
            "rows": factor_rows(profile),
            "recommendations": [
                (
                    item,
                    [(pages[p.pk], p) for p in item.practices if p.pk in pages],
                    [
                        (pages[e.pk], e, local_start(e, pages[e.pk]))
                        for e in item.events
                        if e.pk in pages
                    ],
                )
                for item in recommendations
            ],
            "skills": skills,
            "explanation": EXPLANATION,
        },
        request=request,
    )


def local_start(event, page):
    """The EventCandidate's start in its event's zone, as the event's own page shows it."""
    return timezone.localtime(event.starts, event_zone(page.time_zone))
