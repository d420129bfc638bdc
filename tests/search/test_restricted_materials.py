"""A material that ends up in a restricted collection leaves the site search and its suggestions,
whichever way the admin puts it there: «Добавить в коллекцию» on the documents listing, moving
its collection under a restricted one, restricting its collection. Each way through the admin
over HTTP, then searched for as a visitor, with the database backend and the page cache on."""

import pytest
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import MaterialFactory

pytestmark = pytest.mark.django_db

TITLE = "Памятка по наставничеству молодых педагогов"


@pytest.fixture
def root(db):
    return Collection.get_first_root_node()


@pytest.fixture
def restricted(root):
    collection = root.add_child(name="Для управлений образования")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def found(client):
    """Whether a visitor finds the material: in the results, in the suggestions."""
    results = client.get("/search/", {"q": "наставничество педагогов"})
    suggestions = client.get("/search/suggest/", {"q": "наставнич"}).json()["suggestions"]
    return TITLE in results.content.decode(), TITLE in [item["title"] for item in suggestions]


def test_bulk_adding_to_a_restricted_collection(client, admin_client, root, restricted):
    material = MaterialFactory(title=TITLE)
    assert found(client) == (True, True)

    def add_to(collection):
        url = reverse("wagtail_bulk_action", args=("practices", "material", "add_to_collection"))
        response = admin_client.post(f"{url}?id={material.pk}", {"collection": collection.pk})
        assert response.status_code == 302

    add_to(restricted)
    assert found(client) == (False, False)

    add_to(root)
    assert found(client) == (True, True)


def test_moving_its_collection_under_a_restricted_one(
    client, admin_client, root, restricted, django_capture_on_commit_callbacks
):
    folder = root.add_child(name="Методические материалы")
    MaterialFactory(title=TITLE, collection=folder)
    assert found(client) == (True, True)

    def move_under(parent):
        url = reverse("wagtailadmin_collections:edit", args=[folder.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, {"name": folder.name, "parent": parent.pk})
        assert response.status_code == 302

    move_under(restricted)
    assert found(client) == (False, False)

    move_under(root)
    assert found(client) == (True, True)


def test_restricting_its_collection(client, admin_client, root):
    folder = root.add_child(name="Методические материалы")
    MaterialFactory(title=TITLE, collection=folder)
    assert found(client) == (True, True)

    url = reverse("wagtailadmin_collections:set_privacy", args=[folder.pk])
    response = admin_client.post(url, {"restriction_type": "login"})
    assert response.status_code == 200
    assert CollectionViewRestriction.objects.filter(collection=folder).exists()
    assert found(client) == (False, False)

    admin_client.post(url, {"restriction_type": "none"})
    assert found(client) == (True, True)
