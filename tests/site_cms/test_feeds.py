"""RSS and Atom feeds of the schools' news, the bank's practices and the upcoming events."""

import datetime
import xml.etree.ElementTree as ET
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction

from site_cms.models import InstituteSettings
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    PracticeIndexPageFactory,
    PracticePageFactory,
    QualitySectionPageFactory,
    SchoolFactory,
    SchoolIndexPageFactory,
    SchoolNewsPageFactory,
    SchoolPageFactory,
)

pytestmark = pytest.mark.django_db

ATOM = {"a": "http://www.w3.org/2005/Atom"}
ORIGIN = "http://testserver"
MSK = zoneinfo.ZoneInfo("Europe/Moscow")


def rss(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    return ET.fromstring(response.content).find("channel")


def atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def titles(channel):
    return [item.findtext("title") for item in channel.findall("item")]


def published(practice, days_ago):
    """Date a practice's first publication back, to order the bank's news."""
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    type(practice).objects.filter(pk=practice.pk).update(first_published_at=moment)


@pytest.fixture
def bank(home):
    settings = InstituteSettings.for_site(home.get_site())
    settings.short_name = "ИРО"
    settings.name = "Институт развития образования"
    settings.save()
    return PracticeIndexPageFactory()


# --- Practices -------------------------------------------------------------------------------


def test_practices_feed_gives_the_newest_live_public_practices(client, bank):
    school = SchoolFactory(short_name="МОУ «Школа № 7»")
    old = PracticePageFactory(parent=bank, title="Наставничество", school=school)
    new = PracticePageFactory(parent=bank, title="Читательская грамотность", school=school)
    published(old, 10)
    published(new, 1)
    PracticePageFactory(parent=bank, title="Черновик", live=False, publish=False)
    closed = PracticePageFactory(parent=bank, title="Для экспертов")
    PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.LOGIN)

    channel = rss(client, "/feeds/practices.rss")
    assert channel.findtext("title") == "Банк лучших практик — ИРО"
    assert channel.findtext("link") == ORIGIN + bank.url
    assert titles(channel) == ["Читательская грамотность", "Наставничество"]
    item = channel.find("item")
    assert item.findtext("link") == ORIGIN + new.url
    assert item.findtext("description") == "Короткая аннотация практики."
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "МОУ «Школа № 7»"


def test_atom_feed_tells_the_same_with_absolute_links(client, bank):
    practice = PracticePageFactory(parent=bank, title="Наставничество")
    feed = atom(client, "/feeds/practices.atom")
    assert feed.findtext("a:title", namespaces=ATOM) == "Банк лучших практик — ИРО"
    assert feed.find("a:link[@rel='self']", ATOM).get("href") == ORIGIN + "/feeds/practices.atom"
    assert feed.findtext("a:author/a:name", namespaces=ATOM) == "Институт развития образования"
    entry = feed.find("a:entry", ATOM)
    assert entry.findtext("a:title", namespaces=ATOM) == "Наставничество"
    assert entry.find("a:link", ATOM).get("href") == ORIGIN + practice.url
    published_at = datetime.datetime.fromisoformat(entry.findtext("a:published", namespaces=ATOM))
    practice.refresh_from_db()
    assert published_at == practice.first_published_at


def test_links_take_the_host_the_feed_was_asked_on(client, bank):
    practice = PracticePageFactory(parent=bank)
    channel = rss(client, "/feeds/practices.rss", HTTP_HOST="localhost:8123")
    assert channel.find("item").findtext("link") == "http://localhost:8123" + practice.url
    # Kept per host: the first host's copy is not served to the second.
    assert rss(client, "/feeds/practices.rss").find("item").findtext("link").startswith(ORIGIN)


def test_a_feed_holds_the_latest_twenty(client, bank):
    practices = [PracticePageFactory(parent=bank, title=f"Практика {n}") for n in range(22)]
    for age, practice in enumerate(reversed(practices)):
        published(practice, age)
    assert titles(rss(client, "/feeds/practices.rss")) == [
        f"Практика {n}" for n in range(21, 1, -1)
    ]


def test_a_feed_is_kept_and_fresh_after_a_publication(client, bank, django_assert_num_queries):
    PracticePageFactory(parent=bank, title="Первая практика")
    assert titles(rss(client, "/feeds/practices.rss")) == ["Первая практика"]
    with django_assert_num_queries(1):  # the content generation, then the kept copy
        rss(client, "/feeds/practices.rss")

    PracticePageFactory(parent=bank, title="Вторая практика")
    assert titles(rss(client, "/feeds/practices.rss")) == ["Вторая практика", "Первая практика"]


