"""Demo roadmaps under «Дорожные карты»: the region's roadmap of the current school year, and
two historic ones typed from the source documents (the Amur programme, the Kazachinsky roadmap).

The section page itself is the shell's (``demo.site``); this loader adds RoadmapPages under
it (``content/roadmaps.toml``), their items read through the importer from the tables
(``content/roadmaps/<name>.csv``). The current school year's roadmap takes its years from the
load day (``demo.timeline``), and its items' statuses from their deadlines: done when due
before the load day (but a few left late), planned after it (but a few already started); the
historic ones are done but for the items their entries name.
Running it again updates the pages and replaces their items.
"""

import csv
import datetime

from roadmaps.importing import parse_rows
from roadmaps.models import RoadmapItem, RoadmapPage
from roadmaps.status import DONE, IN_PROGRESS, PLANNED
from schools.models import Municipality

from . import timeline
from .data import CONTENT, read
from .site import SECTIONS, context, section


def on_timeline(roadmap):
    """A roadmap of the current school year with its years filled in; others as written."""
    if not roadmap.get("school_year"):
        return roadmap
    years = {"year": timeline.SCHOOL_YEAR, "next_year": timeline.SCHOOL_YEAR + 1}
    texts = {key: roadmap[key].format(**years) for key in ("slug", "title", "intro")}
    period = [datetime.date(timeline.SCHOOL_YEAR, 9, 1), datetime.date(years["next_year"], 8, 31)]
    return {**roadmap, **texts, "years": years, "period": period}


ROADMAPS = [on_timeline(roadmap) for roadmap in read("roadmaps")["roadmaps"]]
CURRENT_PREFIX = "regionalnaya-dorozhnaya-karta-"


def table_rows(name, years=None):
    """The table ``content/roadmaps/<name>.csv`` as an editor would import it: the header,
    section rows and items; ``years`` fill in a school year's table."""
    with (CONTENT / "roadmaps" / f"{name}.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    if years:
        rows = [[cell.format(**years) for cell in row] for row in rows]
    return rows


def status_on_load_day(roadmap, row):
    if "statuses" in roadmap:  # a historic roadmap: its period is over
        return roadmap["statuses"].get(row["number"], DONE)
    if row["due_date"] is not None and row["due_date"] < timeline.TODAY:
        return IN_PROGRESS if row["number"] in roadmap["late"] else DONE
    return IN_PROGRESS if row["number"] in roadmap["started"] else PLANNED


def _items(roadmap):
    rows = table_rows(roadmap.get("csv", roadmap["slug"]), roadmap.get("years"))
    parsed = parse_rows(rows, roadmap["period"])
    if parsed.errors:
        raise RuntimeError("; ".join(parsed.errors))
    for row in parsed.rows:
        row["status"] = status_on_load_day(roadmap, row)
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
    # A load on an earlier day made the roadmap of another school year: this one replaces it.
    current = {roadmap["slug"] for roadmap in ROADMAPS if roadmap.get("school_year")}
    for page in RoadmapPage.objects.child_of(parent).filter(slug__startswith=CURRENT_PREFIX):
        if page.slug not in current:
            page.delete()
    for roadmap in ROADMAPS:
        page = build_roadmap(parent.specific, roadmap, ctx.user)
        count = RoadmapItem.objects.filter(page=page).count()
        stdout.write(f"Опубликована дорожная карта «{page.title}» (мероприятий: {count})")
