"""The «Показатели» page's sections and contents list, from the blocks of its body.

Pure: takes the body's blocks (anything with ``block_type``, ``value`` and ``id``) and the
programme tables to put before some of them. An h2 heading block opens a section; the blocks up to
the next one are its content, and their headings — h3 heading blocks, the charts' own headings,
the programme tables — are its subsections. Every section and subsection gets an anchor from its
title (transliterated, as the site's slugs are), unique on the page.
"""

from dataclasses import dataclass, field

from anyascii import anyascii
from django.utils.text import slugify

HEADING = "heading"
TABLE = "table"
BLOCK = "block"
TABLE_TITLE = "Все показатели программы"


@dataclass
class Item:
    kind: str  # HEADING (an h3 heading block), TABLE (a programme's table) or BLOCK
    block: object = None
    title: str = ""
    anchor: str = ""
    table: object = None


@dataclass
class Section:
    title: str  # empty for what comes before the first section heading
    anchor: str = ""
    items: list[Item] = field(default_factory=list)

    @property
    def heading_level(self):
        """The level of the headings inside: under a section's h2 they are h3."""
        return "h3" if self.title else "h2"


@dataclass(frozen=True)
class Entry:
    title: str
    anchor: str
    children: tuple["Entry", ...] = ()


def page_sections(blocks, tables_before=None):
    """(sections, contents): the body grouped into ``Section``s, and the contents list's
    ``Entry``s. ``tables_before`` maps a block's id to the programme table shown before it."""
    tables_before = tables_before or {}
    anchors = Anchors()
    sections = [Section("")]
    for block in blocks:
        value = block.value
        if block.block_type == HEADING and value["level"] == "h2":
            sections.append(Section(value["text"], anchors.make(value["text"])))
            continue
        items = sections[-1].items
        if block.id in tables_before:
            items.append(
                Item(
                    TABLE,
                    title=TABLE_TITLE,
                    anchor=anchors.make(TABLE_TITLE),
                    table=tables_before[block.id],
                )
            )
        if block.block_type == HEADING:
            items.append(Item(HEADING, title=value["text"], anchor=anchors.make(value["text"])))
            continue
        title = value.get("heading", "") if hasattr(value, "get") else ""
        items.append(Item(BLOCK, block, title, anchors.make(title) if title else ""))
    contents = [
        Entry(
            section.title,
            section.anchor,
            tuple(Entry(item.title, item.anchor) for item in section.items if item.anchor),
        )
        for section in sections
        if section.title
    ]
    return [section for section in sections if section.title or section.items], contents


class Anchors:
    """Anchors from titles: «Результаты ВПР» → «rezultaty-vpr», then «rezultaty-vpr-2»."""

    def __init__(self):
        self.used = set()

    def make(self, title):
        base = slugify(anyascii(title))[:60].strip("-") or "razdel"
        anchor, number = base, 1
        while anchor in self.used:
            number += 1
            anchor = f"{base}-{number}"
        self.used.add(anchor)
        return anchor
