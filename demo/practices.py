"""Demo bank of practices and materials: «Банк лучших практик», its collection, the materials.

``load`` runs from ``manage.py load_demo`` after the schools and calendar loaders (it uses the
demo schools, the school editor and the demo events) and before ``demo.site.finish``, which
links the menus and the home page to the banks by their slugs. It can run again: pages are
updated through one new revision each, materials are updated in place and their sample files
(``demo/files/materials/``) are rewritten only when their bytes change. The texts, practices and
materials are ``content/practices.toml``; the dataclasses below say what each entry holds.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Collection, Workflow

from curriculum.models import EducationLevel, Subject
from events.models import EventPage
from practices.models import (
    CollectionPractice,
    Direction,
    Material,
    MaterialsIndexPage,
    PracticeAuthor,
    PracticeCollectionPage,
    PracticeIndexPage,
    PracticeMaterial,
    PracticePage,
    RiskFactor,
)
from schools.models import SchoolCode

from . import stream as s
from . import timeline
from .data import read
from .media import IMAGES_BY_KEY, sample_file, store_file
from .publishing import publish_page
from .schools import EDITOR_SCHOOL, EDITOR_USERNAME
from .site import SECTIONS, context

TEXT = read("practices")


@dataclass(frozen=True)
class PracticeSpec:
    slug: str
    title: str
    school: str  # the demo school's number
    kind: str
    levels: list
    grades: list  # [from, to] or []
    subjects: list
    directions: list
    risks: list
    annotation: str
    problem: str
    about: list  # paragraphs
    steps: list  # {title, text}
    results: list  # {effect, evidence}
    resources: str
    positions: list  # the authors' positions; names come from author_names
    verdict: str = ""  # the expert finding: a recommended practice has one
    quote: dict = field(default_factory=dict)  # {text, source}
    image: str = ""  # key of a demo image of the site shell
    materials: list = field(default_factory=list)


@dataclass(frozen=True)
class DraftSpec:
    slug: str
    title: str
    kind: str
    levels: list
    subjects: list
    directions: list
    annotation: str
    problem: str
    about: str
    submit: bool  # sent to the «Экспертиза практики» workflow
    # «Как начать», so that an expert may recommend the draft (with the school's consent).
    first_steps: list = field(default_factory=list)
    difficulties: str = ""
    contact: str = ""


@dataclass(frozen=True)
class EvidenceSpec:
    """The marks of a practice in the evidence bank (``[evidence.<slug>]``)."""

    level: int  # the experts' strength of evidence, 0–3
    start: int  # the school year it began: 2023 is 2023/24
    hours: int  # teachers' hours a month
    money: list  # [materials a year, equipment, training], roubles
    first_results: list  # [amount, "weeks" | "months"]
    difficulty: str
    consent: bool  # the school agreed to publish the contact


@dataclass(frozen=True)
class MaterialSpec:
    key: str
    file_format: str  # pdf, docx, pptx, xlsx: the file is demo/files/materials/<key>.<file_format>
    title: str
    material_type: str
    theme: str  # Direction slug
    year: int
    event: str  # the EventPage slug of the demo event
    authors: str
    description: str


PRACTICES = [PracticeSpec(**row) for row in TEXT["practices"]]
DRAFTS = [DraftSpec(**row) for row in TEXT["drafts"]]
MATERIALS = [MaterialSpec(**row) for row in TEXT["materials"]]
EVIDENCE = {slug: EvidenceSpec(**row) for slug, row in TEXT["evidence"].items()}

REVIEW_WORKFLOW = "Экспертиза практики"
RELATED_LIMIT = 3
# Expert conclusions of the recommended practices are dated 15 days apart over the last year,
# the newest a month before the load day.
LAST_CONCLUSION = timeline.days_ago(30)
CONCLUSION_STEP = datetime.timedelta(days=15)


# --- Taxonomies and schools -------------------------------------------------------------------


class Terms:
    """The seeded taxonomies by slug and the demo schools by number, read once."""

    def __init__(self):
        self.levels = {level.slug: level for level in EducationLevel.objects.all()}
        self.subjects = {subject.slug: subject for subject in Subject.objects.all()}
        self.directions = {term.slug: term for term in Direction.objects.all()}
        self.risks = {term.slug: term for term in RiskFactor.objects.all()}
        self.schools = {
            code.code.removeprefix("sch"): code.school
            for code in SchoolCode.objects.filter(code__startswith="sch").select_related("school")
        }


# --- Materials --------------------------------------------------------------------------------


def materials_collection():
    root = Collection.get_first_root_node()
    return root.get_children().filter(
        name=TEXT["materials_bank"]["collection"]
    ).first() or root.add_child(name=TEXT["materials_bank"]["collection"])


def load_materials(user, terms, events):
    """Create or update the typed materials; return them by key."""
    collection = materials_collection()
    existing = {
        material.title: material for material in Material.objects.filter(collection=collection)
    }
    materials = {}
    for spec in MATERIALS:
        material = existing.get(spec.title) or Material(
            title=spec.title, collection=collection, uploaded_by_user=user
        )
        filename = f"{spec.key}.{spec.file_format}"
        store_file(material, sample_file(f"materials/{filename}"), filename)
        material.material_type = spec.material_type
        material.theme = terms.directions[spec.theme]
        material.year = spec.year
        material.event = events.get(spec.event)
        material.authors = spec.authors
        material.description = spec.description
        material.save()
        materials[spec.key] = material
    return materials


def attach_to_events(materials, events, user):
    """Add each event's materials to its «Материалы» stream; publish only the events that change."""
    ours = {material.pk for material in materials.values()}
    by_event = {}
    for spec in MATERIALS:
        by_event.setdefault(spec.event, []).append(materials[spec.key])
    changed = 0
    for slug, attached in by_event.items():
        event = events.get(slug)
        if event is None:
            continue
        kept = [
            block for block in event.materials.raw_data if block["value"]["document"] not in ours
        ]
        wanted = kept + [s.document(material) for material in attached]
        if [block["value"] for block in event.materials.raw_data] == [
            block["value"] for block in wanted
        ]:
            continue
        event.materials = wanted
        event.save_revision(user=user, log_action=True).publish(user=user)
        changed += 1
    return changed


