"""Demo content of the schools: the «Школы» page, the registry, every school's page and section.

``load`` runs from ``manage.py load_demo`` (see its LOADERS) after the site shell's loader
and before ``demo.site.finish``, which links the home page and the menus to «Школы» by its
slug. Like every demo loader it can run again: it updates what it made instead of copying it.

Each school goes through ``provision_school`` (its collection, editors' group, page and
section), as a school created in the admin would; then its page and section are filled in and
published through a revision. The demo school editor belongs to the editors' group of
«Джатиевская ООШ». The registry, pairs and texts are ``content/schools.toml``; the school
documents are sample PDFs in ``files/schools/``.
"""

import datetime
from dataclasses import dataclass, field

from anyascii import anyascii
from django.conf import settings
from django.db.models import Value
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from schools.models import (
    Municipality,
    NetworkPair,
    QualitySectionPage,
    School,
    SchoolCode,
    SchoolContext,
    SchoolIndexPage,
    SchoolNewsPage,
    SchoolStatus,
)
from schools.provisioning import provision_school
from site_cms.models import StandardPage

from . import artwork, timeline
from . import stream as s
from .data import read
from .media import sample_file, store_file
from .publishing import publish_page
from .site import SECTIONS, home_page
from .users import demo_admin, demo_user, save_user

INDEX_SLUG = SECTIONS["schools"]
EDITOR_USERNAME = "school-editor"
SHNOR, SHNSU, LEADER, RISK = "shnor", "shnsu", "leader", "risk"
TEXT = read("schools")


@dataclass(frozen=True)
class MunicipalitySpec:
    key: str
    name: str
    region: str
    code: str


@dataclass(frozen=True)
class SchoolSpec:
    number: str  # the digits of the ФИС ОКО logins sch<number> and edu<number>
    short_name: str
    full_name: str
    kind: str
    municipality: str
    settlement: str
    address: str
    theme: str
    statuses: list = field(default_factory=list)  # {year, status, order: a key of ORDERS or ""}
    website: str = ""
    photo_member: bool = False  # the consented team member has a (drawn) photo
    # The context questionnaire's answers: school_year, settlement_kind, population [from, to]
    # in thousands, pupils, ovz [with ОВЗ, counted].
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PairSpec:
    supported: str
    leader: str
    number: str
    agreement_date: datetime.date
    starts_on: datetime.date
    curator: str
    activities: str  # a key of the pair activities
    ends_on: datetime.date | None = None


@dataclass(frozen=True)
class Theme:
    key: str
    summary: str  # for parents, on the school page
    intro: str  # of the section
    anti_risk: str  # the risk the anti-risk programme addresses ("" for none)
    roadmap: list  # rows: activity, deadline, responsible, expected result
    partnership: str  # editors' text, HTML
    recommendations: list  # {date, source, text, done}
    reports: list  # {period, summary, pdf}
    news: list  # {slug, date, title, intro, body}


MUNICIPALITIES = [MunicipalitySpec(**row) for row in TEXT["municipalities"]]
SCHOOLS = [SchoolSpec(**row) for row in TEXT["schools"]]
PAIRS = [PairSpec(**row) for row in timeline.moved(TEXT["pairs"])]
THEMES = {
    row["key"]: Theme(**row) for row in timeline.moved(TEXT["themes"], timeline.SECTION_SHIFT)
}
ORDERS = TEXT["orders"]
EDITOR_SCHOOL = TEXT["registry"]["editor_school"]  # the school of the demo school editor
# Days since each school's section was last updated, in the registry's order, so that the
# freshness report and ``remind_stale_sections`` have stale sections to name (stale after
# SCHOOL_SECTION_STALE_DAYS, 30 by default) and the rest read as kept up.
SECTION_AGES = (3, 11, 47, 6, 19, 64, 2, 33, 8, 26, 91, 14)
# When the schools put their documents up, as the sections were written (demo.timeline moves
# them): the programmes at the start of the school year, the reports after each period (the
# newest first, as content/schools.toml lists them).
PROGRAMME_UPLOADED = datetime.date(2023, 9, 5)
REPORTS_UPLOADED = (datetime.date(2024, 1, 25), datetime.date(2023, 6, 20))


