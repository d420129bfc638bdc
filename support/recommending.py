"""The candidates for a school's recommendations, read in a fixed number of queries, and ranked
by ``recommendations.recommend``: the bank's live practices aimed at the school's urgent
factors, and the leader schools of its network pairs or municipality whose confirmed profile
of the same year says «не выявлен» on a factor.

Seminars are not read yet: a seminar names no risk factor, so whether its theme fits one is
not known (see docs/support-cycle.md).
"""

from practices.models import PracticePage
from schools.models import NetworkPair, SchoolStatus

from .models import FactorAssessment, Level, State
from .recommendations import Factor, LeaderCandidate, PracticeCandidate, recommend


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


def school_recommendations(school, profile):
    """The ranked FactorRecommendations of the school's profile (its assessments prefetched)
    and {practice pk: its page}."""
    urgent = [
        (Factor(a.factor_id, a.factor.name, a.factor.sort_order), a.level)
        for a in profile.assessments.all()
        if a.level in (Level.HIGH, Level.MEDIUM)
    ]
    if not urgent:
        return [], {}
    practices = practice_candidates([factor.pk for factor, _ in urgent])
    pages = {candidate.pk: page for candidate, page in practices}
    ranked = recommend(
        urgent,
        [candidate for candidate, _ in practices],
        leaders=leader_candidates(school, profile.school_year),
    )
    return ranked, pages