# --- Practices --------------------------------------------------------------------------------


def description(spec, images):
    blocks = [s.paragraph(*spec.about), s.heading(TEXT["practice"]["how_heading"])]
    blocks.append(
        s.block(
            "steps",
            [
                s.block("item", {"title": step["title"], "text": f"<p>{step['text']}</p>"})
                for step in spec.steps
            ],
        )
    )
    if spec.quote:
        blocks.append(s.block("quote", spec.quote))
    if spec.image in images:
        picture = IMAGES_BY_KEY[spec.image]
        blocks.append(s.image(images[spec.image], picture.alt_text, picture.caption))
    return blocks


def results(spec):
    return [s.block("result", result) for result in spec.results]


def authors(number, spec):
    """Invented authors: names from a fixed list, consent for some and not for others."""
    names = TEXT["practice"]["author_names"]
    return [
        PracticeAuthor(
            name=names[(number * 3 + index) % len(names)],
            position=position,
            consent_to_publish=(number + index) % 3 != 2,
        )
        for index, position in enumerate(spec.positions)
    ]


def related_slugs(spec):
    """The first practices sharing a direction with this one, in the bank's order."""
    own = set(spec.directions)
    return [
        other.slug for other in PRACTICES if other.slug != spec.slug and own & set(other.directions)
    ][:RELATED_LIMIT]


def conclusion(spec):
    if not spec.verdict:
        return "", None
    recommended = [other.slug for other in PRACTICES if other.verdict]
    date = LAST_CONCLUSION - CONCLUSION_STEP * (len(recommended) - 1 - recommended.index(spec.slug))
    texts = TEXT["practice"]
    return f"{texts['conclusion_lead']} {spec.verdict} {texts['conclusion_tail']}", date


def date_practices(practices):
    """The practices came into the bank over the last year, not on the load day: a recommended
    one on its expert conclusion's day, the others a fortnight apart before the newest."""
    pages = list(practices.values())
    for index, page in enumerate(pages):
        day = page.expert_conclusion_date or LAST_CONCLUSION - CONCLUSION_STEP * index
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))
        page.first_published_at = page.last_published_at = moment
    PracticePage.objects.bulk_update(pages, ["first_published_at", "last_published_at"])


def school_contact(position, school):
    """The first author's position and how to reach the school."""
    reach = school.email or school.phone or "через приёмную школы"
    return f"{position.capitalize()}, {reach}"


def evidence_fields(spec, school):
    evidence = EVIDENCE[spec.slug]
    materials, equipment, training = evidence.money
    amount, unit = evidence.first_results
    return {
        "evidence_level": evidence.level,
        "start_year": timeline.year(evidence.start),
        "teacher_hours_per_month": evidence.hours,
        "materials_cost": materials,
        "equipment_cost": equipment,
        "training_cost": training,
        "results_after": amount,
        "results_after_unit": unit,
        # The practice's own steps are where a school that takes it up begins.
        "first_steps": "\n".join(f"{step['title']}: {step['text']}" for step in spec.steps),
        "difficulties": evidence.difficulty,
        "contact": school_contact(spec.positions[0], school),
        "contact_consent": evidence.consent,
    }


