"""What the bench measures. Later features append their scenarios to SCENARIOS.

A scenario's `path` is either a fixed string or a function that finds the URL in the bench
database at run time (returning None skips the scenario with its `skip_note`). `prepare`, when
given, adds data to the bench database before the server starts. Both functions run inside
Django, set up against the bench database, so they import models in their body.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str | Callable[[], str | None]
    target_p95_ms: float | None = None
    expected_status: int = 200
    # Append a different query string to every request, so the whole-page cache never hits.
    unique_query: bool = False
    prepare: Callable[[], None] | None = None
    skip_note: str = ""
    # Settings (environment variables) of a server of its own, e.g. the caches switched off.
    environment: dict[str, str] = field(default_factory=dict)
    # The server's CPU time per request it may take (measured from its workers' /proc
    # counters): in milliseconds, or as a multiple of the trivial view's (cached pages).
    target_cpu_ms: float | None = None
    target_cpu_trivial: float | None = None


# A page drawn as its first visitor after a publication gets it: neither the whole page nor
# anything drawn for it (charts, counts, recommendations) is kept. What every page draws (the
# site, the menus) is: after a publication the first request to any page recomputes it for
# all of them. The search keeps its answers, so that «answer kept» still means it; «new query»
# switches them off too.
UNCACHED = {
    "PUBLIC_PAGE_CACHE_SECONDS": "0",
    "SHARED_PARTS_CACHE_SECONDS": "600",
    "SEARCH_RESULTS_CACHE_SECONDS": "600",
}
# Every page type costs at most this many CPU-ms per request uncached, unless it says otherwise.
UNCACHED_CPU_MS = 25
# A page from the page cache costs at most this multiple of the trivial view.
CACHED_CPU_TRIVIAL = 1.5
TRIVIAL_NAME = "trivial view (the floor for cached pages)"


def cached(name, path, **options):
    """A page as visitors get it, from the page cache after the first request."""
    return Scenario(name, path, target_cpu_trivial=CACHED_CPU_TRIVIAL, **options)


def uncached(name, path, target_cpu_ms=UNCACHED_CPU_MS, **options):
    """The page drawn on every request, as after a publication (``UNCACHED``)."""
    return Scenario(
        f"{name}, uncached",
        path,
        unique_query=True,
        environment=UNCACHED,
        target_cpu_ms=target_cpu_ms,
        **options,
    )


def first_standard_page_path():
    from site_cms.models import StandardPage

    page = StandardPage.objects.live().public().order_by("path").first()
    if page is None:
        return None
    _site_id, _root_url, path = page.get_url_parts()
    return path


SCENARIOS = [
    # First: the cached pages' targets are multiples of its CPU time.
    Scenario(TRIVIAL_NAME, "/bench/trivial/"),
    cached("home page", "/", target_p95_ms=50),
    uncached("home page", "/", target_p95_ms=300),
    cached(
        "standard page",
        first_standard_page_path,
        target_p95_ms=50,
        skip_note="no live StandardPage in the bench database",
    ),
    # The part of every uncached figure below that is not the page's own: routing, the base
    # template, a text and an image.
    uncached(
        "standard page",
        first_standard_page_path,
        target_p95_ms=300,
        skip_note="no live StandardPage in the bench database",
    ),
    cached("search", "/search/?q=школа", target_p95_ms=50),
    uncached("search", "/search/?q=школа", target_p95_ms=300),
    # Not kept (only pages answered 200 are): drawn on every request.
    Scenario(
        "404 page",
        "/bench-no-such-page/",
        target_p95_ms=100,
        expected_status=404,
        target_cpu_ms=UNCACHED_CPU_MS,
    ),
]


# --- Schools ----------------------------------------------------------------------------------

BENCH_SCHOOLS = 300
BENCH_MUNICIPALITIES = 12
DEMO_SCHOOL = "МОУ «Джатиевская ООШ»"


def add_schools():
    """Fill the registry up to BENCH_SCHOOLS schools, each with a live page and section.

    Registry rows are bulk-created. Pages are added as provisioning leaves them on the public
    site (a live school page with its section), but without revisions, groups and collections:
    those take ~90 ms a school through ``provision_school`` and change nothing the public pages
    render; this way 300 schools take a few seconds.
    """
    from django.db import transaction
    from django.utils import timezone

    from schools.models import (
        Municipality,
        QualitySectionPage,
        School,
        SchoolCode,
        SchoolIndexPage,
        SchoolPage,
        SchoolStatus,
        fisoko_number,
    )
    from schools.provisioning import SECTION_SLUG, SECTION_TITLE

    index = SchoolIndexPage.objects.first()
    missing = BENCH_SCHOOLS - School.objects.count()
    if index is None or missing <= 0:
        return
    kinds = [kind for kind, _label in School.Kind.choices if kind != School.Kind.OTHER]
    statuses = [choice for choice, _label in SchoolStatus.Status.choices] + [None, None]
    now = timezone.now()
    with transaction.atomic():
        municipalities = Municipality.objects.bulk_create(
            Municipality(name=f"Бенч-район {n + 1}", region="Бенч-область")
            for n in range(BENCH_MUNICIPALITIES)
        )
        schools = School.objects.bulk_create(
            School(
                short_name=f"МОУ «Бенч-школа № {n + 1}»",
                kind=kinds[n % len(kinds)],
                municipality=municipalities[n % len(municipalities)],
                settlement=School.Settlement.RURAL if n % 2 else School.Settlement.URBAN,
            )
            for n in range(missing)
        )
        codes = [f"sch99{n:04d}" for n in range(missing)]
        SchoolCode.objects.bulk_create(
            SchoolCode(school=school, code=code, number=fisoko_number(code))
            for school, code in zip(schools, codes, strict=True)
        )
        SchoolStatus.objects.bulk_create(
            SchoolStatus(school=school, school_year=2023, status=status, order_number="1")
            for n, school in enumerate(schools)
            if (status := statuses[n % len(statuses)])
        )
        for school in schools:
            page = SchoolPage(
                title=school.short_name,
                slug=f"bench-school-{school.pk}",
                school=school,
                first_published_at=now,
                last_published_at=now,
            )
            index.add_child(instance=page)
            page.add_child(
                instance=QualitySectionPage(
                    title=SECTION_TITLE,
                    slug=SECTION_SLUG,
                    first_published_at=now,
                    last_published_at=now,
                )
            )
    print(f"bench: {School.objects.count()} schools in the registry, each with a page")


def school_index_path():
    from schools.models import SchoolIndexPage

    index = SchoolIndexPage.objects.live().first()
    return index.get_url_parts()[2] if index else None


def demo_school_page_path():
    """The demo school's page, else the first live school page; one whose school has task
    results, so the page's heaviest part, the skills section, is measured."""
    from schools.models import SchoolPage

    pages = SchoolPage.objects.live().filter(school__results__tasks__isnull=False).distinct()
    page = pages.filter(school__short_name=DEMO_SCHOOL).first() or pages.order_by("path").first()
    return page.get_url_parts()[2] if page else None


