"""The journeys' screens at a desktop (1366 px) and a phone (375 px) width, and the admin screens
an institute editor and a school editor pass through.

Public pages: nothing reaches past the viewport's right edge (a table in a wrapper that scrolls
sideways on purpose may). Admin screens: no English interface word in the visible text.
With ``PORTAL_SCREENSHOTS`` naming a directory (``make screenshots``: var/screenshots/) every
screen is also saved there as a full-page PNG, for a person to look at: overlap and balance are
not asserted.
"""

import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import get_resolver, resolve, reverse
from playwright.sync_api import expect
from wagtail.admin.menu import SubmenuMenuItem, admin_menu
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site
from wagtail.snippets.views.snippets import SnippetViewSet

from demo.indicators import PAGE_SCHOOL
from demo.users import DEMO_USERS
from events.models import EventIndexPage, EventPage
from practices.models import PracticePage
from roadmaps.models import RoadmapPage
from schools.models import QualitySectionPage, SchoolPage
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.test_calendar import CALENDAR, EVENT_TITLE
from tests.e2e.test_indicators import INDICATORS
from tests.e2e.test_practices import BANK, PRACTICE
from tests.e2e.test_school_editor import OWN_SCHOOL, log_in, section_of
from tests.site_cms.test_admin_language import BROKEN_FORMS, PROJECT_APPS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

WIDTHS = [1366, 375]
ADMIN_WIDTH = 1366
HEIGHT = 900
SCREENSHOTS = os.environ.get("PORTAL_SCREENSHOTS")
SEARCH_WORDS = "оценивание"

JOURNEY = [
    "home",
    "calendar",
    "event",
    "bank",
    "card",
    "school",
    "section",
    "indicators",
    "search",
    "roadmap",
]

# Every element whose box ends right of the viewport, outside a wrapper that scrolls sideways on
# purpose (a wide table's); only the outermost of a nested run, as "tag#id.class «text»: right".
OVERFLOW_SCRIPT = """() => {
    const limit = document.documentElement.clientWidth + 1;
    const scrolls = (element) => ["auto", "scroll"].includes(getComputedStyle(element).overflowX);
    const inScroller = (element) => {
        for (let node = element.parentElement; node !== document.body; node = node.parentElement) {
            if (scrolls(node)) return true;
        }
        return false;
    };
    const found = [];
    for (const element of document.body.querySelectorAll("*")) {
        const box = element.getBoundingClientRect();
        if (box.right <= limit || box.width === 0 || box.height === 0) continue;
        if (!element.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
        if (inScroller(element) || found.some((outer) => outer.contains(element))) continue;
        found.push(element);
    }
    return found.map((element) => {
        const id = element.id ? "#" + element.id : "";
        const classes = [...element.classList].map((name) => "." + name).join("");
        const text = (element.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 40);
        const right = Math.round(element.getBoundingClientRect().right);
        return `${element.tagName.toLowerCase()}${id}${classes} «${text}»: ${right} px`;
    }).concat(
        document.documentElement.scrollWidth > limit
            ? [`the page scrolls sideways: ${document.documentElement.scrollWidth} px`]
            : []
    );
}"""

# Interface words Wagtail and Django show when a phrase is untranslated or a verbose name is
# missing, as they leaked before (column headers «School», «Basis», the block label «Image»).
# Not listed: «Wagtail» (the product's name in «О Wagtail» and the help menu), and words that
# only appear in proper names or data.
ENGLISH = [
    "Add",
    "Basis",
    "Cancel",
    "Choose",
    "Code",
    "Dashboard",
    "Date",
    "Delete",
    "Edit",
    "Help",
    "Image",
    "Images",
    "items",
    "None",
    "Page",
    "Pages",
    "Reports",
    "Save",
    "School",
    "Search",
    "Settings",
    "Status",
    "Title",
    "Users",
    "Year",
]
ENGLISH_WORD = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b")
# Besides the visible text, what a person reads in an empty field.
READABLE_SCRIPT = """() => [
    document.body.innerText,
    ...[...document.querySelectorAll("[placeholder]")].map((field) => field.placeholder),
].join("\\n")"""
# Images the browser could not show (an avatar the Content-Security-Policy refuses, a 404).
BROKEN_IMAGES_SCRIPT = """() => [...document.images]
    .filter((image) => image.getAttribute("src") && image.checkVisibility())
    .filter((image) => image.complete && image.naturalWidth === 0)
    .map((image) => image.currentSrc || image.src)"""


def save_screenshot(page, name):
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SCREENSHOTS) / f"{name}.png", full_page=True)


@pytest.fixture(scope="module")
def journey_paths(demo_site):
    school = SchoolPage.objects.get(school__codes__code=f"sch{PAGE_SCHOOL}")
    roadmap = max(RoadmapPage.objects.live().public(), key=lambda page: page.items.count())
    return {
        "home": "/",
        "calendar": CALENDAR,
        "event": EventPage.objects.get(title=EVENT_TITLE).url,
        "bank": BANK,
        "card": PRACTICE,
        "school": school.url,
        "section": QualitySectionPage.objects.child_of(school).get().url,
        "indicators": INDICATORS,
        "search": "/search/?q=" + quote(SEARCH_WORDS),
        "roadmap": roadmap.url,
    }


