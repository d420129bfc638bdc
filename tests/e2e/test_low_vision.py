"""The version for the visually impaired, as a visitor uses it: switch on, adjust, browse, off."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

# django_db: the tests read the test database through the live server.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

LOW_VISION_ON = re.compile(r"(^|\s)lv(\s|$)")
COOKIE = "low_vision"

# The background that is actually painted behind the body: its own, else the root
# element's, else the canvas default (white).
EFFECTIVE_BACKGROUND_JS = """() => {
    for (const element of [document.body, document.documentElement]) {
        const colour = getComputedStyle(element).backgroundColor;
        const alpha = colour.match(/rgba\\(.*,\\s*([\\d.]+)\\)/);
        if (!alpha || Number(alpha[1]) > 0) return colour;
    }
    return "rgb(255, 255, 255)";
}"""


def body_style(page, prop):
    return page.locator("body").evaluate(
        "(element, prop) => getComputedStyle(element).getPropertyValue(prop)", prop
    )


def font_size(page):
    """The computed font size of body text, in CSS pixels."""
    return float(body_style(page, "font-size").removesuffix("px"))


def line_height(page):
    """The computed line height of body text, in font sizes."""
    return float(body_style(page, "line-height").removesuffix("px")) / font_size(page)


def rgb(colour):
    """(r, g, b) of a computed CSS colour such as 'rgb(0, 0, 0)' or 'rgba(1, 2, 3, 0.5)'."""
    channels = re.findall(r"[\d.]+", colour)[:3]
    assert len(channels) == 3, f"unexpected colour {colour!r}"
    return tuple(round(float(channel)) for channel in channels)


def background(page):
    return rgb(page.evaluate(EFFECTIVE_BACKGROUND_JS))


def text_colour(page):
    return rgb(body_style(page, "color"))


def is_black(colour):
    return max(colour) <= 32


def is_white(colour):
    return min(colour) >= 224


def has_cookie(page):
    return any(cookie["name"] == COOKIE for cookie in page.context.cookies())


def click_and_wait(page, locator):
    """Follow a link and wait for the page it leads to (through the /vision/ redirect)."""
    with page.expect_navigation():
        locator.click()


def pick_option(page, group, value):
    click_and_wait(page, page.locator(f"section.lv-panel a.lv-option--{group}-{value}"))
    expect(page.locator("html")).to_have_class(re.compile(rf"\blv-{group}-{value}\b"))
    expect(page.locator(f"a.lv-option--{group}-{value}")).to_have_attribute("aria-current", "true")


def assert_white_on_black(page):
    colour, back = text_colour(page), background(page)
    assert is_black(back), f"«Белым по чёрному»: background is {back}, expected black"
    assert is_white(colour), f"«Белым по чёрному»: text colour is {colour}, expected white"


def other_menu_link(page):
    """A main menu link to a page other than the current one."""
    current = urlsplit(page.url).path
    links = page.locator("nav.main-nav a")
    for index in range(links.count()):
        link = links.nth(index)
        href = link.get_attribute("href") or ""
        if href.startswith("/") and urlsplit(href).path != current:
            return link, urlsplit(href).path
    pytest.fail(f"the main menu on {current} has no link to another page of the site")


def test_low_vision_journey(page):
    page.goto("/")
    html = page.locator("html")
    panel = page.locator("section.lv-panel")
    expect(html).not_to_have_class(LOW_VISION_ON)
    expect(panel).to_have_count(0)
    ordinary_font, ordinary_background = font_size(page), background(page)

    click_and_wait(page, page.get_by_role("link", name="Версия для слабовидящих", exact=True))
    assert urlsplit(page.url).path == "/", "switching the mode on must return to the same page"
    assert has_cookie(page)
    expect(html).to_have_class(LOW_VISION_ON)
    expect(panel).to_be_visible()
    enlarged_font = font_size(page)
    assert enlarged_font > ordinary_font, (
        f"the mode's default font ({enlarged_font}px) is not larger than "
        f"the ordinary one ({ordinary_font}px)"
    )

    pick_option(page, "scheme", "wb")
    pick_option(page, "font", "3")
    largest_font = font_size(page)
    assert largest_font > enlarged_font, (
        f"the largest font ({largest_font}px) is not larger than the default of the mode "
        f"({enlarged_font}px)"
    )
    assert_white_on_black(page)

    link, path = other_menu_link(page)
    click_and_wait(page, link)
    assert urlsplit(page.url).path == path
    expect(html).to_have_class(LOW_VISION_ON)
    expect(html).to_have_class(re.compile(r"\blv-scheme-wb\b"))
    expect(html).to_have_class(re.compile(r"\blv-font-3\b"))
    expect(panel).to_be_visible()
    assert font_size(page) == largest_font
    assert_white_on_black(page)

    click_and_wait(page, panel.get_by_role("link", name="Обычная версия сайта", exact=True))
    assert urlsplit(page.url).path == path, "switching the mode off must return to the same page"
    assert not has_cookie(page)
    expect(html).not_to_have_class(LOW_VISION_ON)
    expect(panel).to_have_count(0)
    expect(page.locator("a.low-vision-toggle")).to_have_text(re.compile("Версия для слабовидящих"))
    assert font_size(page) == ordinary_font
    assert background(page) == ordinary_background


def test_low_vision_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/")
    html = page.locator("html")
    panel = page.locator("section.lv-panel")
    expect(html).not_to_have_class(LOW_VISION_ON)

    click_and_wait(page, page.get_by_role("link", name="Версия для слабовидящих", exact=True))
    expect(html).to_have_class(LOW_VISION_ON)
    expect(panel).to_be_visible()

    pick_option(page, "scheme", "wb")
    expect(html).to_have_class(re.compile(r"\blv-scheme-wb\b"))
    assert_white_on_black(page)

    ordinary_leading = line_height(page)
    pick_option(page, "leading", "large")
    assert line_height(page) > ordinary_leading
    pick_option(page, "typeface", "serif")
    assert body_style(page, "font-family").rstrip().endswith("serif")
    assert "sans-serif" not in body_style(page, "font-family")

    # The panel's link is the page's only way back: the header offers nothing in this version.
    expect(page.locator("header a.low-vision-toggle")).to_have_count(0)
    click_and_wait(page, panel.get_by_role("link", name="Обычная версия сайта", exact=True))
    expect(html).not_to_have_class(LOW_VISION_ON)
    expect(panel).to_have_count(0)
    assert not has_cookie(page)