def demo_quality_section_path():
    """The «Повышение качества образования» section of the measured school page."""
    from schools.models import QualitySectionPage

    school_path = demo_school_page_path()
    sections = QualitySectionPage.objects.live().order_by("path")
    section = next(
        (page for page in sections if page.get_url_parts()[2].startswith(school_path or "-")),
        None,
    )
    return section.get_url_parts()[2] if section else None


def indicator_page_path():
    """The «Показатели» page: the region's charts and the programmes' indicators."""
    from indicators.models import IndicatorPage

    page = IndicatorPage.objects.live().public().order_by("path").first()
    return page.get_url_parts()[2] if page else None


NO_SCHOOL_INDEX = "no live SchoolIndexPage in the bench database"
NO_SCHOOL_PAGE = "no live SchoolPage with task results in the bench database"
NO_SECTION = "the measured school page has no live quality section"
NO_INDICATOR_PAGE = "no live IndicatorPage in the bench database"
SCHOOL_INDEX = f"school index, {BENCH_SCHOOLS} schools"
SCHOOL_PAGE = "school page with task results"
QUALITY_SECTION = "quality section of that school"
INDICATOR_PAGE = "«Показатели» page"

SCENARIOS += [
    cached(
        SCHOOL_INDEX,
        school_index_path,
        target_p95_ms=60,
        prepare=add_schools,
        skip_note=NO_SCHOOL_INDEX,
    ),
    uncached(SCHOOL_INDEX, school_index_path, target_p95_ms=300, skip_note=NO_SCHOOL_INDEX),
    cached(SCHOOL_PAGE, demo_school_page_path, target_p95_ms=60, skip_note=NO_SCHOOL_PAGE),
    uncached(SCHOOL_PAGE, demo_school_page_path, target_p95_ms=300, skip_note=NO_SCHOOL_PAGE),
    cached(QUALITY_SECTION, demo_quality_section_path, skip_note=NO_SECTION),
    uncached(QUALITY_SECTION, demo_quality_section_path, target_cpu_ms=20, skip_note=NO_SECTION),
    cached(INDICATOR_PAGE, indicator_page_path, skip_note=NO_INDICATOR_PAGE),
    uncached(INDICATOR_PAGE, indicator_page_path, target_cpu_ms=30, skip_note=NO_INDICATOR_PAGE),
]


