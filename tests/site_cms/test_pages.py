"""Home and standard pages render their content within a fixed number of queries."""

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

from site_cms.models import HomePage, NavigationSettings
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

# Pages render from the database here, with the page cache off.
QUERY_BOUND = 15


@pytest.fixture
def menu(home):
    pages = [StandardPageFactory(title=f"Раздел {n}") for n in range(3)]
    navigation = NavigationSettings.for_site(home.get_site())
    navigation.main_menu = [("link", {"label": p.title, "page": p, "url": ""}) for p in pages]
    navigation.footer_menu = [
        ("link", {"label": "Внешний сайт", "page": None, "url": "https://edu.example/"})
    ]
    navigation.save()
    return pages


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_standard_page_shows_its_parts(client, menu):
    section = menu[0]
    child = StandardPageFactory(title="Вложенная страница", parent=section)
    html = client.get(child.url).content.decode()
    assert "<h1>Вложенная страница</h1>" in html
    assert 'aria-label="Навигационная цепочка"' in html
    assert f'<a href="{section.url}">{section.title}</a>' in html
    assert 'href="https://edu.example/"' in html
    assert "Перейти к основному содержанию" in html


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_current_menu_item_is_marked(client, menu):
    html = client.get(menu[1].url).content.decode()
    assert f'<a href="{menu[1].url}" aria-current="page">' in html
    assert f'<a href="{menu[0].url}">' in html


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_menu_marks_the_section_of_a_page_below_it(client, menu):
    child = StandardPageFactory(title="Вложенная страница", parent=menu[1])
    html = client.get(child.url).content.decode()
    assert f'<a href="{menu[1].url}" aria-current="true">' in html
    assert f'<a href="{menu[0].url}">' in html


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_query_count_does_not_grow_with_the_site(client, menu, django_assert_max_num_queries):
    for n in range(15):
        StandardPageFactory(title=f"Подраздел {n}", parent=menu[0])
    for url in ("/", menu[0].url):
        client.get(url)  # the first request fills per-site caches, as on a running site
        with django_assert_max_num_queries(QUERY_BOUND):
            assert client.get(url).status_code == 200


def test_server_error_page_is_plain_and_russian(client, home, monkeypatch):
    def broken_serve(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(HomePage, "serve", broken_serve)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "На сайте произошла ошибка" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/takoi-stranicy-net/", "/media/images/net-takogo.png", "/static/css/net-takogo.css"]
)
def test_not_found_page_is_the_sites_own_in_russian(client, home, url):
    response = client.get(url)
    assert response.status_code == 404
    html = BeautifulSoup(response.content, "html.parser")
    assert html.html["lang"] == "ru"
    assert html.h1.get_text(strip=True) == "Страница не найдена"
    # The site's shell: its header with the search box and its footer.
    assert html.select_one("header form[action='/search/']") is not None
    assert html.select_one("footer") is not None
