"""What the bench measures. Later features append their scenarios to SCENARIOS.

A scenario's `path` is either a fixed string or a function that finds the URL in the bench
database at run time (returning None skips the scenario with its `skip_note`). `prepare`, when
given, adds data to the bench database before the server starts. Both functions run inside
Django, set up against the bench database, so they import models in their body.
"""

from collections.abc import Callable
from dataclasses import dataclass


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


def first_standard_page_path():
    from site_cms.models import StandardPage

    page = StandardPage.objects.live().public().order_by("path").first()
    if page is None:
        return None
    _site_id, _root_url, path = page.get_url_parts()
    return path


SCENARIOS = [
    Scenario("home page", "/", target_p95_ms=50),
    Scenario("home page, uncached", "/", target_p95_ms=300, unique_query=True),
    Scenario(
        "standard page",
        first_standard_page_path,
        target_p95_ms=50,
        skip_note="no live StandardPage in the bench database",
    ),
    Scenario("search", "/search/?q=школа", target_p95_ms=50),
    Scenario("search, uncached", "/search/?q=школа", target_p95_ms=300, unique_query=True),
    Scenario("404 page", "/bench-no-such-page/", target_p95_ms=100, expected_status=404),
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
    from schools.models import SchoolPage

    page = SchoolPage.objects.live().filter(school__short_name=DEMO_SCHOOL).first()
    page = page or SchoolPage.objects.live().order_by("path").first()
    return page.get_url_parts()[2] if page else None


SCENARIOS += [
    Scenario(
        f"school index, {BENCH_SCHOOLS} schools",
        school_index_path,
        target_p95_ms=60,
        prepare=add_schools,
        skip_note="no live SchoolIndexPage in the bench database",
    ),
    Scenario(
        f"school index, {BENCH_SCHOOLS} schools, uncached",
        school_index_path,
        target_p95_ms=300,
        unique_query=True,
        skip_note="no live SchoolIndexPage in the bench database",
    ),
    Scenario(
        "school page",
        demo_school_page_path,
        target_p95_ms=60,
        skip_note="no live SchoolPage in the bench database",
    ),
    Scenario(
        "school page, uncached",
        demo_school_page_path,
        target_p95_ms=300,
        unique_query=True,
        skip_note="no live SchoolPage in the bench database",
    ),
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


SCENARIOS += [
    Scenario(
        f"calendar list, {BENCH_EVENTS} events",
        calendar_path(),
        target_p95_ms=60,
        prepare=add_events,
        skip_note="no live EventIndexPage in the bench database",
    ),
    Scenario(
        f"calendar month, {BENCH_EVENTS} events",
        calendar_path(f"?view=month&month={BENCH_MONTH}"),
        target_p95_ms=60,
        skip_note="no live EventIndexPage in the bench database",
    ),
    Scenario(
        f"calendar list, {BENCH_EVENTS} events, uncached",
        calendar_path(),
        target_p95_ms=300,
        unique_query=True,
        skip_note="no live EventIndexPage in the bench database",
    ),
    Scenario(
        f"calendar month, {BENCH_EVENTS} events, uncached",
        calendar_path(f"?view=month&month={BENCH_MONTH}"),
        target_p95_ms=300,
        unique_query=True,
        skip_note="no live EventIndexPage in the bench database",
    ),
]
