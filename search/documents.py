"""What the site search indexes: live public pages and the materials, as ``SearchDocument``s.

``documents_for`` turns pages (of any class) and materials into documents; ``all_documents``
walks the whole site in chunks. The number of queries of a chunk does not depend on its size:
one for the pages, one per page class, one per prefetched relation. Stream fields are read from
their raw JSON so that chooser blocks (images, documents) fetch nothing.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from types import SimpleNamespace

from django.core.exceptions import FieldDoesNotExist
from django.db.models import prefetch_related_objects
from django.utils import timezone
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from events.models import EventPage
from practices.models import Material, PracticePage, public_materials
from schools.models import SchoolPage

from .backends.base import Kind, SearchDocument

CHUNK_SIZE = 500

# Choosers would query to read their value; a choice's value is a code, not text.
SKIPPED_BLOCKS = (blocks.ChooserBlock, blocks.ChoiceBlock, blocks.MultipleChoiceBlock)

# Relations each page class needs, fetched once per chunk.
PREFETCH = {
    PracticePage: ("levels", "subjects", "directions", "school"),
    EventPage: ("organiser", "audiences"),
    SchoolPage: ("school__municipality",),
}
# Shown between the titles of a page's sections, from the home page down to its parent.
TRAIL_SEPARATOR = " › "


def page_key(pk) -> str:
    return f"page:{pk}"


def material_key(pk) -> str:
    return f"material:{pk}"


def all_documents(chunk_size: int = CHUNK_SIZE) -> Iterator[SearchDocument]:
    """Every document of the site, pages first, fetched ``chunk_size`` objects at a time."""
    page_pks = list(indexable_pages().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(page_pks), chunk_size):
        yield from _page_documents(page_pks[start : start + chunk_size])
    material_pks = list(indexable_materials().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(material_pks), chunk_size):
        yield from _material_documents(material_pks[start : start + chunk_size])


def documents_for(objects: Iterable) -> list[SearchDocument]:
    """Documents of these pages and materials; those not to be indexed (drafts, restricted
    pages or collections, aliases, the root) are left out."""
    page_pks, material_pks = [], []
    for obj in objects:
        if isinstance(obj, Material):
            material_pks.append(obj.pk)
        elif isinstance(obj, Page):
            page_pks.append(obj.pk)
    return _page_documents(page_pks) + _material_documents(material_pks)


def indexable_pages():
    # Depth 1 is the tree's root, which is no page of any site; an alias repeats its original.
    return Page.objects.live().public().filter(depth__gt=1, alias_of__isnull=True)


def indexable_materials():
    return public_materials()


def _page_documents(pks: list) -> list[SearchDocument]:
    if not pks:
        return []
    pages = list(indexable_pages().filter(pk__in=pks).order_by("pk").specific())
    by_class = defaultdict(list)
    for page in pages:
        by_class[type(page)].append(page)
    for page_class, relations in PREFETCH.items():
        if by_class.get(page_class):
            prefetch_related_objects(by_class[page_class], *relations)
    trails = _trails(pages)
    root_paths = Site.get_site_root_paths()
    several_sites = len({root_path.site_id for root_path in root_paths}) > 1
    # The attribute get_url_parts caches the root paths on: read once for the whole chunk.
    cache = SimpleNamespace(_wagtail_cached_site_root_paths=root_paths)
    documents = []
    for page in pages:
        parts = page.get_url_parts(request=cache)
        if parts is None or parts[2] is None:  # outside every site
            continue
        _site_id, root_url, path = parts
        url = root_url + path if several_sites else path
        documents.append(_page_document(page, url, trails[page.pk]))
    return documents


def _trails(pages) -> dict:
    """Each page's sections, «Школы › МАОУ «СОШ № 37»»: the titles of its ancestors below the
    home page (depth 2), read in one query for the whole chunk."""
    steplen = Page.steplen
    ancestor_paths = {
        page.pk: [page.path[: steplen * depth] for depth in range(3, page.depth)] for page in pages
    }
    titles = dict(
        Page.objects.filter(
            path__in={path for paths in ancestor_paths.values() for path in paths}
        ).values_list("path", "title")
    )
    return {
        pk: TRAIL_SEPARATOR.join(titles[path] for path in paths if path in titles)
        for pk, paths in ancestor_paths.items()
    }


def _page_document(page, url: str, trail: str) -> SearchDocument:
    if isinstance(page, PracticePage):
        return _practice_document(page, url)
    if isinstance(page, EventPage):
        return _event_document(page, url)
    if isinstance(page, SchoolPage):
        return _school_document(page, url)
    return SearchDocument(
        key=page_key(page.pk),
        kind=Kind.PAGE,
        title=page.title,
        body=_join(_search_field_texts(page)),
        url=url,
        date=_local_date(page.last_published_at),
        context=trail,
    )


def _practice_document(page: PracticePage, url: str) -> SearchDocument:
    levels = list(page.levels.all())
    subjects = list(page.subjects.all())
    directions = list(page.directions.all())
    parts = [
        page.annotation,
        page.problem,
        *_stream_texts(page, "description"),
        *_stream_texts(page, "results"),
        page.resources,
        page.grades_label,
        page.school.short_name,
        *(term.name for term in [*levels, *subjects, *directions]),
    ]
    return SearchDocument(
        key=page_key(page.pk),
        kind=Kind.PRACTICE,
        title=page.title,
        body=_join(parts),
        url=url,
        date=_local_date(page.first_published_at),
        context=page.school.short_name,
        facets={
            "kind": [page.kind] if page.kind else [],
            "level": [term.slug for term in levels],
            "subject": [term.slug for term in subjects],
            "direction": [term.slug for term in directions],
        },
    )


def _event_document(page: EventPage, url: str) -> SearchDocument:
    parts = [
        page.summary,
        page.place,
        page.organiser.name if page.organiser else "",
        *(audience.name for audience in page.audiences.all()),
        *_stream_texts(page, "body"),
        *_stream_texts(page, "programme"),
        page.expected_result,
    ]
    return SearchDocument(
        key=page_key(page.pk),
        kind=Kind.EVENT,
        title=page.title,
        body=_join(parts),
        url=url,
        date=_local_date(page.start),
    )


def _school_document(page: SchoolPage, url: str) -> SearchDocument:
    school = page.school
    parts = [school.short_name, school.full_name, school.address, page.summary]
    return SearchDocument(
        key=page_key(page.pk),
        kind=Kind.SCHOOL,
        title=page.title,
        body=_join([*parts, *_stream_texts(page, "body")]),
        url=url,
        date=_local_date(page.last_published_at),
        context=school.municipality.name,
    )


def _material_documents(pks: list) -> list[SearchDocument]:
    if not pks:
        return []
    materials = (
        indexable_materials().filter(pk__in=pks).select_related("theme", "event").order_by("pk")
    )
    return [_material_document(material) for material in materials]


def _material_document(material) -> SearchDocument:
    """A material dated by the event it was presented at, else by its upload; the event is
    its context."""
    event = material.event if material.event and material.event.live else None
    return SearchDocument(
        key=material_key(material.pk),
        kind=Kind.MATERIAL,
        title=material.title,
        body=_join(
            [
                material.description,
                material.theme.name if material.theme else "",
                material.get_material_type_display() if material.material_type else "",
            ]
        ),
        url=material.url,
        date=_local_date(event.start if event else material.created_at),
        context=event.title if event else "",
    )


def _search_field_texts(page) -> Iterator[str]:
    """The text of the page's own search fields (Wagtail's ``search_fields``), title aside."""
    for search_field in page.get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name == "title":
            continue
        try:
            model_field = page._meta.get_field(search_field.field_name)
        except FieldDoesNotExist:  # a method or property: not stored text
            continue
        if isinstance(model_field, StreamField):
            yield from _stream_texts(page, search_field.field_name)
        elif isinstance(model_field, RichTextField):
            yield get_text_for_indexing(getattr(page, search_field.field_name) or "")
        elif model_field.get_internal_type() in ("CharField", "TextField"):
            yield getattr(page, search_field.field_name) or ""


def _stream_texts(page, name: str) -> Iterator[str]:
    stream_block = page._meta.get_field(name).stream_block
    yield from _block_texts(stream_block, list(getattr(page, name).raw_data))


def _block_texts(block, raw) -> Iterator[str]:
    """Text of a block's raw (JSON) value, read without ``to_python`` for choosers."""
    if raw is None or not getattr(block.meta, "search_index", True):
        return
    if isinstance(block, blocks.StreamBlock):
        for item in raw:
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                yield from _block_texts(child, item.get("value"))
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            # Items are stored as {"type": "item", "value": …, "id": …} since Wagtail 2.16.
            value = item["value"] if isinstance(item, dict) and item.get("type") == "item" else item
            yield from _block_texts(block.child_block, value)
    elif isinstance(block, blocks.StructBlock):
        if isinstance(raw, dict):
            for child_name, child in block.child_blocks.items():
                yield from _block_texts(child, raw.get(child_name))
    elif not isinstance(block, SKIPPED_BLOCKS):
        yield from block.get_searchable_content(block.to_python(raw))


def _join(parts) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _local_date(moment):
    return timezone.localdate(moment) if moment else None
