"""The search page and the suggestions endpoint over HTTP, with a recording backend.

What the page does with any URL (tabs, facets, pages, bad input) is tested here; what the
backends find is tested in the relevance suite.
"""

import pytest
from bs4 import BeautifulSoup
from django.utils.safestring import mark_safe

from search.backends.base import SearchDocument, SearchResponse
from search.backends.database import DatabaseBackend
from site_cms import page_cache
from tests.search.fakes import hit, suggestion

pytestmark = pytest.mark.django_db

URL = "/search/"
# The search (at most 8 statements), three facet label lists, the site and its two settings.
QUERY_BOUND = 16


@pytest.fixture(autouse=True)
def backend(fake_backend, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.SEARCH_RESULTS_CACHE_SECONDS = 0
    return fake_backend


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text(" ").split())


def answer(backend, total=25, hits=None, **counts):
    backend.reset(
        SearchResponse(
            total=total,
            hits=hits if hits is not None else [hit(n) for n in range(1, 11)],
            kind_counts={"practice": total, "event": 3, "material": 2, **counts},
            facet_counts={"kind": {"pedagogical": 20, "managerial": 5}, "level": {"noo": 7}},
        )
    )


def test_results_show_tabs_with_counts_highlights_and_pages(client, backend):
    answer(backend)
    html = page(client, q="оцениванию")

    assert backend.requests[0].query == "оцениванию"
    assert backend.requests[0].kind is None
    tabs = [text(link) for link in html.select(".search-tabs a")]
    assert tabs == [
        "Все (30)",
        "Практики (25)",
        "События (3)",
        "Материалы (2)",
        "Школы (0)",
        "Страницы (0)",
    ]
    assert (
        html.select_one(".search-tabs a[aria-current=page]").get_text(strip=True).startswith("Все")
    )
    assert text(html.select_one("#search-results-title")) == "Найдено: 25"
    assert len(html.select(".search-result")) == 10
    assert html.select_one(".search-result__snippet mark").get_text() == "оценивание"
    assert text(html.select_one(".pagination")) == "Страница 1 из 3 Следующая"
    assert (
        html.select_one(".pagination a[rel=next]")["href"]
        == "?q=%D0%BE%D1%86%D0%B5%D0%BD%D0%B8%D0%B2%D0%B0%D0%BD%D0%B8%D1%8E&page=2"
    )


def test_snippets_are_escaped_unless_the_backend_marked_them_safe(client, backend):
    answer(
        backend, hits=[hit(1, snippet="<b>жирный</b>"), hit(2, snippet=mark_safe("<mark>м</mark>"))]
    )
    html = page(client, q="м")
    snippets = html.select(".search-result__snippet")
    assert snippets[0].get_text() == "<b>жирный</b>" and not snippets[0].b
    assert snippets[1].mark


def test_practices_tab_offers_facets_with_counts_and_keeps_the_choice(client, backend):
    answer(backend)
    html = page(client, q="оценивание", tab="practice", level="noo")

    request = backend.requests[0]
    assert (request.kind, request.facets) == ("practice", {"level": ["noo"]})
    legends = [text(legend) for legend in html.select(".practice-facet__legend")]
    assert legends == ["Вид практики", "Уровень образования"]
    labels = [text(label) for label in html.select(".practice-facet label")]
    assert labels[:2] == ["Педагогическая (20)", "Управленческая (5)"]
    assert html.select_one("#search-facet-level-noo").has_attr("checked")
    assert (
        html.select_one(".search-tabs a[aria-current=page]")
        .get_text(strip=True)
        .startswith("Практики")
    )


def test_facet_values_come_in_the_banks_order_of_the_terms(client, backend):
    backend.reset(
        SearchResponse(
            total=6,
            hits=[hit(1)],
            kind_counts={"practice": 6},
            facet_counts={"level": {"soo": 1, "noo": 2, "ooo": 3}},
        )
    )
    html = page(client, q="оценивание", tab="practice")
    labels = [text(label) for label in html.select(".practice-facet label")]
    # The grades' order, as in the bank's filters, not the order of the counts.
    assert labels == [
        "Начальное общее образование (2)",
        "Основное общее образование (3)",
        "Среднее общее образование (1)",
    ]


def test_a_facet_alone_means_the_practices_tab(client, backend):
    answer(backend)
    page(client, q="чтение", subject="russkij-yazyk")
    assert backend.requests[0].kind == "practice"


def test_nothing_found_says_so_and_suggests_words(client, backend):
    backend.reset(SearchResponse(total=0, suggestions=["оценивание"]))
    html = page(client, q="оцениваие")

    assert text(html.select_one("#search-results-title")) == "Ничего не найдено"
    assert "По запросу «оцениваие» ничего не найдено." in text(html)
    link = html.select_one(".search-results__empty a")
    assert text(link) == "оценивание"
    assert link["href"] == "?q=%D0%BE%D1%86%D0%B5%D0%BD%D0%B8%D0%B2%D0%B0%D0%BD%D0%B8%D0%B5"