@pytest.fixture(scope="module", params=WIDTHS, ids=[f"{width}px" for width in WIDTHS])
def screen(request, browser, live_url):
    """One page per width for the whole journey."""
    context = browser.new_context(
        base_url=live_url, locale="ru-RU", viewport={"width": request.param, "height": HEIGHT}
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield request.param, context.new_page()
    context.close()


@pytest.mark.parametrize("step", JOURNEY)
def test_journey_page_fits_the_viewport(screen, journey_paths, step):
    width, page = screen
    response = page.goto(journey_paths[step])
    assert response.status == 200, journey_paths[step]
    expect(page.locator("main h1").first).to_be_visible()
    save_screenshot(page, f"{width}-{step}")
    overflowing = page.evaluate(OVERFLOW_SCRIPT)
    assert overflowing == [], f"{journey_paths[step]} at {width} px: " + "; ".join(overflowing)


# --- admin --------------------------------------------------------------------------------------


def project_menu_urls(user):
    """The addresses of the project's own screens in ``user``'s admin menu (reports, registry,
    indicators, support), as the sidebar lists them."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = []

    def walk(items):
        for item in items:
            if isinstance(item, SubmenuMenuItem):
                walk(item.menu.menu_items_for_request(request))
            elif item.url.startswith("/admin/"):
                view = resolve(item.url).func
                module = getattr(view, "view_class", view).__module__
                if module.split(".")[0] in PROJECT_APPS:
                    urls.append(item.url)

    walk(admin_menu.menu_items_for_request(request))
    return urls


def project_listings():
    """Every listing of the project's models, snippets and those off the menu included."""
    get_resolver().resolve("/admin/")  # loading the admin's URLs registers the viewsets
    return [
        # A snippet's listing is its viewset's «list» view, a model's its «index».
        reverse(viewset.get_url_name("list" if isinstance(viewset, SnippetViewSet) else "index"))
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet) and viewset.model._meta.app_label in PROJECT_APPS
    ]


def institute_editor_screens(user):
    school = SchoolPage.objects.get(school__codes__code=f"sch{PAGE_SCHOOL}")
    event = EventPage.objects.get(title=EVENT_TITLE)
    screens = {
        "dashboard": reverse("wagtailadmin_home"),
        "explorer": reverse("wagtailadmin_explore_root"),
        "explorer-home": reverse("wagtailadmin_explore", args=[Site.objects.get().root_page_id]),
        "school-page": reverse("wagtailadmin_pages:edit", args=[school.pk]),
        "school-registry": reverse("school:edit", args=[school.school_id]),
        "events": reverse("wagtailadmin_explore", args=[EventIndexPage.objects.get().pk]),
        "event": reverse("wagtailadmin_pages:edit", args=[event.pk]),
        "registrations": reverse("events_registrations", args=[event.pk]),
        "practice": reverse(
            "wagtailadmin_pages:edit",
            args=[PracticePage.objects.get(url_path__endswith=PRACTICE).pk],
        ),
        "snippets": reverse("wagtailsnippets:index"),
    }
    for url in project_listings() + project_menu_urls(user):
        screens.setdefault(url.strip("/").replace("/", "-").removeprefix("admin-"), url)
    return screens


def school_editor_screens(user):
    section = section_of(OWN_SCHOOL)
    screens = {
        "dashboard": reverse("wagtailadmin_home"),
        "explorer": reverse("wagtailadmin_explore_root"),
        "school-page": reverse("wagtailadmin_pages:edit", args=[section.get_parent().pk]),
        "section": reverse("wagtailadmin_pages:edit", args=[section.pk]),
    }
    for url in project_menu_urls(user):
        screens.setdefault(url.strip("/").replace("/", "-").removeprefix("admin-"), url)
    return screens


def csp_refusals(page):
    """What the Content-Security-Policy refuses on ``page``, as the console reports it."""
    refused = []

    def note(message):
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", note)
    return refused


def admin_screen_problems(page):
    """English words, Russian phrases Wagtail built wrong and images not shown on the screen."""
    text = page.evaluate(READABLE_SCRIPT)
    found = {match.group(0) for match in BROKEN_FORMS.finditer(text)}
    found |= set(ENGLISH_WORD.findall(text))
    found |= {f"broken image {src}" for src in page.evaluate(BROKEN_IMAGES_SCRIPT)}
    return found


@pytest.mark.parametrize(
    "username, screens_of",
    [("admin", institute_editor_screens), ("school-editor", school_editor_screens)],
    ids=["institute-editor", "school-editor"],
)
def test_admin_screens_speak_russian(browser, live_url, demo_site, username, screens_of):
    account = next(user for user in DEMO_USERS if user.username == username)
    screens = screens_of(get_user_model().objects.get(username=username))
    context = browser.new_context(
        base_url=live_url, locale="ru-RU", viewport={"width": ADMIN_WIDTH, "height": HEIGHT}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    refused = csp_refusals(page)
    log_in(page, account.username, account.password)
    problems = {}
    try:
        for name, url in screens.items():
            response = page.goto(url)
            assert response.status == 200, url
            page.wait_for_load_state("load")
            save_screenshot(page, f"admin-{username}-{name}")
            found = admin_screen_problems(page) | set(refused)
            refused.clear()
            if found:
                problems[url] = sorted(found)
    finally:
        context.close()
    assert problems == {}
