"""The support cycle end to end in the browser, on a small site of its own (no demo): a
school's editor fills in the school's risk profile with a factor and a measure in the admin and
sends it for review; a coordinator confirms it; the public «Фактор риска — меры» table then
appears on the school's «Повышение качества образования» section, read without JavaScript,
and the section passes axe.

The module serves its own live server over the package's test database (``e2e_db``) with
only what the journey needs, so it does not wait for the demo to load.
"""

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from schools.models import SchoolIndexPage
from schools.provisioning import provision_school
from site_cms.models import InstituteSettings, NavigationSettings
from support.models import RiskProfile
from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_school_editor import log_in
from tests.factories import SchoolFactory, SchoolIndexPageFactory, home_page
from tests.schools.sections import section_of

# django_db: the tests read the test database through the live server.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PASSWORD = "Journey-2026-support"
SCHOOL = "МОУ «Сосновская СОШ» (путь поддержки)"
FACTOR = "Дефицит педагогических кадров"
BASIS = "Две вакансии учителей физики"
MEASURE = "Уроки физики с сетевым учителем школы-лидера"


@pytest.fixture(scope="module")
def site(e2e_db):
    """A school with its pages, its editor and a coordinator (committed: the live server's
    thread reads them)."""
    home = home_page()
    InstituteSettings.for_site(home.get_site())
    NavigationSettings.for_site(home.get_site())
    index = SchoolIndexPage.objects.first() or SchoolIndexPageFactory(parent=home)
    school = SchoolFactory(short_name=SCHOOL)
    provision_school(school, index)
    school.refresh_from_db()
    users = get_user_model().objects
    editor = users.create_user("journey-editor", password=PASSWORD)
    editor.groups.add(school.editors_group)
    coordinator = users.create_user("journey-coordinator", password=PASSWORD)
    coordinator.groups.add(Group.objects.get(name="Координаторы"))
    cache.clear()
    return SimpleNamespace(school=school, editor=editor, coordinator=coordinator)


@pytest.fixture(scope="module")
def live_url(site):
    """This module's live server, over the small site instead of the demo."""
    server = LiveServer("127.0.0.1:0")
    yield server.url
    server.stop()


def choose_factor(page, field_id):
    """A factor is a snippet: its field is Wagtail's chooser, a modal listing the factors."""
    page.locator(f"#{field_id}-chooser [data-chooser-action-choose]").click()
    page.locator(".modal a", has_text=FACTOR).click()
    expect(page.locator(f"#{field_id}-chooser")).to_contain_text(FACTOR)
    expect(page.locator(".modal-backdrop")).to_have_count(0)


def fill_profile(page, school):
    """The editor's new profile: the school, a factor at «высокий», a measure, for review."""
    page.goto("/admin/riskprofile/new/")
    page.select_option("#id_school", str(school.pk))
    page.fill("#id_school_year", "2025")
    page.select_option("#id_state", "review")
    page.locator("#id_assessments-ADD").click()
    choose_factor(page, "id_assessments-0-factor")
    page.select_option("#id_assessments-0-level", "high")
    page.select_option("#id_assessments-0-source", "self")
    page.fill("#id_assessments-0-basis", BASIS)
    page.fill("#id_teachers_total", "20")
    page.locator("#id_measures-ADD").click()
    choose_factor(page, "id_measures-0-factor")
    page.fill("#id_measures-0-action", MEASURE)
    page.fill("#id_measures-0-responsible", "директор")
    page.fill("#id_measures-0-starts_on", "2025-10-01")
    page.fill("#id_measures-0-ends_on", "2026-05-31")
    page.select_option("#id_measures-0-status", "running")
    save(page)


def save(page):
    # «Создать» or «Сохранить» by the admin's own shortcut: a date picker left open by the
    # last date field covers the buttons for a mouse, not for the keyboard.
    page.keyboard.press("Control+s")
    errors = page.locator(".error-message, .help-critical")
    expect(page).to_have_url(re.compile(r"/admin/riskprofile/$"))
    assert errors.count() == 0


def public_rows(page):
    """The table's rows as their cells' texts."""
    return [
        [" ".join(cell.split()) for cell in row.locator("th, td").all_inner_texts()]
        for row in page.locator("#faktory-riska table tr").all()
    ]


def test_editor_fills_coordinator_confirms_visitor_sees_the_table(
    site, browser, live_url, page, no_js_page
):
    section_url = section_of(site.school).url

    log_in(page, site.editor.username, PASSWORD)
    fill_profile(page, site.school)
    profile = RiskProfile.objects.get(school=site.school)
    assert profile.state == "review"
    assert profile.measures.get().action == MEASURE
    no_js_page.goto(section_url)
    expect(no_js_page.locator("#faktory-riska")).to_have_count(0)

    page.context.clear_cookies()
    log_in(page, site.coordinator.username, PASSWORD)
    page.goto(f"/admin/riskprofile/edit/{profile.pk}/")
    page.select_option("#id_state", "confirmed")
    save(page)
    profile.refresh_from_db()
    assert (profile.state, profile.confirmed_by) == ("confirmed", site.coordinator)
    assert list(profile.measures.values_list("action", flat=True)) == [MEASURE]

    no_js_page.goto(section_url)
    expect(no_js_page.get_by_role("heading", name="Фактор риска — меры")).to_be_visible()
    assert public_rows(no_js_page)[1:] == [
        [
            f"{FACTOR} {BASIS}",
            "высокий",
            MEASURE,
            "директор",
            "01.10.2025 — 31.05.2026",
            "выполняется",
        ],
    ]

    page.goto(section_url)
    assert_accessible(page)
