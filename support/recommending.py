"""The candidates for a school's recommendations, read in a fixed number of queries, and ranked
by ``recommendations.recommend``: the bank's live practices aimed at the school's urgent
factors, the upcoming seminars whose words fit them (``recommendations.fitting_factors``), the
leader schools of its network pairs or municipality whose confirmed profile of the same year
says «не выявлен» on a factor, and the skills the school's latest task results say to work on.
"""

from django.db.models import BooleanField, ExpressionWrapper, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from events.models import EventPage
from practices.models import PracticePage, RiskFactor
from schools.models import NetworkPair, SchoolStatus
from site_cms import page_cache
from skills.school_section import rates_sentence, weak_skills

from .models import FactorAssessment, Level, State
from .recommendations import (
    PER_FACTOR,
    EventCandidate,
    Factor,
    LeaderCandidate,
    PracticeCandidate,
    SkillToImprove,
    fitting_factors,
    recommend,
)

THEMES_KEPT_SECONDS = 24 * 60 * 60


def practice_candidates(factor_ids, per_factor=PER_FACTOR):
    """PracticeCandidates of the live practices aimed at ``factor_ids``: for each factor only
    the ``per_factor`` that ``recommend`` would show (recommended by the experts first, then by
    title), chosen by the database in one query; a bank of thousands is never read whole."""
    through = PracticePage.risk_factors.through
    unrecommended = ExpressionWrapper(
        Q(practicepage__expert_conclusion_date__isnull=True), output_field=BooleanField()
    )
    rows = (
        through.objects.filter(
            riskfactor_id__in=factor_ids,
            practicepage_id__in=PracticePage.objects.live().public().values("pk"),
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("riskfactor_id"),
                order_by=[unrecommended.asc(), F("practicepage__title").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=per_factor)
        .values_list(
            "practicepage_id",
            "practicepage__title",
            "practicepage__expert_conclusion_date",
            "riskfactor_id",
        )
    )
    found = {}
    for pk, title, conclusion_date, factor_id in rows:
        found.setdefault((pk, title, conclusion_date is not None), set()).add(factor_id)
    return [
        PracticeCandidate(pk, title, frozenset(factors), recommended=recommended)
        for (pk, title, recommended), factors in found.items()
    ]


def event_candidates(school, factors):
    """EventCandidates of the live events not yet over whose title, summary or audiences fit
    any of ``factors``; «for the school» when it takes part or the event is its
    municipality's. The events' themes are kept (``upcoming_event_themes``); a request reads
    only the events the school takes part in (one query)."""
    now = timezone.now()
    wanted = frozenset(factor.pk for factor in factors)
    taking_part = set(
        EventPage.schools.through.objects.filter(school_id=school.pk).values_list(
            "eventpage_id", flat=True
        )
    )
    found = []
    for pk, title, start, series_end, municipality_id, themes in upcoming_event_themes():
        if (fits := themes & wanted) and series_end >= now:
            local = pk in taking_part or (
                municipality_id is not None and municipality_id == school.municipality_id
            )
            found.append(EventCandidate(pk, title, start, fits, local))
    return found


def upcoming_event_themes():
    """(pk, title, start, series end, municipality pk, factor pks) of the live public events
    not yet over whose words fit any risk factor, soonest first. Matching a calendar of
    thousands against the factors costs a tenth of a second, so it is kept until the next
    publication or snippet edit (pages and factors change only so), for a day at most."""
    return page_cache.cached_while_published(
        "support-event-themes", _event_themes, seconds=THEMES_KEPT_SECONDS
    )


def _event_themes():
    factors = [
        Factor(pk, name, order)
        for pk, name, order in RiskFactor.objects.values_list("pk", "name", "sort_order")
    ]
    events = (
        EventPage.objects.live().public().filter(series_end__gte=timezone.now()).order_by("start")
    )
    audiences = {}
    names = EventPage.audiences.through.objects.filter(eventpage_id__in=events.values("pk"))
    for event_id, name in names.values_list("eventpage_id", "audience__name"):
        audiences.setdefault(event_id, []).append(name)
    themes = []
    rows = events.values_list("pk", "title", "summary", "start", "series_end", "municipality_id")
    for pk, title, summary, start, series_end, municipality_id in rows:
        if fits := fitting_factors(factors, " ".join([title, summary, *audiences.get(pk, ())])):
            themes.append((pk, title, start, series_end, municipality_id, fits))
    return themes


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
    ranked = recommend(
        urgent,
        practice_candidates([factor.pk for factor in factors]),
        event_candidates(school, factors),
        leaders=leader_candidates(school, profile.school_year),
    )
    return ranked, chosen_pages(ranked), skills


def chosen_pages(ranked):
    """{(kind, pk): page} of the practices and events the recommendations name (two queries)."""
    practice_ids = {p.pk for item in ranked for p in item.practices}
    event_ids = {e.pk for item in ranked for e in item.events}
    practices = PracticePage.objects.filter(pk__in=practice_ids)
    pages = {("practice", page.pk): page for page in practices}
    pages.update({("event", page.pk): page for page in EventPage.objects.filter(pk__in=event_ids)})
    return pages
