"""The candidates for a school's recommendations, read in a fixed number of queries, and ranked
by ``recommendations.recommend``: the bank's live practices aimed at the school's urgent
factors, the upcoming seminars whose words fit them (``recommendations.fitting_factors``), the
leader schools of its network pairs or municipality whose confirmed profile of the same year
says «не выявлен» on a factor, and the skills the school's latest task results say to work on.
"""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from events.models import EventPage
from practices.models import PracticePage
from schools.models import NetworkPair, SchoolStatus
from skills.school_section import rates_sentence, weak_skills

from .models import FactorAssessment, Level, State
from .recommendations import (
    EventCandidate,
    Factor,
    LeaderCandidate,
    PracticeCandidate,
    SkillToImprove,
    fitting_factors,
    recommend,
)


def practice_candidates(factor_ids):
    """PracticeCandidates of the live practices aimed at any of ``factor_ids`` (four queries)."""
    pages = (
        PracticePage.objects.live()
        .public()
        .filter(risk_factors__in=factor_ids)
        .distinct()
        .prefetch_related("risk_factors", "levels", "subjects")
    )
    return [
        (
            PracticeCandidate(
                page.pk,
                page.title,
                frozenset(f.pk for f in page.risk_factors.all()),
                recommended=page.is_recommended,
                level_ids=frozenset(level.pk for level in page.levels.all()),
                subject_ids=frozenset(subject.pk for subject in page.subjects.all()),
            ),
            page,
        )
        for page in pages
    ]


def event_candidates(school, factors):
    """(EventCandidate, page) of the live events not yet over whose title, summary or audiences
    fit any of ``factors``; «for the school» when it takes part or the event is its
    municipality's (two queries)."""
    pages = (
        EventPage.objects.live()
        .public()
        .filter(series_end__gte=timezone.now())
        .annotate(
            for_school=Exists(
                EventPage.schools.through.objects.filter(
                    eventpage_id=OuterRef("pk"), school_id=school.pk
                )
            )
        )
        .prefetch_related("audiences")
        .order_by("start")
    )
    found = []
    for page in pages:
        text = " ".join([page.title, page.summary, *(a.name for a in page.audiences.all())])
        if fits := fitting_factors(factors, text):
            local = page.for_school or (
                page.municipality_id is not None and page.municipality_id == school.municipality_id
            )
            found.append((EventCandidate(page.pk, page.title, page.start, fits, local), page))
    return found


def leader_candidates(school, school_year):
    """LeaderCandidates: the school's partners in network pairs and its municipality's leader
    schools of the year, with the factors their confirmed profiles clear (three queries)."""
    paired = set(
        NetworkPair.objects.filter(supported_school=school).values_list(
            "leader_school_id", flat=True
        )
    )
    local = set(
        SchoolStatus.objects.filter(
            school_year=school_year,
            status=SchoolStatus.Status.LEADER,
            school__municipality_id=school.municipality_id,
        ).values_list("school_id", flat=True)
    )
    clear = {}
    names = {}
    rows = FactorAssessment.objects.filter(
        profile__school_id__in=(paired | local) - {school.pk},
        profile__school_year=school_year,
        profile__state=State.CONFIRMED,
        level=Level.NONE,
    ).values_list("profile__school_id", "profile__school__short_name", "factor_id")
    for school_id, name, factor_id in rows:
        clear.setdefault(school_id, set()).add(factor_id)
        names[school_id] = name
    return [
        LeaderCandidate(pk, names[pk], frozenset(factors), paired=pk in paired)
        for pk, factors in clear.items()
    ]


def skills_to_improve(school):
    """SkillToImprove of the school's latest works with task results (the skills app's reads:
    none more without task results, six with them)."""
    return [
        SkillToImprove(
            task.skill, f"{work.subject}, {work.grade} класс", work.year, rates_sentence(task)
        )
        for work, task in weak_skills(school)
        if task.described  # «Задание 7» says nothing without the work's description
    ]


def school_recommendations(school, profile):
    """The ranked FactorRecommendations of the school's profile (its assessments prefetched),
    {(kind, pk): page} of the practices and events they name, and the skills to improve."""
    urgent = [
        (Factor(a.factor_id, a.factor.name, a.factor.sort_order), a.level)
        for a in profile.assessments.all()
        if a.level in (Level.HIGH, Level.MEDIUM)
    ]
    skills = skills_to_improve(school)
    if not urgent:
        return [], {}, skills
    factors = [factor for factor, _ in urgent]
    practices = practice_candidates([factor.pk for factor in factors])
    events = event_candidates(school, factors)
    pages = {("practice", candidate.pk): page for candidate, page in practices}
    pages.update({("event", candidate.pk): page for candidate, page in events})
    ranked = recommend(
        urgent,
        [candidate for candidate, _ in practices],
        [candidate for candidate, _ in events],
        leaders=leader_candidates(school, profile.school_year),
    )
    return ranked, pages, skills
