"""Demo content of the schools: the «Школы» page, the registry, every school's page and section.

``load`` runs from ``manage.py load_demo`` (see its DEMO_LOADERS) after the site shell's loader
and before ``site_cms.demo.finish``, which links the home page and the menus to «Школы» by its
slug. Like every demo loader it can run again: it updates what it made instead of copying it.

Each school goes through ``provision_school`` (its collection, editors' group, page and
section), as a school created in the admin would; then its page and section are filled in and
published through a revision. The demo school editor belongs to the editors' group of
«Джатиевская ООШ».
"""

import functools
import hashlib
import io
import uuid

from anyascii import anyascii
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image, ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from site_cms.demo import content as site_content
from site_cms.demo import stream as s
from site_cms.demo.pages import home_page
from site_cms.demo.pdf import build_pdf
from site_cms.demo.publishing import publish_page
from site_cms.demo.users import demo_admin, demo_user, save_user
from site_cms.models import StandardPage

from . import demo_content as c
from .models import (
    Municipality,
    NetworkPair,
    QualitySectionPage,
    School,
    SchoolCode,
    SchoolIndexPage,
    SchoolNewsPage,
    SchoolStatus,
)
from .provisioning import provision_school

INDEX_SLUG = site_content.SCHOOLS
EDITOR_USERNAME = "school-editor"
PDF_AUTHOR = "Демонстрационный документ"


def load(stdout):
    admin = demo_admin()
    if admin is None:
        raise RuntimeError("Сначала должен отработать загрузчик site_cms.demo.load.")
    index = build_index(home_page(), admin, stdout)
    municipalities = load_municipalities()
    schools = {spec.number: load_school(spec, municipalities) for spec in c.SCHOOLS}
    for spec in c.SCHOOLS:
        load_statuses(schools[spec.number], spec.statuses)
    load_pairs(schools)
    for spec in c.SCHOOLS:
        school = schools[spec.number]
        page = provision_school(school, index)
        school.refresh_from_db()
        fill_school(spec, school, page, admin)
    stdout.write(
        f"Школы: {len(schools)} в реестре, {len(c.PAIRS)} сетевых пар, страницы и разделы "
        f"опубликованы ({index.url})"
    )
    save_user(demo_user(EDITOR_USERNAME), [schools[c.EDITOR_SCHOOL].editors_group], stdout)


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
        title=c.INDEX_TITLE,
        intro=c.INDEX_INTRO,
        search_description=c.INDEX_DESCRIPTION,
        show_in_menus=True,
    )
    if index is None:
        raise RuntimeError(f"Страница /{INDEX_SLUG}/ занята страницей другого типа.")
    return index


# --- Registry ---------------------------------------------------------------------------------


def load_municipalities():
    found = {}
    for spec in c.MUNICIPALITIES:
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
    return school


def load_statuses(school, statuses):
    for year, status, order_key in statuses:
        order = c.ORDERS.get(order_key)
        row = (
            SchoolStatus.objects.filter(school=school, school_year=year, status=status)
            .order_by("created_at")
            .first()
        ) or SchoolStatus(school=school, school_year=year, status=status)
        row.order_number = order.number if order else ""
        row.order_date = order.date if order else None
        row.rule = "" if order else c.RULE_A
        row.note = order.note if order else "Выявлена по результатам оценочных процедур (демо)."
        row.save()


def load_pairs(schools):
    for spec in c.PAIRS:
        NetworkPair.objects.update_or_create(
            supported_school=schools[spec.supported],
            leader_school=schools[spec.leader],
            starts_on=spec.starts_on,
            defaults={
                "agreement_number": spec.number,
                "agreement_date": spec.agreement_date,
                "ends_on": spec.ends_on,
                "curator": spec.curator,
                "joint_activities": spec.activities,
            },
        )


# --- Pages ------------------------------------------------------------------------------------


def fill_school(spec, school, page, user):
    theme = c.THEMES[spec.theme]
    page.summary = theme.summary
    page.search_description = theme.summary
    page.save_revision(user=user, log_action=True).publish(user=user)

    section = QualitySectionPage.objects.child_of(page).get()
    slug = school_file_slug(school)
    section.intro = theme.intro
    section.search_description = theme.intro
    section.programme_documents = programme_documents(spec, school, theme, slug, user)
    section.roadmap = [
        s.paragraph(
            "План на 2023/2024 учебный год: что делаем, когда, кто отвечает и какой результат ждём."
        ),
        s.table([c.ROADMAP_HEADER, *theme.roadmap], "Дорожная карта на 2023/2024 учебный год"),
    ]
    section.partnership = theme.partnership
    section.recommendations = [
        _block(
            "recommendation",
            {"date": when.isoformat(), "source": source, "text": text, "done": done},
        )
        for when, source, text, done in theme.recommendations
    ]
    section.reports = [
        _block(
            "report",
            {
                "period": period,
                "summary": summary,
                "document": (
                    report_document(school, period, summary, slug, number, user).pk
                    if with_pdf
                    else None
                ),
            },
        )
        for number, (period, summary, with_pdf) in enumerate(theme.reports, start=1)
    ]
    photo = member_photo(school, user) if spec.photo_member else None
    section.team = [
        _block(
            "member",
            {
                "role": role,
                "name": name,
                "photo": photo.pk if photo and consent and number == 1 else None,
                "consent": consent,
            },
        )
        for number, (role, name, consent) in enumerate(c.TEAM)
    ]
    section.save_revision(user=user, log_action=True).publish(user=user)

    for news_slug, when, title, intro, body in theme.news:
        publish_page(
            section,
            SchoolNewsPage,
            news_slug,
            user=user,
            title=title,
            date=when,
            intro=intro,
            search_description=intro,
            body=[s.paragraph(body)],
        )
    if spec.number == c.EDITOR_SCHOOL:
        parents_slug, title, intro, tips = c.PARENTS_PAGE
        publish_page(
            section,
            StandardPage,
            parents_slug,
            user=user,
            title=title,
            intro=intro,
            search_description=intro,
            body=[
                s.bullets(tips),
                s.callout(
                    "Вопросы об учёбе ребёнка можно задать классному руководителю или "
                    "заместителю директора по учебно-воспитательной работе.",
                    title="Куда обращаться",
                ),
            ],
        )


