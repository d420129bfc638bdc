"""The demo roadmaps: the current school year's, and the Amur programme and the Kazachinsky
roadmap from the source documents, as RoadmapPages."""

from io import StringIO

import pytest

from demo import roadmaps as demo_roadmaps
from demo.timeline import SCHOOL_YEAR, TODAY
from roadmaps.models import RoadmapItem, RoadmapPage
from site_cms.models import NavigationSettings, StandardPage


@pytest.fixture
def loaded(demo_loaded, db, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


CURRENT = f"regionalnaya-dorozhnaya-karta-{SCHOOL_YEAR}-{SCHOOL_YEAR + 1}"
HISTORIC = ["amurskaya-oblast-2023-2024", "kazachinskij-rajon-2023"]


def test_the_roadmaps_are_published_under_the_section(loaded, client):
    section = StandardPage.objects.get(slug="dorozhnye-karty")
    roadmaps = {page.slug: page for page in RoadmapPage.objects.live().child_of(section)}
    assert set(roadmaps) == {CURRENT, *HISTORIC}
    assert roadmaps["amurskaya-oblast-2023-2024"].items.count() == 34
    kazachinsky = roadmaps["kazachinskij-rajon-2023"]
    assert kazachinsky.items.count() == 40
    assert kazachinsky.municipality.name == "Казачинский район"
    assert not StandardPage.objects.child_of(section).exists()
    listing = client.get(section.url).content.decode()
    assert kazachinsky.url in listing


def test_the_current_roadmap_runs_on_the_load_days_school_year(loaded, client):
    roadmap = RoadmapPage.objects.get(slug=CURRENT)
    assert (roadmap.period_start.year, roadmap.period_end.year) == (SCHOOL_YEAR, SCHOOL_YEAR + 1)
    assert f"{SCHOOL_YEAR}/{SCHOOL_YEAR + 1} учебный год" in roadmap.title
    spec = next(entry for entry in demo_roadmaps.ROADMAPS if entry["slug"] == CURRENT)
    # What fell due before the load day is done but for the late items (shown overdue);
    # nothing ahead is done, a few items have started.
    shown = set()
    for item in roadmap.items.all():
        if item.due_date < TODAY:
            late = item.number in spec["late"]
            assert item.status == ("in_progress" if late else "done"), item.number
            shown.add("Просрочено" if late else "Выполнено")
        else:
            started = item.number in spec["started"]
            assert item.status == ("in_progress" if started else "planned"), item.number
            shown.add("Выполняется" if started else "Запланировано")
    content = client.get(roadmap.url).content.decode()
    for word in shown:
        assert f">{word}</span>" in content


@pytest.mark.parametrize("slug", HISTORIC)
def test_historic_roadmaps_say_so_and_are_mostly_done(loaded, client, slug):
    roadmap = RoadmapPage.objects.get(slug=slug)
    assert "Документ прошлых лет" in roadmap.intro
    statuses = list(roadmap.items.values_list("status", flat=True))
    assert statuses.count("done") >= 0.8 * len(statuses)
    content = client.get(roadmap.url).content.decode()
    assert "Документ прошлых лет" in content


def test_the_menu_still_points_at_the_roadmaps_section(loaded):
    from wagtail.models import Site

    menu = NavigationSettings.for_site(Site.objects.get(is_default_site=True)).main_menu
    assert "/dorozhnye-karty/" in [link.value.href for link in menu]


def test_loading_again_updates_instead_of_copying(loaded):
    before = (RoadmapPage.objects.count(), RoadmapItem.objects.count())
    demo_roadmaps.load(StringIO())
    assert (RoadmapPage.objects.count(), RoadmapItem.objects.count()) == before
