"""A school editor at work in the admin, and the schools' public pages under axe-core.

The demo school editor (``school-editor``, a member of the editors' group of «Джатиевская
ООШ») logs in, changes the own section and publishes it, sees the change on the public page,
then opens another school's section and is turned away without anything changing.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from demo.users import DEMO_USERS
from schools.models import QualitySectionPage, SchoolIndexPage, SchoolPage
from tests.e2e.test_accessibility import AXE_OPTIONS, BLOCKING_IMPACTS, describe, open_in_version

# django_db: the tests read the test database through the live server.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

EDITOR = next(user for user in DEMO_USERS if user.username == "school-editor")
OWN_SCHOOL = "МОУ «Джатиевская ООШ»"
OTHER_SCHOOL = "МОУ «Запорожская ООШ»"
NEW_INTRO = "Новое вступление: с ноября у нас работают консультации для родителей по субботам."


def section_of(school_name):
    page = SchoolPage.objects.get(school__short_name=school_name)
    return QualitySectionPage.objects.child_of(page).get()


def log_in(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url("/admin/")


def test_school_editor_publishes_own_section_and_is_refused_elsewhere(page, live_url):
    own, other = section_of(OWN_SCHOOL), section_of(OTHER_SCHOOL)
    other_intro, other_revisions = other.intro, other.revisions.count()

    log_in(page, EDITOR.username, EDITOR.password)
    page.goto(f"/admin/pages/{own.pk}/edit/")
    expect(page.locator("#id_intro")).to_be_visible()
    page.fill("#id_intro", NEW_INTRO)
    # «Опубликовать» is in the menu next to «Сохранить черновик».
    page.locator("footer [data-w-dropdown-target='toggle']").click()
    page.get_by_role("button", name="Опубликовать").click()
    expect(page.locator(".messages")).to_contain_text("опубликована")

    page.goto(own.url)
    expect(page.locator(".article__header .lead")).to_have_text(NEW_INTRO)
    own.refresh_from_db()
    assert own.intro == NEW_INTRO and own.live and not own.has_unpublished_changes

    edit_other = f"/admin/pages/{other.pk}/edit/"
    response = page.goto(edit_other)
    assert response.status == 403 or not page.url.endswith(edit_other), page.url
    expect(page.locator("#id_intro")).to_have_count(0)
    other.refresh_from_db()
    assert other.intro == other_intro
    assert other.revisions.count() == other_revisions
    page.goto(other.url)
    expect(page.locator("main")).not_to_contain_text(NEW_INTRO)


# --- axe-core on the schools' public pages ------------------------------------------------------


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture(params=["index", "index filtered", "school", "section"])
def school_path(request, demo_site):
    if request.param == "index":
        return SchoolIndexPage.objects.get().url
    if request.param == "index filtered":
        return SchoolIndexPage.objects.get().url + "?status=shnor&kind=ООШ"
    school_page = SchoolPage.objects.get(school__short_name=OWN_SCHOOL)
    if request.param == "school":
        return school_page.url
    return QualitySectionPage.objects.child_of(school_page).get().url


@pytest.mark.parametrize("scheme", [None, "bw", "wb", "blue"], ids=["ordinary", "bw", "wb", "blue"])
def test_school_pages_have_no_serious_accessibility_violations(page, axe, school_path, scheme):
    open_in_version(page, school_path, scheme)
    # The <details> parts (legend, history of statuses) are checked open as well.
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    version = f"low-vision scheme {scheme!r}" if scheme else "the ordinary version"
    assert not blocking, (
        f"axe found serious/critical WCAG A/AA violations on {school_path} in {version}:\n"
        + describe(blocking)
    )