def test_empty_query_shows_the_form_without_searching(client, backend):
    html = page(client, q="   ")
    assert backend.requests == []
    assert html.select_one("#search-page-query")["value"] == ""
    assert "Введите слово или фразу" in text(html)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "а" * 5000},
        {"q": '"оценивание* NEAR(школа'},
        {"q": "1' OR '1'='1; DROP TABLE search; --"},
        {"q": "AND OR NOT - ^ :"},
        {"q": "школа", "tab": "unknown", "kind": "unknown"},
        {"q": "школа", "level": "<script>", "direction": "x" * 200},
        {"q": "школа", "page": "abc"},
        {"q": "школа", "page": "-4"},
        {"q": "школа", "page": "999999999999999999999"},
        {"q": "\x00\ufffd"},
    ],
)
def test_bad_input_never_breaks_the_page(client, backend, params):
    answer(backend)
    response = client.get(URL, params)
    assert response.status_code == 200
    request = backend.requests[0] if backend.requests else None
    if request is not None:
        assert len(request.query) <= 200
        assert request.kind in (None, "practice", "event", "material", "school", "page")
        assert 1 <= request.page <= 100
        assert all("<" not in v and len(v) <= 80 for vs in request.facets.values() for v in vs)


def test_page_beyond_the_last_shows_the_last(client, backend):
    answer(backend, total=25)
    html = page(client, q="школа", page="7")
    assert backend.requests[0].page == 7
    assert text(html.select_one(".pagination")) == "Предыдущая Страница 3 из 3"


def test_suggestions_are_json_titles_with_their_kind(client, backend):
    backend.reset(suggestions=[suggestion("Формирующее оценивание на уроках")])
    response = client.get("/search/suggest/", {"q": "оценив"})

    assert response.status_code == 200
    assert response.json() == {
        "query": "оценив",
        "suggestions": [
            {
                "title": "Формирующее оценивание на уроках",
                "url": "/praktiki/1/",
                "kind": "practice",
                "kind_label": "Практики",
            }
        ],
    }
    assert "max-age=60" in response["Cache-Control"]


def test_one_letter_gets_no_suggestions_and_no_search(client, backend):
    response = client.get("/search/suggest/", {"q": " о "})
    assert response.json()["suggestions"] == [] and backend.requests == []


def test_the_search_box_works_without_javascript(client, backend):
    """The header's box is a GET form to the search page; suggestions only enhance it."""
    html = page(client)
    form = html.select_one(".site-search form")
    assert form["action"] == URL and form.get("method") == "get"
    assert form.select_one("input[name=q]")["data-suggest-url"] == "/search/suggest/"


def practice_documents(count):
    return [
        SearchDocument(
            key=f"page:{n}",
            kind="practice",
            title=f"Формирующее оценивание, практика {n}",
            body="Листы самопроверки помогают оцениванию на уроке.",
            url=f"/praktiki/{n}/",
            facets={"kind": ["pedagogical"], "level": ["ooo"]},
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("count", [5, 40])
def test_the_page_makes_the_same_queries_however_many_documents_match(
    client, settings, django_assert_max_num_queries, count
):
    """Through the real database backend: inflected query, highlighted title word."""
    settings.PORTAL_SEARCH_BACKEND = "search.backends.database.DatabaseBackend"
    DatabaseBackend().index(practice_documents(count))
    client.get(URL)  # the site's settings rows are created on the first request

    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(URL, {"q": "оцениванию", "tab": "practice", "level": "ooo"})

    html = BeautifulSoup(response.content, "html.parser")
    assert text(html.select_one("#search-results-title")) == f"Найдено: {count}"
    assert html.select_one(".search-result__snippet mark").get_text() == "оцениванию"


def test_the_same_search_in_other_forms_is_answered_from_the_cache_until_a_publication(
    client, backend, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    settings.SEARCH_RESULTS_CACHE_SECONDS = 600
    page(client)  # the site's settings are created on the first visit, a change of content
    answer(backend)
    first = page(client, q="Оцениванию  ёлки")
    # Another case, «е» for «ё», other spacing and another parameter: the same search.
    again = page(client, q="оцениванию елки!", utm_source="mail")
    assert len(backend.requests) == 1
    assert text(again.select_one("#search-results-title")) == "Найдено: 25"
    assert [text(a) for a in again.select(".search-tabs a")] == [
        text(a) for a in first.select(".search-tabs a")
    ]

    page(client, q="оцениванию елки", page=2)
    page(client, q="оцениванию елки", tab="event")
    assert len(backend.requests) == 3

    page_cache.invalidate()
    page(client, q="оцениванию елки", utm_source="vk")
    assert len(backend.requests) == 4

    # Without a lifetime for answers every search asks the engine.
    settings.SEARCH_RESULTS_CACHE_SECONDS = 0
    page(client, q="Оцениванию елки")  # another page, the same words
    assert len(backend.requests) == 5


def test_an_engine_that_does_not_answer_gets_an_apology_not_an_error(client, backend):
    backend.reset(unavailable=True)
    response = client.get(URL, {"q": "оцениванию"})
    assert response.status_code == 503
    html = BeautifulSoup(response.content, "html.parser")
    assert text(html.select_one("[role=alert] h2")) == "Поиск временно не работает"
    assert html.select_one("#search-page-query")["value"] == "оцениванию"
    assert not html.select(".search-tabs")

    suggestions = client.get(f"{URL}suggest/", {"q": "оцени"})
    assert suggestions.status_code == 503
    assert suggestions.json()["suggestions"] == []