# --- Events -----------------------------------------------------------------------------------

BENCH_EVENTS = 2000
BENCH_MONTH = "2026-12"


def add_events():
    """Fill the calendar up to BENCH_EVENTS live events spread over the 2026/2027 school year.

    ``add_child`` takes ~115 s for 2,000 pages, most of it in the search and reference index
    updates each save triggers. Here those updates are off (the calendar does not use the
    search index; the bench events stay out of site search), treebeard's paths are computed
    from the last child's, pages are saved without validation or revisions (the public pages
    render the live rows), the child count is set once and audiences are bulk-created.
    """
    import datetime
    import zoneinfo

    from django.db import transaction
    from django.db.models.signals import post_save
    from django.utils import timezone
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from events.models import Audience, EventIndexPage, EventPage

    index = EventIndexPage.objects.first()
    missing = BENCH_EVENTS - EventPage.objects.count()
    if index is None or missing <= 0:
        return
    tz = zoneinfo.ZoneInfo("Europe/Moscow")
    first = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=tz)
    kinds = ["seminar", "webinar", "conference", "master-class", "meeting", "visit"]
    formats = ["in-person", "online", "mixed"]
    audiences = list(Audience.objects.all())
    now = timezone.now()
    links = []
    last = index.get_last_child()
    step = last._get_lastpos_in_path() if last else 0
    post_save.disconnect(post_save_signal_handler, sender=EventPage)
    with transaction.atomic(), disable_reference_index_auto_update():
        for n in range(missing):
            start = first + datetime.timedelta(days=n % 300, hours=n % 8)
            page = EventPage(
                title=f"Бенч-семинар № {n + 1}",
                slug=f"bench-event-{n + 1}",
                event_type=kinds[n % len(kinds)],
                event_format=formats[n % len(formats)],
                start=start,
                end=start + datetime.timedelta(hours=2),
                summary="Разбор результатов оценочных процедур и практик школ.",
                first_published_at=now,
                last_published_at=now,
                depth=index.depth + 1,
                path=EventPage._get_path(index.path, index.depth + 1, step + n + 1),
                locale_id=index.locale_id,
                numchild=0,
            )
            page.save(clean=False)
            links += [
                EventPage.audiences.through(eventpage=page, audience=audience)
                for audience in audiences[n % 3 :: 3]
            ]
        EventPage.audiences.through.objects.bulk_create(links)
        index.numchild = index.get_children().count()
        index.save(update_fields=["numchild"], clean=False)
    post_save.connect(post_save_signal_handler, sender=EventPage)
    print(f"bench: {EventPage.objects.count()} events in the calendar")


def calendar_path(query=""):
    def path():
        from events.models import EventIndexPage

        index = EventIndexPage.objects.live().first()
        return index.get_url_parts()[2] + query if index else None

    return path


