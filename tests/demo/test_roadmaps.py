"""The demo roadmaps: the Amur programme and the Kazachinsky roadmap as RoadmapPages."""

from io import StringIO

import pytest

from demo import roadmaps as demo_roadmaps
from roadmaps.models import RoadmapItem, RoadmapPage
from site_cms.models import NavigationSettings, StandardPage


@pytest.fixture
def loaded(demo_loaded, db, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def test_both_roadmaps_are_published_under_the_section(loaded, client):
    section = StandardPage.objects.get(slug="dorozhnye-karty")
    roadmaps = {page.slug: page for page in RoadmapPage.objects.live().child_of(section)}
    assert set(roadmaps) == {"amurskaya-oblast-2023-2024", "kazachinskij-rajon-2023"}
    assert roadmaps["amurskaya-oblast-2023-2024"].items.count() == 34
    kazachinsky = roadmaps["kazachinskij-rajon-2023"]
    assert kazachinsky.items.count() == 40
    assert kazachinsky.municipality.name == "Казачинский район"
    assert not StandardPage.objects.child_of(section).exists()
    listing = client.get(section.url).content.decode()
    assert kazachinsky.url in listing


@pytest.mark.parametrize("slug", ["amurskaya-oblast-2023-2024", "kazachinskij-rajon-2023"])
def test_the_demo_shows_done_in_progress_and_overdue(loaded, client, slug):
    content = client.get(RoadmapPage.objects.get(slug=slug).url).content.decode()
    for word in ("Выполнено", "Выполняется", "Просрочено"):
        assert f">{word}</span>" in content


def test_the_menu_still_points_at_the_roadmaps_section(loaded):
    from wagtail.models import Site

    menu = NavigationSettings.for_site(Site.objects.get(is_default_site=True)).main_menu
    assert "/dorozhnye-karty/" in [link.value.href for link in menu]


def test_loading_again_updates_instead_of_copying(loaded):
    before = (RoadmapPage.objects.count(), RoadmapItem.objects.count())
    demo_roadmaps.load(StringIO())
    assert (RoadmapPage.objects.count(), RoadmapItem.objects.count()) == before