def programme_documents(spec, school, theme, slug, user):
    statuses = {status for _year, status, _order in spec.statuses}
    if c.LEADER in statuses or not statuses:
        main = ("other", "Программа наставничества для школ-партнёров", "nastavnichestvo")
    elif statuses == {c.RISK}:
        main = ("other", "План мер по предупреждению снижения результатов", "plan-mer")
    else:
        main = ("programme", "Программа перехода в эффективный режим работы", "programma")
    documents = [main]
    if theme.anti_risk:
        documents.append(("anti_risk", f"Антирисковая программа «{theme.anti_risk}»", "antirisk"))
    blocks = []
    for kind, title, suffix in documents:
        document = school_document(
            school,
            f"{title} ({school.short_name})",
            f"{slug}-{suffix}.pdf",
            title,
            c.PROGRAMME_PARAGRAPHS,
            user,
        )
        blocks.append(_block("document", {"kind": kind, "title": title, "document": document.pk}))
    return blocks


def report_document(school, period, summary, slug, number, user):
    return school_document(
        school,
        f"Отчёт: {period} ({school.short_name})",
        f"{slug}-otchet-{number}.pdf",
        f"Отчёт о работе школы: {period}",
        [
            "Демонстрационный документ портала.",
            summary,
            "Отчёт рассмотрен на педагогическом совете и размещён в разделе «Повышение "
            "качества образования» на сайте школы и на портале.",
        ],
        user,
    )


def school_file_slug(school):
    code = school.codes.order_by("code").values_list("number", flat=True).first() or school.pk
    return f"{slugify(anyascii(school.short_name))}-{code}"


def _block(block_type, value):
    """A stored StreamField block with an id derived from its content (stable on reload)."""
    digest = hashlib.sha1(f"{block_type}:{value!r}".encode()).hexdigest()
    return {"type": block_type, "value": value, "id": str(uuid.UUID(digest[:32]))}


# --- Files ------------------------------------------------------------------------------------


@functools.cache
def _pdf(heading, paragraphs):
    return build_pdf(heading, list(paragraphs), author=PDF_AUTHOR, subject=heading)


def school_document(school, title, filename, heading, paragraphs, user):
    """A PDF in the school's own collection, rewritten only when its content changed.

    The PDF's text does not name the school, so schools with the same kind of document share
    one rendering: drawing PDFs is most of the loader's time.
    """
    model = get_document_model()
    data = _pdf(heading, tuple(paragraphs))
    digest = hashlib.sha1(data).hexdigest()
    document = model.objects.filter(title=title, collection=school.collection).first()
    created = document is None
    if created:
        document = model(title=title, collection=school.collection, uploaded_by_user=user)
    if (
        created
        or document.file_hash != digest
        or not document.file.storage.exists(document.file.name)
    ):
        if not created:
            document.file.delete(save=False)
        document.file = ContentFile(data, name=filename)
        document.file_size, document.file_hash = len(data), digest
        document.save()
    return document


@functools.cache
def _avatar():
    """A drawn placeholder portrait: a head and shoulders on a soft circle, no real person."""
    size, scale = 320, 2
    image = Image.new("RGB", (size * scale, size * scale), (236, 242, 247))
    draw = ImageDraw.Draw(image)
    s2 = size * scale
    draw.ellipse((s2 * 0.08, s2 * 0.08, s2 * 0.92, s2 * 0.92), fill=(164, 214, 197))
    draw.ellipse((s2 * 0.36, s2 * 0.22, s2 * 0.64, s2 * 0.52), fill=(31, 60, 102))
    draw.pieslice((s2 * 0.2, s2 * 0.56, s2 * 0.8, s2 * 1.16), 180, 360, fill=(31, 60, 102))
    image = image.resize((size, size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def member_photo(school, user):
    """The drawn photo of the team member who consented, in the school's own collection."""
    model = get_image_model()
    title = f"Фотография участника команды, рисунок ({school.short_name})"
    data = _avatar()
    digest = hashlib.sha1(data).hexdigest()
    image = model.objects.filter(title=title, collection=school.collection).first()
    created = image is None
    if created:
        image = model(title=title, collection=school.collection, uploaded_by_user=user)
    image.description = "Рисунок: силуэт человека на светлом круге"
    if created or image.file_hash != digest or not image.file.storage.exists(image.file.name):
        if not created:
            image.renditions.all().delete()
            image.file.delete(save=False)
        image.file = ImageFile(io.BytesIO(data), name=f"{school_file_slug(school)}-komanda.png")
        image.file_size, image.file_hash = len(data), digest
    image.save()
    return image
