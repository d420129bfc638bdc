"""Demo roadmaps under «Дорожные карты»: the Amur programme and the Kazachinsky roadmap.

The section page itself is the shell's (``demo.site``); this loader adds RoadmapPages under
it (``content/roadmaps.toml``), their items read through the importer from the documents'
tables (``content/roadmaps/<slug>.csv``). Running it again updates the pages and replaces their
items.
"""

import csv

from roadmaps.importing import parse_rows
from roadmaps.models import RoadmapItem, RoadmapPage
from roadmaps.status import PLANNED
from schools.models import Municipality

from .data import CONTENT, read
from .site import SECTIONS, context, section

ROADMAPS = read("roadmaps")["roadmaps"]


def table_rows(slug):
    """The roadmap's table as an editor would import it: the header, section rows and items."""
    with (CONTENT / "roadmaps" / f"{slug}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def _items(roadmap):
    parsed = parse_rows(table_rows(roadmap["slug"]), roadmap["period"])
    if parsed.errors:
        raise RuntimeError("; ".join(parsed.errors))
    for row in parsed.rows:
        row["status"] = roadmap["statuses"].get(row["number"], PLANNED)
    return parsed.rows


def build_roadmap(parent, roadmap, user):
    """Create or update the roadmap's page with its items, published through one revision."""
    page = parent.get_children().filter(slug=roadmap["slug"]).first()
    if page is not None and page.specific_class is not RoadmapPage:
        # An earlier demo published this roadmap as a text page with tables.
        page.delete()
        page = None
    name = roadmap.get("municipality")
    fields = {
        "title": roadmap["title"],
        "intro": roadmap["intro"],
        "search_description": roadmap["intro"],
        "level": roadmap["level"],
        "municipality": Municipality.objects.filter(name=name).first() if name else None,
        "period_start": roadmap["period"][0],
        "period_end": roadmap["period"][1],
    }
    if page is None:
        page = RoadmapPage(slug=roadmap["slug"], owner=user, live=False, **fields)
        parent.add_child(instance=page)
    else:
        page = page.specific
        for field, value in fields.items():
            setattr(page, field, value)
    page.items = [RoadmapItem(sort_order=n, **row) for n, row in enumerate(_items(roadmap))]
    page.save_revision(user=user, log_action=True).publish(user=user)
    return page


def load(stdout):
    ctx = context(stdout)
    parent = section(ctx.home, SECTIONS["roadmaps"])
    if parent is None:
        stdout.write("Раздел «Дорожные карты» не найден: демо-дорожные карты не загружены")
        return
    for roadmap in ROADMAPS:
        page = build_roadmap(parent.specific, roadmap, ctx.user)
        count = RoadmapItem.objects.filter(page=page).count()
        stdout.write(f"Опубликована дорожная карта «{page.title}» (мероприятий: {count})")
