"""Demo calendar: «Календарь семинаров» with the 2026/2027 school year and the Smolensk seminar.

``load`` runs from ``manage.py load_demo`` after the schools loader (it uses the demo schools
and municipalities when there are any) and before ``site_cms.demo.finish``, which links the
menus to the calendar by its slug. It can run again: pages are updated, not copied.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone

from schools.models import Municipality, School
from site_cms.demo import content as site_content
from site_cms.demo import stream as s
from site_cms.demo.publishing import publish_page
from site_cms.models import StandardPage

from . import demo_content as c
from .models import Audience, EventIndexPage, EventPage, EventSlot, Organisation

SLOT_MINUTES = 30
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
    for slug, name, kind in c.AUDIENCES:
        Audience.objects.update_or_create(slug=slug, defaults={"name": name, "kind": kind})
    for slug, name, short_name in c.ORGANISATIONS:
        Organisation.objects.update_or_create(
            slug=slug, defaults={"name": name, "short_name": short_name}
        )
    return (
        {audience.slug: audience for audience in Audience.objects.all()},
        {organisation.slug: organisation for organisation in Organisation.objects.all()},
    )


def remove_old_section(home):
    """An older demo had a text page «Семинары и вебинары» at /seminary/: now the calendar."""
    for page in home.get_children().filter(slug="seminary").type(StandardPage):
        page.delete()


def build_calendar(home, user):
    return publish_page(
        home,
        EventIndexPage,
        c.CALENDAR_SLUG,
        user=user,
        title=c.CALENDAR_TITLE,
        intro=c.CALENDAR_INTRO,
        search_description=c.CALENDAR_INTRO,
        show_in_menus=True,
    )


def programme(rows):
    return [
        {"type": "item", "value": {"time": time, "title": title, "speaker": speaker}}
        for time, title, speaker in rows
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


def event_fields(row, audiences, organisations, municipalities, schools_by_municipality, schools):
    slug, title, kind, fmt, start, end, audience_slugs, organiser, summary, *rest = row
    extra = rest[0] if rest else {}
    shift = calendar_shift(timezone.localdate())
    fields = {
        "title": title,
        "event_type": kind,
        "event_format": fmt,
        "start": _moment(start) + shift,
        "end": _moment(end)
        + shift
        + (datetime.timedelta(days=1) if extra.get("all_day") else datetime.timedelta()),
        "all_day": extra.get("all_day", False),
        "frequency": extra.get("frequency", ""),
        "repeat_until": extra.get("until") and datetime.date.fromisoformat(extra["until"]) + shift,
        "summary": summary,
        "search_description": summary,
        "place": extra.get("place", "" if fmt == "online" else "Уточняется"),
        "online_url": "https://vks.example.org/iro" if fmt != "in-person" else "",
        "organiser": organisations[organiser],
        "co_organisers": [organisations[key] for key in extra.get("co", [])],
        "audiences": [audiences[key] for key in audience_slugs],
        "body": [],
        "programme": programme(extra.get("programme", [])),
        "registration_mode": "",
        "registration_url": "",
        "capacity": None,
        "registration_deadline": None,
        "municipality": None,
        "schools": [],
        "slots": [],
    }
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
        names = schools[:12] or site_content.SMOLENSK_SCHOOLS[:12]
        fields["slots"] = school_slots(names, fields["start"].date(), 3, datetime.time(10, 0))
        fields["schools"] = [school for school in names if isinstance(school, School)]
    return slug, fields


def smolensk_slots(schools):
    names = iter(schools[: sum(count for _, _, count in site_content.SMOLENSK_SLOTS)])
    slots = []
    for date, start, count in site_content.SMOLENSK_SLOTS:
        day = datetime.datetime.strptime(date, "%d.%m.%Y").date()
        begin = datetime.datetime.strptime(start, "%H:%M").time()
        chunk = [name for _, name in zip(range(count), names, strict=False)]
        slots.extend(school_slots(chunk, day, 1, begin))
    return slots


def smolensk_fields(audiences, organisations, schools, materials):
    c_ = site_content
    participants = schools[:13] or c_.SMOLENSK_SCHOOLS
    return {
        "title": c_.SMOLENSK_TITLE,
        "event_type": "seminar",
        "event_format": "mixed",
        "start": _moment(c.SMOLENSK_EVENT_START),
        "end": _moment(c.SMOLENSK_EVENT_END),
        "all_day": False,
        "frequency": "",
        "repeat_until": None,
        "summary": c_.SMOLENSK_INTRO,
        "search_description": c_.SMOLENSK_INTRO,
        "place": "Смоленск, областной институт развития образования",
        "online_url": "",
        "organiser": organisations["iro"],
        "co_organisers": [organisations["moc"]],
        "audiences": [audiences["rukovoditeli"], audiences["koordinatory"]],
        "body": [
            s.paragraph(c_.SMOLENSK_LEAD),
            s.callout(c_.SMOLENSK_MOTTO, title=c_.SMOLENSK_MOTTO_TITLE, tone="important"),
            s.heading("План мероприятий на осень"),
            s.table(c_.SMOLENSK_PLAN, c_.SMOLENSK_PLAN_CAPTION),
            s.heading("Собеседования с администрациями школ"),
            s.paragraph(c_.SMOLENSK_INTERVIEWS_LEAD),
            s.heading("Документы для экспертной оценки", "h3"),
            s.paragraph(c_.SMOLENSK_DOCUMENTS_LEAD, s.ol(c_.SMOLENSK_DOCUMENTS)),
            s.heading("Разделы школьного плана повышения результатов"),
            s.paragraph(c_.SMOLENSK_PLAN_SECTIONS_LEAD, s.ol(c_.SMOLENSK_PLAN_SECTIONS)),
            s.heading("Работа с родителями", "h3"),
            s.bullets(c_.SMOLENSK_PARENTS),
            s.heading("Профессиональное развитие учителей", "h3"),
            s.bullets(c_.SMOLENSK_TEACHERS),
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
    from site_cms.demo import context

    ctx = context(stdout)
    home, user = ctx.home, ctx.user
    audiences, organisations = load_taxonomies()
    remove_old_section(home)
    calendar = build_calendar(home, user)
    municipalities = list(Municipality.objects.order_by("name"))
    schools = list(
        School.objects.select_related("municipality").order_by("municipality__name", "pk")
    )
    by_municipality = {}
    for school in schools:
        by_municipality.setdefault(school.municipality_id, []).append(school)
    for row in c.EVENTS:
        slug, fields = event_fields(
            row, audiences, organisations, municipalities, by_municipality, schools
        )
        publish_page(calendar, EventPage, slug, user=user, **fields)
    publish_page(
        calendar,
        EventPage,
        c.SMOLENSK_EVENT_SLUG,
        user=user,
        **smolensk_fields(
            audiences, organisations, schools, [ctx.document("forms", "Памятка о формах поддержки")]
        ),
    )
    count = EventPage.objects.child_of(calendar).count()
    stdout.write(f"Опубликован «{calendar.title}» ({calendar.url}): {count} мероприятий")
