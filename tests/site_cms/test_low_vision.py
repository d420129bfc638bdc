"""The version for the visually impaired: choices, cookie, server-side rendering."""

import pytest
from django.conf import settings

from site_cms.low_vision import LowVisionPreferences, parse_cookie


def test_defaults_when_switched_on():
    prefs = parse_cookie(LowVisionPreferences().cookie_value())
    assert prefs == LowVisionPreferences(font="2", scheme="bw", spacing="normal", images="on")


def test_unknown_or_invalid_values_are_ignored():
    prefs = LowVisionPreferences().updated({"font": "9", "scheme": "wb", "colour": "red"})
    assert prefs.font == "2"
    assert prefs.scheme == "wb"


@pytest.mark.parametrize("value", ["", "garbage", "a=b&c=d"])
def test_junk_cookie_means_ordinary_version(value):
    assert parse_cookie(value) is None


def test_html_classes_describe_every_choice():
    prefs = LowVisionPreferences(font="3", scheme="blue", spacing="wide", images="off")
    assert prefs.html_classes() == "lv lv-font-3 lv-scheme-blue lv-spacing-wide lv-images-off"


@pytest.mark.django_db
def test_switching_on_sets_cookie_and_returns_to_the_page(client):
    response = client.get("/vision/", {"next": "/o-proekte/"})
    assert response.status_code == 302
    assert response["Location"] == "/o-proekte/"
    cookie = response.cookies[settings.LOW_VISION_COOKIE]
    assert parse_cookie(cookie.value) == LowVisionPreferences()
    assert cookie["httponly"] and cookie["max-age"] == settings.LOW_VISION_COOKIE_AGE


@pytest.mark.django_db
def test_each_choice_changes_only_itself(client):
    client.get("/vision/", {"font": "3"})
    client.get("/vision/", {"scheme": "wb"})
    value = client.cookies[settings.LOW_VISION_COOKIE].value
    assert parse_cookie(value) == LowVisionPreferences(font="3", scheme="wb")


@pytest.mark.django_db
def test_redirect_never_leaves_the_site(client):
    response = client.get("/vision/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_switching_off_deletes_cookie(client):
    client.get("/vision/", {"font": "3"})
    response = client.get("/vision/off/", {"next": "/"})
    assert response.cookies[settings.LOW_VISION_COOKIE].value == ""
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_page_is_rendered_in_the_chosen_version(client, home):
    ordinary = client.get("/").content.decode()
    assert 'class="lv ' not in ordinary
    assert "Версия для слабовидящих" in ordinary

    client.get("/vision/", {"scheme": "blue", "font": "3"})
    special = client.get("/").content.decode()
    assert '<html lang="ru" class="lv lv-font-3 lv-scheme-blue' in special
    assert 'class="lv-panel"' in special
    assert "Обычная версия сайта" in special