def load(stdout):
    admin = demo_admin()
    if admin is None:
        raise RuntimeError("Сначала должен отработать загрузчик demo.site.load.")
    index = build_index(home_page(), admin, stdout)
    municipalities = load_municipalities()
    schools = {spec.number: load_school(spec, municipalities) for spec in SCHOOLS}
    # The lists are the demo's own: a load on an earlier day put them in other school years.
    SchoolStatus.objects.filter(school__in=schools.values()).delete()
    SchoolStatus.objects.bulk_create(
        status for spec in SCHOOLS for status in statuses(schools[spec.number], spec.statuses)
    )
    load_pairs(schools)
    for spec in SCHOOLS:
        school = schools[spec.number]
        page = provision_school(school, index)
        school.refresh_from_db()
        fill_school(spec, school, page, admin)
    stdout.write(
        f"Школы: {len(schools)} в реестре, {len(PAIRS)} сетевых пар, страницы и разделы "
        f"опубликованы ({index.url})"
    )
    save_user(demo_user(EDITOR_USERNAME), [schools[EDITOR_SCHOOL].editors_group], stdout)


# --- The «Школы» page ------------------------------------------------------------------------


def build_index(home, user, stdout):
    """The school index at the section slug, replacing a page of another type found there."""
    existing = home.get_children().filter(slug=INDEX_SLUG).first()
    if existing is not None and existing.specific_class is not SchoolIndexPage:
        stdout.write(f"Удалена прежняя страница «{existing.title}» ({existing.url_path})")
        existing.delete()
    index = publish_page(
        home,
        SchoolIndexPage,
        INDEX_SLUG,
        user=user,
        title=TEXT["index"]["title"],
        intro=TEXT["index"]["intro"],
        search_description=TEXT["index"]["description"],
        show_in_menus=True,
    )
    if index is None:
        raise RuntimeError(f"Страница /{INDEX_SLUG}/ занята страницей другого типа.")
    return index


# --- Registry ---------------------------------------------------------------------------------


def load_municipalities():
    found = {}
    for spec in MUNICIPALITIES:
        municipality = (
            Municipality.objects.filter(code=spec.code).first()
            or Municipality.objects.filter(region=spec.region, name=spec.name).first()
            or Municipality(code=spec.code)
        )
        municipality.name, municipality.region = spec.name, spec.region
        municipality.save()
        found[spec.key] = municipality
    return found


def load_school(spec, municipalities):
    codes = [f"sch{spec.number}", f"edu{spec.number}"]
    code = SchoolCode.objects.filter(code__in=codes).select_related("school").first()
    school = code.school if code else School()
    school.short_name = spec.short_name
    school.full_name = spec.full_name
    school.kind = spec.kind
    school.municipality = municipalities[spec.municipality]
    school.address = spec.address
    school.settlement = spec.settlement
    school.website = spec.website
    school.email = f"school{spec.number}@edu.example"
    school.phone = f"+7 (800) 000-{spec.number[2:4]}-{spec.number[4:]}"
    school.save()
    for login in codes:
        SchoolCode.objects.get_or_create(code=login, defaults={"school": school})
    load_context(school, spec.context)
    return school


def load_context(school, context):
    """The school's context data, which places it in a group of similar schools."""
    population_from, population_to = context["population"]
    ovz_pupils, ovz_counted = context["ovz"]
    SchoolContext.objects.update_or_create(
        school=school,
        school_year=timeline.year(context["school_year"]),
        defaults={
            "settlement_kind": context["settlement_kind"],
            "population_from": population_from,
            "population_to": population_to,
            "pupils": context["pupils"],
            "ovz_counted": ovz_counted,
            "ovz_pupils": ovz_pupils,
        },
    )


