"""The page cache at scale: what its key ignores, and what it tells proxies in front of it."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.utils.cache import has_vary_header

from events.filters import EventFilterForm
from indicators.results.open_data import OpenDataForm
from practices.facets import FACETS
from practices.materials_listing import MaterialFilterForm
from search.backends.base import PRACTICE_FACETS
from site_cms.low_vision import LowVisionPreferences
from site_cms.middleware import PublicPageCacheMiddleware
from site_cms.page_cache import READ_QUERY_PARAMS
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "tracked",
    [
        "utm_source=vk&utm_medium=post&utm_campaign=seminar",
        "fbclid=IwAR0abc",
        "gclid=Cj0KCQ",
        "yclid=123456789",
        "utm=news",
        "ysclid=lx1&from=mail",
    ],
)
def test_parameters_no_page_reads_share_the_pages_copy(client, home, tracked):
    assert client.get("/")["X-Page-Cache"] == "miss"

    response = client.get(f"/?{tracked}")

    assert response["X-Page-Cache"] == "hit"


def test_a_page_behind_a_tracking_link_never_repeats_its_parameters(client, home):
    page = StandardPageFactory(title="Семинар для учителей математики")

    html = client.get(f"{page.url}?utm_source=telegram&yclid=42").content.decode()

    assert "Семинар для учителей математики" in html
    # The low-vision links lead back to the page itself, without the campaign's marks.
    assert "telegram" not in html and "yclid" not in html
    assert client.get(page.url)["X-Page-Cache"] == "hit"


def test_parameters_pages_read_keep_their_own_copies(client, home):
    client.get("/")

    assert client.get("/?page=2")["X-Page-Cache"] == "miss"
    assert client.get("/?page=2&utm_source=vk")["X-Page-Cache"] == "hit"
    assert client.get("/?page=3")["X-Page-Cache"] == "miss"


def test_every_public_filter_is_kept_in_the_key():
    read = {
        *EventFilterForm.base_fields,
        *MaterialFilterForm.base_fields,
        *OpenDataForm.base_fields,
        *(spec.key for spec in FACETS),
        *PRACTICE_FACETS,
        "q",
        "tab",
        "page",
        "year",
        "municipality",
        "status",
        "kind",
        "registered",
        "next",
    }
    assert read - READ_QUERY_PARAMS == set()


def test_pages_say_they_vary_by_the_low_vision_cookie(client, home):
    miss = client.get("/")
    hit = client.get("/")
    assert hit["X-Page-Cache"] == "hit"
    assert has_vary_header(miss, "Cookie")
    assert has_vary_header(hit, "Cookie")

    client.get("/vision/", {"scheme": "wb"})
    low_vision = client.get("/")
    assert "lv-scheme-wb" in low_vision.content.decode()
    assert has_vary_header(low_vision, "Cookie")


def drawn_for_low_vision(request):
    """A page that reads the visitor's low-vision choices and nothing else (no session)."""
    html = Template("<html class='{{ low_vision.html_classes }}'>").render(RequestContext(request))
    return HttpResponse(html)


@pytest.mark.parametrize("cookie", [None, LowVisionPreferences(scheme="blue").cookie_value()])
def test_a_page_drawn_for_the_cookie_varies_by_it_without_a_session(rf, home, cookie):
    request = rf.get("/")
    if cookie:
        request.COOKIES[settings.LOW_VISION_COOKIE] = cookie

    response = PublicPageCacheMiddleware(drawn_for_low_vision)(request)

    assert response["X-Page-Cache"] == "miss"
    assert has_vary_header(response, "Cookie")


def test_answers_the_cookie_does_not_change_do_not_vary_by_it(client, home):
    response = client.get("/search/suggest/", {"q": "ма"})

    assert response.status_code == 200
    assert not has_vary_header(response, "Cookie")