NO_CALENDAR = "no live EventIndexPage in the bench database"
CALENDAR_LIST = f"calendar list, {BENCH_EVENTS} events"
CALENDAR_MONTH = f"calendar month, {BENCH_EVENTS} events"
MONTH_QUERY = f"?view=month&month={BENCH_MONTH}"

SCENARIOS += [
    cached(
        CALENDAR_LIST, calendar_path(), target_p95_ms=60, prepare=add_events, skip_note=NO_CALENDAR
    ),
    cached(CALENDAR_MONTH, calendar_path(MONTH_QUERY), target_p95_ms=60, skip_note=NO_CALENDAR),
    uncached(CALENDAR_LIST, calendar_path(), target_p95_ms=300, skip_note=NO_CALENDAR),
    uncached(CALENDAR_MONTH, calendar_path(MONTH_QUERY), target_p95_ms=300, skip_note=NO_CALENDAR),
]


# --- Practices bank ---------------------------------------------------------------------------

BENCH_PRACTICES = 5000
BANK_FILTER = "?level=ooo&direction=formiruyushchee-otsenivanie"


def bench_bank():
    """The demo's bank page, or a new one under the home page when the demo has none."""
    from wagtail.models import Site

    from practices.models import PracticeIndexPage

    bank = PracticeIndexPage.objects.first()
    if bank is None:
        home = Site.objects.get(is_default_site=True).root_page
        bank = PracticeIndexPage(title="Банк лучших практик", slug="praktiki")
        home.add_child(instance=bank)
        bank.save_revision().publish()
    return bank


def add_practices():
    """Fill the bank up to BENCH_PRACTICES live practices spread over every facet.

    As for the events: search and reference index updates off, treebeard paths computed from
    the last child's, pages saved without validation or revisions, relations bulk-created, the
    child count set once. Schools are the registry's (300 after ``add_schools``).
    """
    import datetime

    from django.db import transaction
    from django.db.models.signals import post_save
    from django.utils import timezone
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from curriculum.models import EducationLevel, Subject
    from practices.models import Direction, Kind, PracticePage, RiskFactor
    from schools.models import School

    bank = bench_bank()
    missing = BENCH_PRACTICES - PracticePage.objects.count()
    schools = list(School.objects.values_list("pk", flat=True))
    if missing <= 0 or not schools:
        return
    kinds = list(Kind.values)
    terms = {
        "levels": list(EducationLevel.objects.values_list("pk", flat=True)),
        "subjects": list(Subject.objects.values_list("pk", flat=True)),
        "directions": list(Direction.objects.values_list("pk", flat=True)),
        "risk_factors": list(RiskFactor.objects.values_list("pk", flat=True)),
    }
    description = [{"type": "paragraph", "value": "<p>Учителя планируют уроки вместе.</p>"}]
    now = timezone.now()
    last = bank.get_last_child()
    step = last._get_lastpos_in_path() if last else 0
    links = {name: [] for name in terms}
    post_save.disconnect(post_save_signal_handler, sender=PracticePage)
    with transaction.atomic(), disable_reference_index_auto_update():
        for n in range(missing):
            published = now - datetime.timedelta(hours=n)
            page = PracticePage(
                title=f"Бенч-практика № {n + 1}",
                slug=f"bench-practice-{n + 1}",
                annotation="Как школа подняла результаты по математике за два года.",
                kind=kinds[n % len(kinds)],
                school_id=schools[n % len(schools)],
                problem="Низкие результаты ВПР.",
                description=description,
                expert_conclusion_date=datetime.date(2026, 5, 1) if n % 7 == 0 else None,
                first_published_at=published,
                last_published_at=published,
                depth=bank.depth + 1,
                path=PracticePage._get_path(bank.path, bank.depth + 1, step + n + 1),
                locale_id=bank.locale_id,
                numchild=0,
            )
            page.save(clean=False)
            for name, pks in terms.items():
                chosen = {pks[n % len(pks)], pks[(n * 7 + 3) % len(pks)]}
                field = PracticePage._meta.get_field(name).m2m_reverse_field_name()
                through = getattr(PracticePage, name).through
                links[name] += [through(practicepage=page, **{f"{field}_id": pk}) for pk in chosen]
        for name, rows in links.items():
            getattr(PracticePage, name).through.objects.bulk_create(rows)
        bank.numchild = bank.get_children().count()
        bank.save(update_fields=["numchild"], clean=False)
    post_save.connect(post_save_signal_handler, sender=PracticePage)
    print(f"bench: {PracticePage.objects.count()} practices in the bank")