def order_on_timeline(key):
    """The order ``key`` with its date and note moved to the demo's timeline, unless historic."""
    order = ORDERS.get(key)
    if order is None or order.get("historic"):
        return order
    day = timeline.date(order["date"])
    note = order["note"].format(year=day.year, next_year=day.year + 1)
    return {**order, "date": day, "note": note}


def statuses(school, entries):
    """The school's SchoolStatus rows (unsaved) of its ``entries`` in content/schools.toml."""
    for entry in entries:
        order = order_on_timeline(entry["order"])
        historic = order is not None and order.get("historic")
        yield SchoolStatus(
            school=school,
            school_year=entry["year"] if historic else timeline.year(entry["year"]),
            status=entry["status"],
            order_number=order["number"] if order else "",
            order_date=order["date"] if order else None,
            rule="" if order else TEXT["registry"]["rule_a"],
            note=order["note"] if order else "Выявлена по результатам оценочных процедур (демо).",
        )


def load_pairs(schools):
    for spec in PAIRS:
        NetworkPair.objects.update_or_create(
            supported_school=schools[spec.supported],
            leader_school=schools[spec.leader],
            starts_on=spec.starts_on,
            defaults={
                "agreement_number": spec.number,
                "agreement_date": spec.agreement_date,
                "ends_on": spec.ends_on,
                "curator": spec.curator,
                "joint_activities": TEXT["pair_activities"][spec.activities],
            },
        )


# --- Pages ------------------------------------------------------------------------------------


def fill_school(spec, school, page, user):
    theme = THEMES[spec.theme]
    page.summary = theme.summary
    page.search_description = theme.summary
    page.save_revision(user=user, log_action=True).publish(user=user)

    section = QualitySectionPage.objects.child_of(page).get()
    slug = school_file_slug(school)
    section.intro = theme.intro
    section.search_description = theme.intro
    section.programme_documents = programme_documents(spec, school, theme, slug, user)
    school_year = timeline.school_year_label(timeline.AUTHORED_SCHOOL_YEAR)
    section.roadmap = [
        s.paragraph(
            f"План на {school_year} учебный год: что делаем, когда, кто отвечает и какой "
            "результат ждём."
        ),
        s.table(
            [TEXT["section"]["roadmap_header"], *theme.roadmap],
            f"Дорожная карта на {school_year} учебный год",
        ),
    ]
    section.partnership = theme.partnership
    section.recommendations = [
        s.block(
            "recommendation",
            {**recommendation, "date": recommendation["date"].isoformat()},
        )
        for recommendation in theme.recommendations
    ]
    section.reports = [
        s.block(
            "report",
            {
                "period": report["period"],
                "summary": report["summary"],
                "document": (
                    report_document(spec, school, report["period"], slug, number, user).pk
                    if report["pdf"]
                    else None
                ),
            },
        )
        for number, report in enumerate(theme.reports, start=1)
    ]
    photo = member_photo(school, user) if spec.photo_member else None
    section.team = [
        s.block(
            "member",
            {
                "role": member["role"],
                "name": member["name"],
                "photo": photo.pk if photo and member["consent"] and number == 1 else None,
                "consent": member["consent"],
            },
        )
        for number, member in enumerate(TEXT["section"]["team"])
    ]
    section.save_revision(user=user, log_action=True).publish(user=user)

    for news in theme.news:
        publish_page(
            section,
            SchoolNewsPage,
            news["slug"],
            user=user,
            title=news["title"],
            date=news["date"],
            intro=news["intro"],
            search_description=news["intro"],
            body=[s.paragraph(news["body"])],
        )
    if spec.number == EDITOR_SCHOOL:
        parents = TEXT["parents_page"]
        publish_page(
            section,
            StandardPage,
            parents["slug"],
            user=user,
            title=parents["title"],
            intro=parents["intro"],
            search_description=parents["intro"],
            body=[
                s.bullets(parents["tips"]),
                s.callout(
                    "Вопросы об учёбе ребёнка можно задать классному руководителю или "
                    "заместителю директора по учебно-воспитательной работе.",
                    title="Куда обращаться",
                ),
            ],
        )


