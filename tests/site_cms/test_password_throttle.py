"""Passwords cannot be guessed at speed: the admin login and the page and collection password
forms refuse an address or an account (a restriction) after a few wrong passwords, with 429
and a Russian message, until the lockout expires. Everything goes through HTTP."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.factories import MaterialFactory, StandardPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("limits")]

LOGIN = "/admin/login/"
RIGHT = "Верный-пароль-2024"
ATTACKER = "203.0.113.5"
NEIGHBOUR = "198.51.100.7"
LOCKED = "Слишком много неверных попыток"


@pytest.fixture
def limits(settings):
    settings.PASSWORD_ATTEMPTS_LIMIT = 3
    settings.PASSWORD_ATTEMPTS_PER_IP = 8
    settings.PASSWORD_LOCKOUT_SECONDS = 900
    settings.TRUSTED_PROXY_COUNT = 0


@pytest.fixture
def users(db):
    model = get_user_model()
    model.objects.create_superuser("admin", "admin@example.org", RIGHT)
    model.objects.create_superuser("editor", "editor@example.org", RIGHT)


def sign_in(username, password, ip=ATTACKER, client=None, **headers):
    client = client or Client()
    response = client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )
    return response, client


def signed_in(client):
    return "_auth_user_id" in client.session


def assert_locked(response):
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_wrong_passwords_lock_the_account_even_for_the_right_password(users, settings):
    for _ in range(settings.PASSWORD_ATTEMPTS_LIMIT):
        response, _client = sign_in("admin", "не-тот")
        assert response.status_code == 200

    response, client = sign_in("admin", RIGHT)
    assert_locked(response)
    assert not signed_in(client)
    # The account is locked from any address…
    assert_locked(sign_in("admin", RIGHT, ip=NEIGHBOUR)[0])
    # …and the same address still signs another account in.
    response, client = sign_in("editor", RIGHT)
    assert response.status_code == 302
    assert signed_in(client)


def test_wagtails_login_is_the_only_admin_login(users):
    # Django's admin is not installed: no second login door for guessing passwords.
    response = Client().post("/django-admin/login/", {"username": "admin", "password": RIGHT})
    assert response.status_code == 404


def test_many_accounts_tried_from_one_address_lock_the_address(users, settings):
    for number in range(settings.PASSWORD_ATTEMPTS_PER_IP):
        assert sign_in(f"user{number}", "123456")[0].status_code == 200

    assert_locked(sign_in("editor", RIGHT)[0])
    response, client = sign_in("editor", RIGHT, ip=NEIGHBOUR)
    assert response.status_code == 302
    assert signed_in(client)


def test_a_right_password_clears_the_accounts_count(users, settings):
    for _ in range(settings.PASSWORD_ATTEMPTS_LIMIT - 1):
        sign_in("admin", "не-тот")
    assert sign_in("admin", RIGHT)[0].status_code == 302
    for _ in range(settings.PASSWORD_ATTEMPTS_LIMIT - 1):
        sign_in("admin", "не-тот")
    assert sign_in("admin", RIGHT)[0].status_code == 302


def test_the_lockout_expires(users, settings):
    settings.PASSWORD_LOCKOUT_SECONDS = 1
    for _ in range(settings.PASSWORD_ATTEMPTS_LIMIT):
        sign_in("admin", "не-тот")
    assert_locked(sign_in("admin", RIGHT)[0])

    time.sleep(1.2)
    assert sign_in("admin", RIGHT)[0].status_code == 302


def test_a_forwarded_for_header_is_ignored_without_a_trusted_proxy(users, settings):
    for number in range(settings.PASSWORD_ATTEMPTS_PER_IP):
        sign_in(f"user{number}", "x", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert_locked(sign_in("editor", RIGHT, HTTP_X_FORWARDED_FOR="192.0.2.200")[0])


def test_behind_a_trusted_proxy_the_address_it_saw_counts(users, settings):
    """The proxy appends the address it saw: what the client wrote before it changes nothing."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.1"
    for number in range(settings.PASSWORD_ATTEMPTS_PER_IP):
        forwarded = f"192.0.2.{number}, {ATTACKER}"
        sign_in(f"user{number}", "x", ip=proxy, HTTP_X_FORWARDED_FOR=forwarded)

    assert_locked(sign_in("editor", RIGHT, ip=proxy, HTTP_X_FORWARDED_FOR=ATTACKER)[0])
    response, _client = sign_in("editor", RIGHT, ip=proxy, HTTP_X_FORWARDED_FOR=NEIGHBOUR)
    assert response.status_code == 302


# --- Page and collection passwords ---------------------------------------------------------------


def protected_page(title):
    page = StandardPageFactory(title=title)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=RIGHT
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    return page, url


def enter(url, password, return_url, ip=ATTACKER, client=None):
    client = client or Client()
    response = client.post(url, {"password": password, "return_url": return_url}, REMOTE_ADDR=ip)
    return response, client


def test_a_page_password_is_locked_after_wrong_guesses(home, settings):
    page, url = protected_page("Материалы для руководителей")
    other_page, other_url = protected_page("Материалы для кураторов")
    for _ in range(settings.PASSWORD_ATTEMPTS_LIMIT):
        assert enter(url, "не-тот", page.url)[0].status_code == 200

    response, client = enter(url, RIGHT, page.url)
    assert_locked(response)
    assert "Материалы для руководителей" not in client.get(page.url).content.decode()
    # Another restriction opens from the same address.
    response, client = enter(other_url, RIGHT, other_page.url)
    assert response.status_code == 302
    assert client.get(other_page.url).status_code == 200


def test_page_guesses_over_many_restrictions_lock_the_address(home, settings):
    pages = [protected_page(f"Раздел {n}") for n in range(settings.PASSWORD_ATTEMPTS_PER_IP)]
    for page, url in pages:
        enter(url, "не-тот", page.url)
    page, url = pages[0]
    assert_locked(enter(url, RIGHT, page.url)[0])
    assert enter(url, RIGHT, page.url, ip=NEIGHBOUR)[0].status_code == 302


def test_a_collection_password_is_locked_after_wrong_guesses(db, settings):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Для руководителей")
    other = root.add_child(name="Для кураторов")
    urls = {}
    for collection in (private, other):
        restriction = CollectionViewRestriction.objects.create(
            collection=collection,
            restriction_type=CollectionViewRestriction.PASSWORD,
            password=RIGHT,
        )
        urls[collection.pk] = reverse(
            "wagtaildocs_authenticate_with_password", args=[restriction.pk]
        )
    document = MaterialFactory(collection=private)
    for _ in range(settings.PASSWORD_ATTEMPTS_LIMIT):
        assert enter(urls[private.pk], "не-тот", document.url)[0].status_code == 200

    response, client = enter(urls[private.pk], RIGHT, document.url)
    assert_locked(response)
    # Still the password form, not the file.
    assert client.get(document.url)["Content-Type"].startswith("text/html")
    assert enter(urls[other.pk], RIGHT, "/")[0].status_code == 302
