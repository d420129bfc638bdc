"""The candidates for a school's recommendations, read in a fixed number of queries, and ranked
by ``recommendations.recommend``: the bank's live practices aimed at the school's urgent
factors, the upcoming seminars whose words fit them (``recommendations.fitting_factors``), the
leader schools of its network pairs or municipality whose confirmed profile of the same year
says «не выявлен» on a factor, and the skills the school's latest task results say to work on.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from events.models import EventPage
from indicators.charts.prepared import kept, latest_values
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


def practice_candidates(factor_ids):
    """PracticeCandidates of the live public practices aimed at ``factor_ids``: for each factor
    only the ``PER_FACTOR`` that ``recommend`` would show (``ranked_practices``)."""
    ranked = kept("support-factor-practices", practices_state(), ranked_practices)
    found = {}
    for factor_id in factor_ids:
        for practice in ranked.get(factor_id, ()):
            found.setdefault(practice, set()).add(factor_id)
    return [
        PracticeCandidate(pk, title, frozenset(factors), recommended=recommended)
        for (pk, title, recommended), factors in found.items()
    ]


def practices_state():
    """What changes whenever the bank's live public practices do, in two queries on indexes:
    publishing one (its title, factors or expert conclusion) stamps it, unpublishing or deleting
    one changes the count of live ones, and a restriction is added or removed. The ranking of
    every school's factors is kept by it, not by the publication counter: a publication
    elsewhere on the site leaves it as it is."""
    practices = Page.objects.filter(
        live=True, content_type=ContentType.objects.get_for_model(PracticePage)
    ).aggregate(count=Count("pk"), newest=Max("last_published_at"))
    restrictions = latest_values(
        (PageViewRestriction, "COUNT", "id"), (PageViewRestriction, "MAX", "id")
    )
    return (practices["count"], practices["newest"], restrictions, PER_FACTOR)


def ranked_practices(per_factor=PER_FACTOR):
    """{factor pk: ((pk, title, recommended), …)}: for every factor the ``per_factor`` live
    public practices aimed at it that ``recommend`` would show (recommended by the experts
    first, then by title), chosen by the database in one query; a bank of thousands is never
    read whole."""
    through = PracticePage.risk_factors.through
    unrecommended = ExpressionWrapper(
        Q(practicepage__expert_conclusion_date__isnull=True), output_field=BooleanField()
    )
    rows = (
        through.objects.filter(
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
            "riskfactor_id",
            "practicepage_id",
            "practicepage__title",
            "practicepage__expert_conclusion_date",
        )
        .order_by("riskfactor_id", "rank")
    )
    ranked = {}
    for factor_id, pk, title, conclusion_date in rows:
        ranked.setdefault(factor_id, []).append((pk, title, conclusion_date is not None))
    return {factor_id: tuple(practices) for factor_id, practices in ranked.items()}


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
    schools of the year, with the factors their confirmed profiles clear (one query)."""
    paired = NetworkPair.objects.filter(supported_school=school).values("leader_school_id")
    local = SchoolStatus.objects.filter(
        school_year=school_year,
        status=SchoolStatus.Status.LEADER,
        school__municipality_id=school.municipality_id,
    ).values("school_id")
    rows = (
        FactorAssessment.objects.filter(
            Q(profile__school_id__in=paired) | Q(profile__school_id__in=local),
            profile__school_year=school_year,
            profile__state=State.CONFIRMED,
            level=Level.NONE,
        )
        .exclude(profile__school_id=school.pk)
        .annotate(paired=Exists(paired.filter(leader_school_id=OuterRef("profile__school_id"))))
        .values_list("profile__school_id", "profile__school__short_name", "paired", "factor_id")
    )
    clear = {}
    for school_id, name, is_paired, factor_id in rows:
        clear.setdefault((school_id, name, is_paired), set()).add(factor_id)
    return [
        LeaderCandidate(pk, name, frozenset(factors), paired=is_paired)
        for (pk, name, is_paired), factors in clear.items()
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
    {pk: page} of the practices and events they name (their URLs and the events' zones), and
    the skills to improve."""
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
    """{pk: page} of the practices and events the recommendations name, live and public now
    (a kept ranking may not have seen a practice moved under a restricted section): what a
    link needs (the URL's path) and an event's zone (``time_zone``, None for a practice); the
    titles and dates come with the candidates."""
    pks = {page.pk for item in ranked for page in (*item.practices, *item.events)}
    pages = (
        Page.objects.filter(pk__in=pks)
        .live()
        .public()
        .annotate(time_zone=F("eventpage__time_zone"))
        .only("url_path")
    )
    return {page.pk: page for page in pages}