def programme_documents(spec, school, theme, slug, user):
    statuses = {entry["status"] for entry in spec.statuses}
    if LEADER in statuses or not statuses:
        main = ("other", "Программа наставничества для школ-партнёров", "nastavnichestvo")
    elif statuses == {RISK}:
        main = ("other", "План мер по предупреждению снижения результатов", "plan-mer")
    else:
        main = ("programme", "Программа перехода в эффективный режим работы", "programma")
    documents = [(*main, f"{main[2]}.pdf")]
    if theme.anti_risk:
        title = f"Антирисковая программа «{theme.anti_risk}»"
        documents.append(("anti_risk", title, "antirisk", f"antirisk-{spec.theme}.pdf"))
    blocks = []
    for kind, title, suffix, sample in documents:
        document = school_document(
            school, f"{title} ({school.short_name})", f"{slug}-{suffix}.pdf", sample, user
        )
        uploaded(document, PROGRAMME_UPLOADED)
        blocks.append(s.block("document", {"kind": kind, "title": title, "document": document.pk}))
    return blocks


def report_document(spec, school, period, slug, number, user):
    document = school_document(
        school,
        f"Отчёт: {period} ({school.short_name})",
        f"{slug}-otchet-{number}.pdf",
        f"otchet-{spec.theme}-{number}.pdf",
        user,
    )
    uploaded(document, REPORTS_UPLOADED[(number - 1) % len(REPORTS_UPLOADED)])
    return document


def uploaded(document, authored_day):
    """Date the document's upload on the sections' timeline, as a school would have added it
    (search results and the document lists show it), not on the load day."""
    day = timeline.moved(authored_day, timeline.SECTION_SHIFT)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    type(document).objects.filter(pk=document.pk).update(created_at=moment)


def school_file_slug(school):
    code = school.codes.order_by("code").values_list("number", flat=True).first() or school.pk
    return f"{slugify(anyascii(school.short_name))}-{code}"


# --- Files ------------------------------------------------------------------------------------


def school_document(school, title, filename, sample, user):
    """A sample PDF of ``demo/files/schools/`` in the school's own collection, as ``filename``.

    The PDFs do not name the school: schools with the same kind of document share one sample.
    """
    model = get_document_model()
    document = model.objects.filter(title=title, collection=school.collection).first()
    if document is None:
        document = model(title=title, collection=school.collection, uploaded_by_user=user)
    store_file(document, sample_file(f"schools/{sample}"), filename)
    document.save()
    return document


def member_photo(school, user):
    """The drawn photo of the team member who consented, in the school's own collection."""
    model = get_image_model()
    title = f"Фотография участника команды, рисунок ({school.short_name})"
    image = model.objects.filter(title=title, collection=school.collection).first()
    if image is None:
        image = model(title=title, collection=school.collection, uploaded_by_user=user)
    image.description = "Рисунок: силуэт человека на светлом круге"
    store_file(image, artwork.avatar(), f"{school_file_slug(school)}-komanda.png")
    image.save()
    return image


def date_sections(stdout):
    """Spread the sections' last updates over the past weeks (``SECTION_AGES``): a loader that
    runs after every loader that publishes in the sections."""
    now = timezone.now()
    sections = list(QualitySectionPage.objects.order_by("path"))
    stale = 0
    for number, section in enumerate(sections):
        age = SECTION_AGES[number % len(SECTION_AGES)]
        moment = now - datetime.timedelta(days=age, hours=number)
        Page.objects.filter(path__startswith=section.path, live=True).update(
            last_published_at=moment,
            first_published_at=Least("first_published_at", Value(moment)),
        )
        stale += age > settings.SCHOOL_SECTION_STALE_DAYS
    stdout.write(f"Разделы школ: {stale} из {len(sections)} давно не обновлялись")