def bank_path(query=""):
    def path():
        from practices.models import PracticeIndexPage

        bank = PracticeIndexPage.objects.live().first()
        return bank.get_url_parts()[2] + query if bank else None

    return path


def practice_page_path():
    from practices.models import PracticePage

    # A demo practice (with its materials and authors) rather than a bare bench one.
    practices = PracticePage.objects.live().public()
    page = practices.exclude(slug__startswith="bench-").order_by("path").first()
    page = page or practices.order_by("path").first()
    return page.get_url_parts()[2] if page else None


NO_BANK = "no live PracticeIndexPage in the bench database"
NO_PRACTICE = "no live PracticePage in the bench database"
BANK = f"practices bank, {BENCH_PRACTICES} practices, two facets"

SCENARIOS += [
    cached(
        BANK, bank_path(BANK_FILTER), target_p95_ms=80, prepare=add_practices, skip_note=NO_BANK
    ),
    uncached(BANK, bank_path(BANK_FILTER), target_p95_ms=300, skip_note=NO_BANK),
    cached("practice page", practice_page_path, target_p95_ms=50, skip_note=NO_PRACTICE),
    uncached("practice page", practice_page_path, target_p95_ms=300, skip_note=NO_PRACTICE),
]


# --- Search ---------------------------------------------------------------------------------

# Five searches a teacher makes, over 5,000 practices, 2,000 events and 1,000 materials: served
# as visitors get them (repeated searches come from the page cache), then with the page cache
# bypassed, so that each request reaches the search backend and renders the page.
SEARCH_QUERIES = [
    "/search/?q=оцениванию",
    "/search/?q=школы с низкими результатами",
    "/search/?q=читательская грамотность&tab=practice&level=ooo",
    "/search/?q=индивидуальный образовательный маршрут&tab=event",
    "/search/?q=наставничество молодых учителей&page=2",
]


def add_search_data():
    """The search bench's content, then the index rebuilt as ``search_index --rebuild`` does."""
    from django.core.management import call_command
    from search_data import add_search_data as add_content

    add_content()
    call_command("search_index", "--rebuild")


# Answers are not kept: every request searches the index, as for a query nobody asked before.
SEARCH_EVERY_TIME = {**UNCACHED, "SEARCH_RESULTS_CACHE_SECONDS": "0"}


def search_scenario_name(query, variant=""):
    return f"search «{query.split('=', 1)[1]}»" + (f", {variant}" if variant else "")


# Each query three ways: as visitors get it (the page cache); with the caches off
# (``UNCACHED``), so that the page is rendered over the answer kept for the query's words; and a
# new query, searched and rendered on every request (no page cache and no answer kept).
SCENARIOS += [
    cached(
        search_scenario_name(query),
        query,
        target_p95_ms=40,
        prepare=add_search_data if number == 0 else None,
    )
    for number, query in enumerate(SEARCH_QUERIES)
]
SCENARIOS += [
    Scenario(
        search_scenario_name(query, "answer kept"),
        query,
        target_p95_ms=40,
        unique_query=True,
        environment=UNCACHED,
        target_cpu_ms=UNCACHED_CPU_MS,
    )
    for query in SEARCH_QUERIES
]
SCENARIOS += [
    Scenario(
        search_scenario_name(query, "new query"),
        query,
        target_p95_ms=40,
        unique_query=True,
        environment=SEARCH_EVERY_TIME,
        target_cpu_ms=UNCACHED_CPU_MS,
    )
    for query in SEARCH_QUERIES
]
