"""The version for the visually impaired: choices, cookie, server-side rendering."""

import re

import pytest
import wagtail_factories
from django.conf import settings

from site_cms.low_vision import LowVisionPreferences, images_as_text, parse_cookie
from tests.factories import StandardPageFactory


def test_defaults_when_switched_on():
    prefs = parse_cookie(LowVisionPreferences().cookie_value())
    assert prefs == LowVisionPreferences(
        font="2", typeface="sans", scheme="bw", spacing="normal", leading="normal", images="on"
    )


def test_a_cookie_from_before_the_newer_choices_keeps_its_own():
    prefs = parse_cookie("font=3&scheme=wb&spacing=wide&images=off")
    assert prefs == LowVisionPreferences(font="3", scheme="wb", spacing="wide", images="off")


def test_unknown_or_invalid_values_are_ignored():
    prefs = LowVisionPreferences().updated({"font": "9", "scheme": "wb", "colour": "red"})
    assert prefs.font == "2"
    assert prefs.scheme == "wb"


@pytest.mark.parametrize("value", ["", "garbage", "a=b&c=d"])
def test_junk_cookie_means_ordinary_version(value):
    assert parse_cookie(value) is None


def test_html_classes_describe_every_choice():
    prefs = LowVisionPreferences(
        font="3", typeface="serif", scheme="blue", spacing="wide", leading="large", images="off"
    )
    assert prefs.html_classes() == (
        "lv lv-font-3 lv-typeface-serif lv-scheme-blue lv-spacing-wide lv-leading-large "
        "lv-images-off"
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<p>До <img src="/a.png" alt="Схема сети школ" width="10"> после</p>',
            '<p>До <span class="lv-image-alt">Схема сети школ</span> после</p>',
        ),
        ('<a href="/"><IMG alt="" src="/logo.png"/></a>', '<a href="/"></a>'),
        ('<img src="/no-alt.png">', ""),
        ('<img alt="   " src="/a.png">', ""),
        (
            '<img data-note="a > b" alt="Рост &quot;в 2 раза&quot; &lt;b&gt;" src="/a.png">',
            '<span class="lv-image-alt">Рост &quot;в 2 раза&quot; &lt;b&gt;</span>',
        ),
        (
            "<picture><source srcset=\"/a.webp\"><img alt='Фото' src='/a.jpg'></picture>",
            '<picture><source srcset="/a.webp"><span class="lv-image-alt">Фото</span></picture>',
        ),
    ],
)
def test_images_off_leaves_their_alt_text(html, expected):
    assert images_as_text(html) == expected


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
    client.get("/vision/", {"leading": "large"})
    client.get("/vision/", {"typeface": "serif"})
    value = client.cookies[settings.LOW_VISION_COOKIE].value
    assert parse_cookie(value) == LowVisionPreferences(
        font="3", scheme="wb", leading="large", typeface="serif"
    )


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
    assert '<html lang="ru" class="lv lv-font-3 lv-typeface-sans lv-scheme-blue' in special
    assert 'class="lv-panel"' in special


@pytest.mark.django_db
def test_the_way_back_is_on_the_page_once(client, home):
    client.get("/vision/")
    html = client.get("/").content.decode()
    assert html.count("Обычная версия сайта") == 1
    assert 'class="lv-panel__off"' in html
    assert "low-vision-toggle" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("group", "value"),
    [("leading", "wide"), ("leading", "large"), ("typeface", "serif"), ("typeface", "sans")],
)
def test_a_new_choice_is_applied_and_marked_in_the_panel(client, home, group, value):
    client.get("/vision/", {group: value})
    html = client.get("/").content.decode()

    classes = re.search(r'<html lang="ru" class="([^"]+)"', html).group(1).split()
    assert f"lv-{group}-{value}" in classes
    chosen = re.findall(rf'<a class="lv-option lv-option--{group}-(\w+)"[^>]*aria-current', html)
    assert chosen == [value]


@pytest.mark.django_db
def test_the_panel_offers_line_spacing_and_font_face(client, home):
    client.get("/vision/")
    html = client.get("/").content.decode()
    for text in ["Межстрочный интервал:", "Большой", "Шрифт:", "Без засечек", "С засечками"]:
        assert text in html


@pytest.fixture
def illustrated_page(home):
    """A page with a described image and a decorative one."""
    scheme = wagtail_factories.ImageFactory(title="scheme.png")
    ornament = wagtail_factories.ImageFactory(title="ornament.png")
    return StandardPageFactory(
        title="Сеть школ-партнёров",
        body=[
            {
                "type": "image",
                "value": {
                    "image": {"image": scheme.pk, "alt_text": "Схема сети", "decorative": False},
                    "caption": "Школы и их партнёры",
                },
            },
            {
                "type": "image",
                "value": {
                    "image": {"image": ornament.pk, "alt_text": "", "decorative": True},
                    "caption": "",
                },
            },
        ],
    )


@pytest.mark.django_db
def test_images_off_shows_their_alt_text_instead(client, illustrated_page):
    client.get("/vision/", {"images": "on"})
    shown = client.get(illustrated_page.url).content.decode()
    assert shown.count("<img") == 2
    assert 'alt="Схема сети"' in shown

    client.get("/vision/", {"images": "off"})
    hidden = client.get(illustrated_page.url).content.decode()
    assert "<img" not in hidden
    # The described image leaves its text, the decorative one nothing.
    assert hidden.count('class="lv-image-alt"') == 1
    assert '<span class="lv-image-alt">Схема сети</span>' in hidden
    assert "Школы и их партнёры" in hidden
