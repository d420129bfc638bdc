"""The demo bank of practices and materials: idempotent, varied, real files, pages that answer."""

import io
import zipfile
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from curriculum.models import EducationLevel
from demo.practices import TEXT
from demo.site import SECTIONS
from demo.timeline import TODAY
from practices.models import (
    Kind,
    Material,
    PracticeCollectionPage,
    PracticeMaterial,
    PracticePage,
)

# What each format's file must contain to open in its program.
ZIP_MEMBERS = {
    "docx": {"[Content_Types].xml", "_rels/.rels", "word/document.xml"},
    "pptx": {
        "[Content_Types].xml",
        "_rels/.rels",
        "ppt/presentation.xml",
        "ppt/_rels/presentation.xml.rels",
        "ppt/slideMasters/slideMaster1.xml",
        "ppt/slideLayouts/slideLayout1.xml",
        "ppt/theme/theme1.xml",
        "ppt/slides/slide1.xml",
    },
    "xlsx": {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"},
}


@pytest.fixture
def demo(demo_loaded, db):
    return PracticePage.objects.live()


def file_bytes(material):
    with material.open_file() as handle:
        return handle.read()


def test_practices_cover_kinds_levels_municipalities_and_taxonomies(demo):
    practices = list(
        demo.select_related("school__municipality").prefetch_related(
            "levels", "subjects", "directions", "risk_factors", "authors"
        )
    )
    assert len(practices) >= 30
    assert len({practice.school.municipality_id for practice in practices}) >= 4
    assert {practice.kind for practice in practices} == set(Kind.values)
    levels = {level.pk for practice in practices for level in practice.levels.all()}
    assert levels == set(EducationLevel.objects.values_list("pk", flat=True))
    assert len({d.pk for practice in practices for d in practice.directions.all()}) >= 10
    assert len({r.pk for practice in practices for r in practice.risk_factors.all()}) >= 8
    for practice in practices:
        assert practice.annotation and practice.problem and practice.resources
        assert practice.description and practice.results
        assert 1 <= practice.authors.count() <= 3
        for name in ("description", "results"):
            value = getattr(practice, name)
            value.stream_block.clean(value)
    consents = {author.consent_to_publish for p in practices for author in p.authors.all()}
    assert consents == {True, False}


def test_about_two_thirds_are_recommended_with_dated_conclusions(demo):
    recommended = [practice for practice in demo if practice.is_recommended]
    assert 0.6 <= len(recommended) / demo.count() <= 0.75
    for practice in recommended:
        assert practice.expert_conclusion
        # Dated over the last year, none after the load day.
        assert TODAY - timedelta(days=366) <= practice.expert_conclusion_date < TODAY
    assert demo.filter(related_practices__isnull=False).distinct().count() == demo.count()


def test_every_practice_has_the_evidence_banks_marks_and_the_levels_vary(demo):
    practices = list(demo)
    levels = Counter(practice.evidence_level for practice in practices)
    assert set(levels) == {0, 1, 2, 3} and min(levels.values()) >= 3
    assert {practice.cost_level for practice in practices} == {"low", "medium", "high"}
    assert len({practice.results_band for practice in practices}) == 3
    for practice in practices:
        assert practice.start_year and practice.results_after_label, practice.title
        assert practice.start_steps and practice.difficulties and practice.contact
        if practice.is_recommended:
            assert practice.contact_consent, practice.title


def test_a_card_shows_its_schools_results_before_and_after(demo, client):
    # Формирующее оценивание по математике started in the school year of the demo's first results.
    practice = demo.get(slug="formiruyushchee-otsenivanie-matematika")
    html = client.get(practice.url).content.decode()
    assert "Результаты школы до и после начала практики" in html
    assert "ВПР, математика" in html


def test_school_editor_has_two_drafts_one_under_review(demo):
    editor = get_user_model().objects.get(username="school-editor")
    drafts = PracticePage.objects.filter(live=False)
    assert drafts.count() == 2
    assert {draft.owner for draft in drafts} == {editor}
    assert all(draft.latest_revision.user == editor for draft in drafts)
    under_review = [draft for draft in drafts if draft.workflow_in_progress]
    assert [draft.slug for draft in under_review] == ["uchebnye-pary-russkiy-yazyk"]


def test_collection_holds_chosen_recommended_practices(demo):
    collection = PracticeCollectionPage.objects.live().get(slug=TEXT["collection"]["slug"])
    chosen = [item.practice for item in collection.chosen_practices.all()]
    assert 8 <= len(chosen) <= 12
    assert all(practice.live and practice.is_recommended for practice in chosen)


def test_materials_are_typed_attached_to_events_and_open_in_their_format(demo):
    materials = list(Material.objects.exclude(material_type="").select_related("event"))
    assert len(materials) >= 20
    assert {material.collection.name for material in materials} == {
        TEXT["materials_bank"]["collection"]
    }
    extensions = set()
    for material in materials:
        assert material.event is not None and material.theme_id and material.year
        listed = [block.value["document"].pk for block in material.event.specific.materials]
        assert material.pk in listed, material.title
        extension = material.file_extension
        extensions.add(extension)
        data = file_bytes(material)
        if extension == "pdf":
            assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        else:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                assert ZIP_MEMBERS[extension] <= set(archive.namelist()), material.title
                assert archive.testzip() is None
    assert extensions == {"pdf", "docx", "pptx", "xlsx"}
    assert PracticeMaterial.objects.count() >= 10


@pytest.mark.parametrize(
    "path",
    [
        f"/{SECTIONS['practices']}/",
        f"/{SECTIONS['practices']}/formiruyushchee-otsenivanie-matematika/",
        f"/{SECTIONS['practices']}/{TEXT['collection']['slug']}/",
        f"/{SECTIONS['materials']}/",
    ],
)
def test_bank_pages_answer(demo, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "<h1" in response.content.decode()


def test_menu_and_home_link_to_the_banks(demo, client):
    html = client.get("/").content.decode()
    assert f'href="/{SECTIONS["practices"]}/"' in html
    assert f'href="/{SECTIONS["materials"]}/"' in html
