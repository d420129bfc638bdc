"""Every page tells social networks and messengers what it is: Open Graph and Twitter cards."""

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from site_cms.models import InstituteSettings
from site_cms.templatetags import share_tags
from tests.factories import (
    PracticeIndexPageFactory,
    PracticePageFactory,
    QualitySectionPageFactory,
    SchoolIndexPageFactory,
    SchoolNewsPageFactory,
    SchoolPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"


@pytest.fixture
def institute(home, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    institute = InstituteSettings.for_site(home.get_site())
    institute.name = "Институт развития образования Ленинградской области"
    institute.short_name = "ЛОИРО"
    institute.tagline = "Портал поддержки школ с низкими результатами"
    institute.save()
    return institute


def open_graph(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    head = BeautifulSoup(response.content, "html.parser").head
    tags = {tag["property"]: tag["content"] for tag in head.select("meta[property]")}
    tags.update({tag["name"]: tag["content"] for tag in head.select("meta[name^='twitter:']")})
    return tags


def test_a_page_is_shared_with_its_title_description_and_address(client, institute):
    page = StandardPageFactory(
        title="О проекте",
        slug="o-proekte",
        seo_title="О проекте поддержки школ",
        search_description="Зачем институт помогает школам и как это устроено.",
    )
    tags = open_graph(client, page.url, HTTP_HOST="localhost:8123")
    assert tags["og:title"] == "О проекте поддержки школ"
    assert tags["og:description"] == "Зачем институт помогает школам и как это устроено."
    assert tags["og:url"] == "http://localhost:8123/o-proekte/"
    assert tags["og:site_name"] == "ЛОИРО"
    assert tags["og:locale"] == "ru_RU"
    assert tags["og:type"] == "website"


def test_without_a_description_a_page_gives_its_own_short_text(client, institute):
    bank = PracticeIndexPageFactory()
    practice = PracticePageFactory(parent=bank, annotation="Уроки, которые ведут двое учителей.")
    section = QualitySectionPageFactory(parent=SchoolPageFactory(parent=SchoolIndexPageFactory()))
    news = SchoolNewsPageFactory(parent=section, intro="Школа провела открытые уроки.")
    home = institute.site.root_page.specific
    home.intro = "<p>Помогаем школам <b>учить лучше</b>&nbsp;вместе.</p>"
    home.save_revision().publish()

    practice_tags = open_graph(client, practice.url)
    assert practice_tags["og:description"] == "Уроки, которые ведут двое учителей."
    assert practice_tags["og:type"] == "article"
    news_tags = open_graph(client, news.url)
    assert news_tags["og:description"] == "Школа провела открытые уроки."
    assert news_tags["og:type"] == "article"
    home_tags = open_graph(client, "/")
    assert home_tags["og:description"] == "Помогаем школам учить лучше вместе."
    assert home_tags["og:type"] == "website"
    # Nothing of its own: the site's tagline.
    assert open_graph(client, bank.url)["og:description"] == institute.tagline


def test_a_long_text_is_cut_short(client, institute):
    page = StandardPageFactory(intro="Очень длинное описание. " * 40)
    description = open_graph(client, page.url)["og:description"]
    assert len(description) <= share_tags.DESCRIPTION_CHARS
    assert description.endswith("…")


def test_without_a_picture_of_its_own_a_page_shows_the_site_mark(client, institute):
    page = StandardPageFactory()
    tags = open_graph(client, page.url)
    assert tags["og:image"] == ORIGIN + "/static/img/share.png"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["twitter:card"] == "summary"
    image = client.get(tags["og:image"])
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"


@pytest.fixture
def school_page(institute):
    page = SchoolPageFactory(parent=SchoolIndexPageFactory())
    page.photo = wagtail_factories.ImageFactory(description="Здание школы летом")
    page.save_revision().publish()
    return page


def test_a_school_is_shared_with_its_photo_the_page_already_shows(client, school_page):
    response = client.get(school_page.url)
    tags = open_graph(client, school_page.url)
    assert tags["og:image"].startswith(ORIGIN + "/")
    assert tags["og:image:alt"] == "Здание школы летом"
    assert tags["twitter:card"] == "summary_large_image"
    picture = BeautifulSoup(response.content, "html.parser").select_one(".school-page__photo")
    shown = {
        candidate.split()[0]
        for source in picture.select("[srcset]")
        for candidate in source["srcset"].split(",")
    }
    assert tags["og:image"].removeprefix(ORIGIN) in shown


def test_sharing_tags_cost_no_query_on_a_visited_page(client, school_page, monkeypatch):
    client.get(school_page.url)  # the first visit makes the photo's renditions

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(school_page.url)
        return len(captured)

    with_photo = queries()
    monkeypatch.setattr(share_tags, "page_image", lambda page, request: None)
    assert queries() == with_photo


def test_the_low_vision_version_keeps_its_sharing_tags(client, institute):
    page = StandardPageFactory(title="Контакты")
    client.get("/vision/", {"scheme": "wb"})
    response = client.get(page.url)
    assert "lv-scheme-wb" in response.content.decode()
    assert open_graph(client, page.url)["og:title"] == "Контакты"
