"""/sitemap.xml lists the live pages anyone may read; /robots.txt keeps crawlers off the admin
and the private addresses, and names the sitemap by an absolute address."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    PracticeIndexPageFactory,
    PracticePageFactory,
    RoadmapPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ORIGIN = "http://testserver"


def sitemap_entries(client, **headers):
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


@pytest.fixture
def tree(home):
    about = StandardPageFactory(title="О проекте", slug="o-proekte")
    calendar = EventIndexPageFactory()
    event = EventPageFactory(parent=calendar, slug="seminar", registration_mode="form")
    roadmap = RoadmapPageFactory(slug="karta")
    draft = StandardPageFactory(title="Черновик", slug="chernovik", live=False, publish=False)
    closed = StandardPageFactory(title="Для своих", slug="dlya-svoih")
    PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.LOGIN)
    below_closed = StandardPageFactory(parent=closed, slug="vnutri")
    return {
        "public": [home, about, calendar, event, roadmap],
        "hidden": [draft, closed, below_closed],
        "event": event,
        "roadmap": roadmap,
    }


def test_sitemap_lists_exactly_the_live_public_pages(client, tree):
    entries = sitemap_entries(client)
    assert set(entries) == {ORIGIN + page.url for page in tree["public"]}
    assert not {ORIGIN + page.url for page in tree["hidden"]} & set(entries)


def test_a_page_date_is_its_last_publication(client, tree):
    about = tree["public"][1]
    about.last_published_at = datetime.datetime(2025, 3, 14, 12, tzinfo=datetime.UTC)
    about.save(update_fields=["last_published_at"])
    assert sitemap_entries(client)[ORIGIN + about.url] == "2025-03-14"


def test_addresses_take_the_host_the_sitemap_was_asked_on(client, tree):
    entries = sitemap_entries(client, HTTP_HOST="localhost:8123")
    assert "http://localhost:8123/o-proekte/" in entries
    assert all(loc.startswith("http://localhost:8123/") for loc in entries)


def test_a_page_published_now_is_in_the_sitemap_at_once(client, tree):
    sitemap_entries(client)
    page = StandardPageFactory(title="Новый раздел", slug="novyi-razdel")
    entries = sitemap_entries(client)
    assert entries[ORIGIN + page.url] == timezone.localdate().isoformat()


def test_sitemap_queries_do_not_grow_with_the_site(client, home, django_assert_max_num_queries):
    bank = PracticeIndexPageFactory()
    calendar = EventIndexPageFactory()

    def add_pages(count):
        for _ in range(count):
            StandardPageFactory()
            PracticePageFactory(parent=bank)
            EventPageFactory(parent=calendar)

    add_pages(2)
    # The first request after a publication fills the per-site caches, as on a running site.
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(5) as few:
        client.get("/sitemap.xml")
    few = len(few)
    add_pages(40)
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(few):
        assert len(sitemap_entries(client)) == 3 + 3 * 42


# --- robots.txt --------------------------------------------------------------------------


def robots(client, **headers):
    response = client.get("/robots.txt", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = [line.split(":", 1) for line in response.content.decode().splitlines() if line]
    return [(field.strip(), value.strip()) for field, value in lines]


def disallowed(rules, path):
    """Whether a crawler keeps off ``path``: ``*`` stands for any characters (Google, Yandex)."""
    patterns = [value for field, value in rules if field == "Disallow"]
    return any(re.match(re.escape(p).replace(r"\*", ".*"), path) for p in patterns)


def test_robots_keeps_crawlers_off_the_admin_and_the_private_addresses(client, tree):
    rules = robots(client)
    assert ("User-agent", "*") in rules
    event, roadmap = tree["event"], tree["roadmap"]
    private = [
        reverse("wagtailadmin_home"),
        reverse("participant", args=["token"]),
        reverse("participant_certificate", args=["token"]),
        event.url + event.reverse_subpage("registration_view", args=["token"]),
        event.url + event.reverse_subpage("confirm_view", args=["token"]),
        roadmap.url + roadmap.reverse_subpage("print"),
    ]
    for path in private:
        assert disallowed(rules, path), path
    for page in tree["public"]:
        assert not disallowed(rules, page.url), page.url


def test_robots_names_the_sitemap_by_an_absolute_address_that_opens(client, tree):
    sitemap = dict(robots(client, HTTP_HOST="localhost:8123"))["Sitemap"]
    assert sitemap == "http://localhost:8123/sitemap.xml"
    assert client.get(sitemap, HTTP_HOST="localhost:8123").status_code == 200