def test_feed_queries_do_not_grow_with_its_items(
    client, bank, settings, django_assert_max_num_queries
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # built on every request
    calendar = EventIndexPageFactory()
    section = QualitySectionPageFactory(parent=SchoolPageFactory(parent=SchoolIndexPageFactory()))

    def add(count):
        for _ in range(count):
            PracticePageFactory(parent=bank)
            EventPageFactory(
                parent=calendar, frequency="weekly", repeat_until=datetime.date(2099, 1, 1)
            )
            SchoolNewsPageFactory(parent=section)

    add(2)
    bounds = {}
    for feed in ("practices", "events", "news"):
        client.get(f"/feeds/{feed}.rss")
        with django_assert_max_num_queries(8) as few:
            client.get(f"/feeds/{feed}.rss")
        bounds[feed] = len(few)
    add(20)
    for feed, bound in bounds.items():
        client.get(f"/feeds/{feed}.rss")
        with django_assert_max_num_queries(bound):
            assert len(titles(rss(client, f"/feeds/{feed}.rss"))) == 20


# --- Events ----------------------------------------------------------------------------------


def test_events_feed_gives_upcoming_events_with_their_dates_in_words(client, home):
    calendar = EventIndexPageFactory()
    start = datetime.datetime(2099, 3, 12, 10, tzinfo=MSK)
    seminar = EventPageFactory(
        parent=calendar,
        title="Формирующее оценивание",
        summary="Разбор уроков с методистами.",
        start=start,
        end=start + datetime.timedelta(hours=2),
    )
    past = timezone.now() - datetime.timedelta(days=30)
    EventPageFactory(parent=calendar, title="Прошедший семинар", start=past, end=past)

    channel = rss(client, "/feeds/events.rss")
    assert channel.findtext("link") == ORIGIN + calendar.url
    assert titles(channel) == ["Формирующее оценивание"]
    item = channel.find("item")
    assert item.findtext("description") == (
        "Когда: 12 марта 2099, 10:00–12:00 МСК. Семинар. Разбор уроков с методистами."
    )
    seminar.refresh_from_db()
    assert item.findtext("pubDate") == seminar.first_published_at.strftime(
        "%a, %d %b %Y %H:%M:%S +0000"
    )


def test_events_feed_puts_the_latest_announced_first(client, home):
    calendar = EventIndexPageFactory()
    soon = EventPageFactory(parent=calendar, title="Скоро")
    later = EventPageFactory(
        parent=calendar,
        title="Позже",
        start=timezone.now() + datetime.timedelta(days=60),
        end=timezone.now() + datetime.timedelta(days=60, hours=2),
    )
    published(soon, 1)
    published(later, 5)
    assert titles(rss(client, "/feeds/events.rss")) == ["Скоро", "Позже"]


# --- News ------------------------------------------------------------------------------------


def test_news_feed_gives_every_school_news_by_its_date(client, home):
    index = SchoolIndexPageFactory()
    schools = [SchoolFactory(short_name=name) for name in ("МОУ «Школа № 1»", "МОУ «Лицей № 2»")]
    sections = [
        QualitySectionPageFactory(parent=SchoolPageFactory(parent=index, school=school))
        for school in schools
    ]
    SchoolNewsPageFactory(parent=sections[0], title="Открытый урок", date=datetime.date(2025, 3, 1))
    SchoolNewsPageFactory(parent=sections[1], title="Педсовет", date=datetime.date(2025, 4, 2))
    SchoolNewsPageFactory(parent=sections[1], title="Черновик", live=False, publish=False)

    channel = rss(client, "/feeds/news.rss")
    assert channel.findtext("link") == ORIGIN + index.url
    assert titles(channel) == ["Педсовет", "Открытый урок"]
    first = channel.find("item")
    assert first.findtext("pubDate") == "Wed, 02 Apr 2025 00:00:00 +0300"
    assert first.findtext("{http://purl.org/dc/elements/1.1/}creator") == "МОУ «Лицей № 2»"
    assert first.findtext("description") == "Кратко о новости."


# --- Where the feeds are announced -----------------------------------------------------------


def alternates(client, url):
    page = BeautifulSoup(client.get(url).content, "html.parser")
    return {link["href"]: link["type"] for link in page.select("head link[rel=alternate]")}


def test_pages_announce_their_feeds(client, bank):
    calendar = EventIndexPageFactory()
    section = QualitySectionPageFactory(parent=SchoolPageFactory(parent=SchoolIndexPageFactory()))
    expected = {
        bank.url: {"/feeds/practices.rss", "/feeds/practices.atom"},
        calendar.url: {"/feeds/events.rss", "/feeds/events.atom"},
        section.url: {"/feeds/news.rss", "/feeds/news.atom"},
        "/": {
            f"/feeds/{name}.{kind}"
            for name in ("news", "practices", "events")
            for kind in ("rss", "atom")
        },
    }
    for url, feeds in expected.items():
        links = alternates(client, url)
        assert set(links) == feeds, url
        for href, content_type in links.items():
            response = client.get(href)
            assert response.status_code == 200
            assert response["Content-Type"].startswith(content_type)
