"""The schools' demo: registry, pages, filled sections, statuses, pairs, the school editor."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Site

from demo import schools as demo_schools
from demo.timeline import year
from demo.users import DEMO_USERS, format_logins
from schools.models import (
    Municipality,
    QualitySectionPage,
    School,
    SchoolIndexPage,
    SchoolNewsPage,
    SchoolPage,
    SchoolStatus,
)
from site_cms.models import NavigationSettings, StandardPage
from tests.factories import StandardPageFactory

PRIOZERSK_SHNOR = [
    "МОУ «Джатиевская ООШ»",
    "МОУ «Запорожская ООШ»",
    "МОУ «Красноармейская ООШ»",
    "МОУ «Красноозерненская ООШ»",
    "МОУ «Коммунарская ООШ»",
    "МОУ «Кузнеченская СОШ»",
    "МОУ «Мельниковская СОШ»",
    "МОУ «Отрадненская СОШ»",
]


@pytest.fixture
def demo(demo_loaded, db, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    return SchoolIndexPage.objects.get()


def test_the_school_index_replaces_the_old_section_page(demo, client):
    home = Site.objects.get(is_default_site=True).root_page
    assert demo.get_parent().pk == home.pk
    assert demo.url == "/shkoly/" and demo.live and demo.show_in_menus
    assert not StandardPage.objects.filter(slug="shkoly").exists()
    menus = NavigationSettings.for_site(home.get_site())
    assert demo.pk in [link.value["page"].pk for link in menus.main_menu]
    assert demo.pk in [link.value["page"].pk for link in home.specific.quick_links]
    html = client.get("/shkoly/").content.decode()
    for name in PRIOZERSK_SHNOR:
        assert name in html


def test_priozersk_schools_have_shnor_status_with_an_order_and_leaders(demo):
    priozersk = Municipality.objects.get(name="Приозерский муниципальный район")
    assert priozersk.region == "Ленинградская область"
    for name in PRIOZERSK_SHNOR:
        school = School.objects.get(short_name=name, municipality=priozersk)
        status = school.statuses.get(school_year=year(2023), status="shnor")
        assert status.order_number and status.order_date, name
        assert status.basis.startswith("приказ № ")
        assert {code.code[:3] for code in school.codes.all()} == {"sch", "edu"}
        current = school.leader_pairs.filter(ends_on__isnull=True)
        assert current.count() == 1, name
        pair = current.get()
        assert pair.agreement_number and pair.agreement_date
        assert pair.leader_school.statuses.filter(school_year=year(2023), status="leader").exists()
    leaders = School.objects.filter(
        municipality=priozersk, statuses__status="leader", statuses__school_year=year(2023)
    )
    assert 2 <= leaders.count() <= 3


def test_other_municipalities_of_the_documents_have_schools_with_statuses(demo):
    regions = set(Municipality.objects.values_list("region", flat=True))
    assert {"Амурская область", "Красноярский край", "Свердловская область"} <= regions
    statuses = set(SchoolStatus.objects.values_list("status", flat=True))
    assert statuses == {"shnor", "shnsu", "leader", "risk"}
    # A status identified by a rule, not by an order.
    assert SchoolStatus.objects.filter(order_number="").exclude(rule="").exists()


def test_every_school_has_a_live_page_and_a_filled_section(demo, client):
    for school in School.objects.all():
        page = SchoolPage.objects.get(school=school)
        assert page.live and page.summary, school
        section = QualitySectionPage.objects.child_of(page).get()
        assert section.live and not section.has_unpublished_changes, school
        for field in ("programme_documents", "roadmap", "recommendations", "reports", "team"):
            assert len(getattr(section, field)) > 0, (school, field)
            value = getattr(section, field)
            value.stream_block.clean(value)
        assert school.editors_group and school.collection, school
        for block in section.programme_documents:
            assert block.value["document"].collection_id == school.collection_id
        assert client.get(page.url).status_code == 200
        assert client.get(section.url).status_code == 200
    assert SchoolNewsPage.objects.live().count() >= School.objects.count() - 2


def test_the_team_shows_names_only_where_consent_is_marked(demo, client):
    page = SchoolPage.objects.get(school__short_name="МОУ «Джатиевская ООШ»")
    section = QualitySectionPage.objects.child_of(page).get()
    members = [block.value for block in section.team]
    assert any(m["consent"] and m["name"] for m in members)
    hidden = [m["name"] for m in members if m["name"] and not m["consent"]]
    assert hidden, "the demo keeps a name without consent, to show it is not published"
    html = client.get(section.url).content.decode()
    for name in hidden:
        assert name not in html
    assert "Иванова Мария Ивановна" in html


def test_the_demo_school_editor_edits_only_own_school(demo):
    spec = next(user for user in DEMO_USERS if user.username == "school-editor")
    user = get_user_model().objects.get(username="school-editor")
    assert user.check_password(spec.password) and user.is_active
    assert not user.is_staff and not user.is_superuser
    own = School.objects.get(short_name="МОУ «Джатиевская ООШ»")
    assert list(user.groups.all()) == [own.editors_group]
    own_section = QualitySectionPage.objects.child_of(own.page).get()
    other = QualitySectionPage.objects.exclude(pk=own_section.pk).first()
    assert own_section.permissions_for_user(user).can_publish()
    assert not other.permissions_for_user(user).can_edit()
    assert "school-editor" in format_logins() and spec.password in format_logins()


def test_an_old_standard_page_at_the_slug_is_replaced(demo):
    home = demo.get_parent()
    demo.delete()
    old = StandardPageFactory(
        parent=home, title="Школы-участники", slug="shkoly", intro="Прежняя страница."
    )

    call_command("load_demo", stdout=StringIO())

    assert not StandardPage.objects.filter(pk=old.pk).exists()
    index = SchoolIndexPage.objects.get()
    assert index.url == "/shkoly/"
    assert SchoolPage.objects.child_of(index).count() == len(demo_schools.SCHOOLS)


def test_some_sections_are_stale_and_the_reminder_names_them(demo):
    """The sections' updates are spread over the past weeks: the freshness report has stale
    sections, and a dry run of the reminder names their schools."""
    from django.conf import settings
    from django.utils import timezone

    from schools.freshness import section_freshness

    rows = section_freshness(timezone.now(), settings.SCHOOL_SECTION_STALE_DAYS)
    stale = [row for row in rows if row.is_stale]
    assert 0 < len(stale) < len(rows)
    assert all(row.last_update < timezone.now() for row in rows)
    out = StringIO()
    call_command("remind_stale_sections", "--dry-run", stdout=out)
    named = out.getvalue()
    assert "Пробный запуск" in named
    assert all(row.school_name in named for row in stale), named