def practice_fields(number, spec, terms, images, materials):
    grade_from, grade_to = spec.grades or (None, None)
    text, date = conclusion(spec)
    return {
        **evidence_fields(spec, terms.schools[spec.school]),
        "title": spec.title,
        "annotation": spec.annotation,
        "search_description": spec.annotation,
        "kind": spec.kind,
        "school": terms.schools[spec.school],
        "levels": [terms.levels[slug] for slug in spec.levels],
        "grade_from": grade_from,
        "grade_to": grade_to,
        "subjects": [terms.subjects[slug] for slug in spec.subjects],
        "directions": [terms.directions[slug] for slug in spec.directions],
        "risk_factors": [terms.risks[slug] for slug in spec.risks],
        "problem": spec.problem,
        "description": description(spec, images),
        "results": results(spec),
        "resources": spec.resources,
        "expert_conclusion": text,
        "expert_conclusion_date": date,
        "authors": authors(number, spec),
        "materials": [PracticeMaterial(material=materials[key]) for key in spec.materials],
    }


def ensure_pages(bank, specs, page_class, school, user):
    """Put a bare page at each missing slug, so that related practices can point at it."""
    existing = set(bank.get_children().values_list("slug", flat=True))
    for spec in specs:
        if spec.slug not in existing:
            bank.add_child(
                instance=page_class(
                    slug=spec.slug,
                    title=spec.title,
                    live=False,
                    owner=user,
                    annotation=spec.annotation,
                    kind=spec.kind,
                    school=school(spec),
                    problem=spec.problem,
                    description=[],
                )
            )


def load_practices(bank, user, terms, images, materials):
    ensure_pages(bank, PRACTICES, PracticePage, lambda spec: terms.schools[spec.school], user)
    pages = {page.slug: page for page in PracticePage.objects.child_of(bank)}
    published = {}
    for number, spec in enumerate(PRACTICES):
        fields = practice_fields(number, spec, terms, images, materials)
        fields["related_practices"] = [pages[slug] for slug in related_slugs(spec)]
        published[spec.slug] = publish_page(bank, PracticePage, spec.slug, user=user, **fields)
    return published


def load_drafts(bank, terms):
    """The school editor's drafts; the first is sent for review if the workflow exists."""
    editor = get_user_model().objects.get(username=EDITOR_USERNAME)
    school = terms.schools[EDITOR_SCHOOL]
    ensure_pages(bank, DRAFTS, PracticePage, lambda spec: school, editor)
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW, active=True).first()
    submitted = 0
    for spec in DRAFTS:
        page = PracticePage.objects.child_of(bank).get(slug=spec.slug)
        page.title = page.draft_title = spec.title
        page.owner = editor
        page.annotation, page.problem, page.kind = spec.annotation, spec.problem, spec.kind
        page.description = [s.paragraph(spec.about)]
        page.levels = [terms.levels[slug] for slug in spec.levels]
        page.subjects = [terms.subjects[slug] for slug in spec.subjects]
        page.directions = [terms.directions[slug] for slug in spec.directions]
        page.first_steps = "\n".join(spec.first_steps)
        page.difficulties, page.contact = spec.difficulties, spec.contact
        page.contact_consent = bool(spec.contact)
        page.save_revision(user=editor, log_action=True)
        if spec.submit and workflow is not None:
            if not page.workflow_in_progress:
                workflow.start(page, editor)
            submitted += 1
    return submitted


# --- Pages ------------------------------------------------------------------------------------


def load(stdout):
    ctx = context(stdout)
    home, user = ctx.home, ctx.user
    terms = Terms()
    events = {page.slug: page for page in EventPage.objects.live()}
    materials = load_materials(user, terms, events)
    changed_events = attach_to_events(materials, events, user)
    bank = publish_page(
        home,
        PracticeIndexPage,
        SECTIONS["practices"],
        user=user,
        title=TEXT["bank"]["title"],
        intro=TEXT["bank"]["intro"],
        search_description=TEXT["bank"]["description"],
        show_in_menus=True,
    )
    materials_page = publish_page(
        home,
        MaterialsIndexPage,
        SECTIONS["materials"],
        user=user,
        title=TEXT["materials_bank"]["title"],
        intro=TEXT["materials_bank"]["intro"],
        search_description=TEXT["materials_bank"]["description"],
        show_in_menus=True,
    )
    practices = load_practices(bank, user, terms, ctx.images, materials)
    collection = publish_page(
        bank,
        PracticeCollectionPage,
        TEXT["collection"]["slug"],
        user=user,
        title=TEXT["collection"]["title"],
        intro=TEXT["collection"]["intro"],
        search_description=TEXT["collection"]["description"],
        chosen_practices=[
            CollectionPractice(practice=practices[slug]) for slug in TEXT["collection"]["practices"]
        ],
    )
    date_practices(practices)
    submitted = load_drafts(bank, terms)
    recommended = sum(1 for spec in PRACTICES if spec.verdict)
    stdout.write(
        f"Опубликован «{bank.title}» ({bank.url}): практик — {len(practices)}, рекомендованы — "
        f"{recommended}; черновиков — {len(DRAFTS)}, на экспертизе — {submitted}"
    )
    stdout.write(f"Опубликован сборник «{collection.title}» ({collection.url})")
    stdout.write(
        f"Опубликован «{materials_page.title}» ({materials_page.url}): материалов — "
        f"{len(materials)}, обновлены материалы мероприятий: {changed_events}"
    )
