"""Anonymous visitors get cached pages; publishing makes every cached copy stale at once."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site

from tests.factories import MaterialFactory, MaterialsIndexPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def test_second_anonymous_visit_is_served_from_cache(client, home):
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_publishing_a_page_shows_the_new_version_at_once(client, home):
    page = StandardPageFactory(title="Семинар для учителей математики")
    client.get(page.url)
    assert client.get(page.url)["X-Page-Cache"] == "hit"

    page.title = "Семинар для учителей русского языка"
    page.save_revision().publish()

    response = client.get(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Семинар для учителей русского языка" in response.content.decode()


def test_a_draft_does_not_change_what_visitors_see(client, home):
    page = StandardPageFactory(title="Опубликованное название")
    page.title = "Черновик"
    page.save_revision()
    assert "Опубликованное название" in client.get(page.url).content.decode()


def test_unpublished_page_disappears(client, home):
    page = StandardPageFactory()
    assert client.get(page.url).status_code == 200
    page.unpublish()
    assert client.get(page.url).status_code == 404


def test_moving_a_page_updates_the_cached_menu_of_children(client, home):
    section = StandardPageFactory(title="Раздел")
    child = StandardPageFactory(title="Перемещаемая страница")
    assert "Перемещаемая страница" not in client.get(section.url).content.decode()
    child.move(section, pos="last-child")
    assert "Перемещаемая страница" in client.get(section.url).content.decode()


def test_low_vision_versions_are_cached_separately(client, home):
    client.get("/")
    client.get("/vision/", {"scheme": "wb"})
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "lv-scheme-wb" in response.content.decode()


@pytest.mark.parametrize(("group", "value"), [("leading", "large"), ("typeface", "serif")])
def test_each_low_vision_choice_has_its_own_copy(client, home, group, value):
    client.get("/vision/")
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"

    client.get("/vision/", {group: value})
    response = client.get("/")

    assert response["X-Page-Cache"] == "miss"
    assert f"lv-{group}-{value}" in response.content.decode()


def test_signed_in_editors_always_get_a_fresh_page(client, home):
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "pass")
    client.force_login(user)
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


def test_not_found_is_not_cached(client, home):
    client.get("/net-takoi-stranicy/")
    assert "X-Page-Cache" not in client.get("/net-takoi-stranicy/")


def test_deleting_a_page_invalidates(client, home):
    page = StandardPageFactory(title="Временная страница")
    assert "Временная страница" in client.get(page.url).content.decode()
    Page.objects.get(pk=page.pk).delete()
    assert client.get(page.url).status_code == 404


def test_restricting_a_page_hides_its_cached_copy_at_once(client, home):
    page = StandardPageFactory(title="Страница для всех")
    client.get(page.url)
    assert client.get(page.url)["X-Page-Cache"] == "hit"

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    # Sent to sign in, not served the copy cached while the page was public.
    assert client.get(page.url).status_code == 302


def site_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries if 'FROM "wagtailcore_site"' in query["sql"]]


def test_the_request_site_is_looked_up_once_until_a_site_is_saved(client, home):
    assert site_queries(client, "/?page=1")
    assert site_queries(client, "/?page=2") == []

    site = Site.objects.get(is_default_site=True)
    site.site_name = "Портал поддержки школ области"
    site.save()

    assert site_queries(client, "/?page=3")


def test_a_visitors_request_reads_the_generation_once(client, home):
    client.get("/?page=1")
    with CaptureQueriesContext(connection) as queries:
        client.get("/?page=2")
    # The page's key, the site and both menus are all kept under the generation read once.
    reads = [query for query in queries if "site_cms_pagecachegeneration" in query["sql"]]
    assert len(reads) == 1


def test_moving_a_collection_under_a_restricted_one_hides_its_materials_at_once(
    client, admin_client, home
):
    MaterialsIndexPageFactory(parent=home)
    root = Collection.get_first_root_node()
    private = root.add_child(name="Для методистов")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    drafts = root.add_child(name="Черновики")
    MaterialFactory(title="Черновик сборника", collection=drafts)
    client.get("/materialy/")
    response = client.get("/materialy/")
    assert response["X-Page-Cache"] == "hit"
    assert "Черновик сборника" in response.content.decode()

    response = admin_client.post(
        reverse("wagtailadmin_collections:edit", args=[drafts.pk]),
        {"name": "Черновики", "parent": private.pk},
    )
    assert response.status_code == 302

    assert "Черновик сборника" not in client.get("/materialy/").content.decode()


def menu_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries if "site_cms_navigationsettings" in query["sql"]]


def test_without_the_page_cache_the_menus_are_kept_until_a_publication(client, home, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.SHARED_PARTS_CACHE_SECONDS = 600
    page = StandardPageFactory(parent=home, title="О проекте")
    assert menu_queries(client, page.url)
    assert "X-Page-Cache" not in client.get(page.url)
    assert menu_queries(client, page.url) == []

    page.title = "О проекте поддержки школ"
    page.save_revision().publish()

    assert menu_queries(client, page.url)
    assert "О проекте поддержки школ" in client.get(page.url).content.decode()


def test_with_nothing_kept_every_request_computes_the_menus(client, home, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.SHARED_PARTS_CACHE_SECONDS = 0
    client.get("/")
    assert menu_queries(client, "/")
