"""Demo calendar: «Календарь семинаров» with the 2026/2027 school year and the Smolensk seminar.

``load`` runs from ``manage.py load_demo`` after the schools loader (it uses the demo schools
and municipalities when there are any) and before ``demo.site.finish``, which links the
menus to the calendar by its slug. It can run again: pages are updated, not copied. The events
and the seminar's texts are ``content/events.toml``.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone

from events import recurrence
from events.models import (
    Audience,
    EventException,
    EventIndexPage,
    EventPage,
    EventSlot,
    Organisation,
    Registration,
    RegistrationStatus,
)
from schools.models import Municipality, School, SchoolCode
from site_cms.models import StandardPage

from . import stream as s
from .data import read
from .publishing import publish_page
from .schools import EDITOR_SCHOOL
from .site import context

TEXT = read("events")
SMOLENSK = TEXT["smolensk"]
SLOT_MINUTES = 30
# An upcoming interview day: the institute sets times for most schools and leaves some free,
# which a school's editor books in the admin (the demo school's editor among them).
INTERVIEW_SLOTS, FREE_SLOTS = 12, 3
# The school-year calendar was written on this day; at load time it moves forward by whole
# weeks (rounded up) so that it is always the current one and its open registrations stay open.
AUTHORED_ON = datetime.date(2026, 11, 23)


def calendar_shift(today):
    weeks = -(-(today - AUTHORED_ON).days // 7)
    return datetime.timedelta(weeks=max(weeks, 0))


def _moment(text):
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    if " " in text:
        return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=tz)
    return datetime.datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=tz)


def load_taxonomies():
    for audience in TEXT["audiences"]:
        Audience.objects.update_or_create(
            slug=audience["slug"], defaults={"name": audience["name"], "kind": audience["kind"]}
        )
    for organisation in TEXT["organisations"]:
        Organisation.objects.update_or_create(
            slug=organisation["slug"],
            defaults={"name": organisation["name"], "short_name": organisation["short_name"]},
        )
    return (
        {audience.slug: audience for audience in Audience.objects.all()},
        {organisation.slug: organisation for organisation in Organisation.objects.all()},
    )


def remove_old_section(home):
    """An older demo had a text page «Семинары и вебинары» at /seminary/: now the calendar."""
    for page in home.get_children().filter(slug="seminary").type(StandardPage):
        page.delete()


def build_privacy_policy(home, user):
    policy = TEXT["privacy"]
    return publish_page(
        home,
        StandardPage,
        policy["slug"],
        user=user,
        title=policy["title"],
        intro=policy["intro"],
        search_description=policy["intro"],
        body=[s.paragraph(text) for text in policy["paragraphs"]],
    )


def build_calendar(home, user, privacy_policy):
    return publish_page(
        home,
        EventIndexPage,
        TEXT["calendar"]["slug"],
        user=user,
        title=TEXT["calendar"]["title"],
        intro=TEXT["calendar"]["intro"],
        search_description=TEXT["calendar"]["intro"],
        show_in_menus=True,
        privacy_policy=privacy_policy,
    )


def fill_waiting_list(calendar):
    """The full event: confirmed participants in all its places, the rest waiting in turn."""
    full = TEXT["waiting_list"]
    event = EventPage.objects.child_of(calendar).get(slug=full["event"])
    # Registered and confirmed in the days before the load, an hour apart: never in the future.
    first = timezone.now() - datetime.timedelta(days=3)
    for number, (name, role) in enumerate(full["people"]):
        status = RegistrationStatus.CONFIRMED
        if number >= event.capacity:
            status = RegistrationStatus.WAITING
        moment = first + datetime.timedelta(hours=number)
        registration, _ = Registration.objects.update_or_create(
            event=event,
            email=f"rukovoditel{number + 1}@shkola.example",
            defaults={
                "name": name,
                "role": role,
                "organisation": "МБОУ СОШ",
                "status": status,
                "consent_at": moment,
                "confirmed_at": moment,
            },
        )
        Registration.objects.filter(pk=registration.pk).update(created_at=moment)


def programme(rows):
    """Stream data of a programme: rows with ``section`` are the headings of the items after."""
    return [
        {"type": "section", "value": row["section"]}
        if "section" in row
        else {"type": "item", "value": row}
        for row in rows
    ]


def school_slots(schools, first_day, days, start_time):
    """Consecutive 30-minute slots, spread over ``days`` days, one per school."""
    slots, per_day = [], max(1, -(-len(schools) // days))
    for number, school in enumerate(schools):
        day = first_day + datetime.timedelta(days=number // per_day)
        begin = datetime.datetime.combine(day, start_time) + datetime.timedelta(
            minutes=SLOT_MINUTES * (number % per_day)
        )
        end = begin + datetime.timedelta(minutes=SLOT_MINUTES)
        slots.append(
            EventSlot(
                date=day,
                starts_at=begin.time(),
                ends_at=end.time(),
                school=school if isinstance(school, School) else None,
                school_name="" if isinstance(school, School) else school,
            )
        )
    return slots


def series_changes(fields, changes):
    """Cancelled and moved sessions of a series, by their number in the planned dates."""
    start = timezone.localtime(fields["start"])
    rule = recurrence.build_rrule(
        fields["frequency"], fields["repeat_until"], start.tzinfo, start.date()
    )
    planned = recurrence.occurrences(start, rule)
    return [
        EventException(
            original_date=planned[change["session"]].date(),
            new_start=planned[change["session"]] + datetime.timedelta(days=change["move_days"])
            if "move_days" in change
            else None,
            note=change.get("note", ""),
        )
        for change in changes
    ]


def event_fields(extra, audiences, organisations, municipalities, schools_by_municipality, schools):
    """The page fields of an event of events.toml (``extra``: its row, with optional keys)."""
    title, fmt, summary = extra["title"], extra["format"], extra["summary"]
    shift = calendar_shift(timezone.localdate())
    fields = {
        "title": title,
        "event_type": extra["type"],
        "event_format": fmt,
        "start": _moment(extra["start"]) + shift,
        "end": _moment(extra["end"])
        + shift
        + (datetime.timedelta(days=1) if extra.get("all_day") else datetime.timedelta()),
        "all_day": extra.get("all_day", False),
        "frequency": extra.get("frequency", ""),
        "repeat_until": extra.get("until") and datetime.date.fromisoformat(extra["until"]) + shift,
        "summary": summary,
        "search_description": summary,
        "place": extra.get("place", "" if fmt == "online" else "Уточняется"),
        "online_url": "https://vks.example.org/iro" if fmt != "in-person" else "",
        "organiser": organisations[extra["organiser"]],
        "co_organisers": [organisations[key] for key in extra.get("co", [])],
        "audiences": [audiences[key] for key in extra["audiences"]],
        "body": [],
        "programme": programme(extra.get("programme", [])),
        "registration_mode": "",
        "registration_url": "",
        "capacity": None,
        "registration_deadline": None,
        "municipality": None,
        "schools": [],
        "slots": [],
        "exceptions": [],
    }
    if "changes" in extra:
        fields["exceptions"] = series_changes(fields, extra["changes"])
    if "municipality" in extra and municipalities:
        municipality = municipalities[extra["municipality"] % len(municipalities)]
        fields["municipality"] = municipality
        fields["schools"] = schools_by_municipality.get(municipality.pk, [])[: extra["schools"]]
        fields["place"] = f"Школы: {municipality.name}"
    if "register" in extra:
        fields.update(
            registration_mode="form",
            capacity=extra["register"],
            registration_deadline=_moment(extra["deadline"]) + shift,
        )
    if "external_url" in extra:
        fields.update(registration_mode="external", registration_url=extra["external_url"])
    if extra.get("slots"):
        names = (schools or SMOLENSK["schools"])[: INTERVIEW_SLOTS - FREE_SLOTS]
        fields["slots"] = school_slots(
            [*names, *[""] * FREE_SLOTS], fields["start"].date(), 3, datetime.time(10, 0)
        )
        fields["schools"] = [school for school in names if isinstance(school, School)]
    return extra["slug"], fields


def smolensk_slots(schools):
    days = SMOLENSK["slots"]
    names = iter(schools[: sum(day["count"] for day in days)])
    slots = []
    for slot in days:
        day = datetime.datetime.strptime(slot["date"], "%d.%m.%Y").date()
        begin = datetime.datetime.strptime(slot["start"], "%H:%M").time()
        chunk = [name for _, name in zip(range(slot["count"]), names, strict=False)]
        slots.extend(school_slots(chunk, day, 1, begin))
    return slots


def smolensk_fields(audiences, organisations, schools, materials):
    texts = SMOLENSK
    participants = schools[:13] or texts["schools"]
    return {
        "title": texts["title"],
        "event_type": "seminar",
        "event_format": "mixed",
        "start": _moment(SMOLENSK["start"]),
        "end": _moment(SMOLENSK["end"]),
        "all_day": False,
        "frequency": "",
        "repeat_until": None,
        "summary": texts["intro"],
        "search_description": texts["intro"],
        "place": "Смоленск, областной институт развития образования",
        "online_url": "",
        "organiser": organisations["iro"],
        "co_organisers": [organisations["moc"]],
        "audiences": [audiences["rukovoditeli"], audiences["koordinatory"]],
        "body": [
            s.paragraph(texts["lead"]),
            s.callout(texts["motto"], title=texts["motto_title"], tone="important"),
            s.heading("План мероприятий на осень"),
            s.table(texts["plan"], texts["plan_caption"]),
            s.heading("Собеседования с администрациями школ"),
            s.paragraph(texts["interviews_lead"]),
            s.heading("Документы для экспертной оценки", "h3"),
            s.paragraph(texts["documents_lead"], s.ol(texts["documents"])),
            s.heading("Разделы школьного плана повышения результатов"),
            s.paragraph(texts["plan_sections_lead"], s.ol(texts["plan_sections"])),
            s.heading("Работа с родителями", "h3"),
            s.bullets(texts["parents"]),
            s.heading("Профессиональное развитие учителей", "h3"),
            s.bullets(texts["teachers"]),
        ],
        "programme": [],
        "expected_result": (
            "Каждая школа из перечня сдала план повышения результатов и прошла собеседование."
        ),
        "registration_mode": "",
        "municipality": None,
        "schools": [school for school in participants if isinstance(school, School)],
        "slots": smolensk_slots(participants),
        "materials": materials,
    }


def load(stdout):
    ctx = context(stdout)
    home, user = ctx.home, ctx.user
    audiences, organisations = load_taxonomies()
    remove_old_section(home)
    calendar = build_calendar(home, user, build_privacy_policy(home, user))
    municipalities = list(Municipality.objects.order_by("name"))
    schools = list(
        School.objects.select_related("municipality").order_by("municipality__name", "pk")
    )
    # The demo school's editor books a free interview time; the others have theirs set.
    editor_school_pk = (
        SchoolCode.objects.filter(code=f"sch{EDITOR_SCHOOL}")
        .values_list("school", flat=True)
        .first()
    )
    by_municipality = {}
    for school in schools:
        by_municipality.setdefault(school.municipality_id, []).append(school)
    interviewed = [school for school in schools if school.pk != editor_school_pk]
    for row in TEXT["events"]:
        slug, fields = event_fields(
            row, audiences, organisations, municipalities, by_municipality, interviewed
        )
        publish_page(calendar, EventPage, slug, user=user, **fields)
    publish_page(
        calendar,
        EventPage,
        SMOLENSK["slug"],
        user=user,
        **smolensk_fields(
            audiences, organisations, schools, [ctx.document("forms", "Памятка о формах поддержки")]
        ),
    )
    fill_waiting_list(calendar)
    count = EventPage.objects.child_of(calendar).count()
    stdout.write(f"Опубликован «{calendar.title}» ({calendar.url}): {count} мероприятий")
