"""Registry edits reach the cached public pages at once: a school's address, a status, a network
pair, a municipality, edited in the admin over HTTP or imported, and an import bumps the page
cache's generation once, however many rows it writes."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse

from schools.models import School, SchoolPage, SchoolStatus
from schools.resources import export_registry
from schools.views.registry import NetworkPairViewSet
from site_cms import page_cache
from tests.factories import (
    MunicipalityFactory,
    NetworkPairFactory,
    SchoolFactory,
    SchoolIndexPageFactory,
    SchoolPageFactory,
    SchoolStatusFactory,
)

pytestmark = pytest.mark.django_db

LOGINS = Path(__file__).resolve().parent.parent / "fixtures" / "schools" / "school-logins.xlsx"
SHNOR = "Школа входит в перечень школ с низкими образовательными результатами"


@pytest.fixture
def index(home):
    return SchoolIndexPageFactory(parent=home)


def school_page(index, **fields):
    school = SchoolFactory(**fields)
    return SchoolPageFactory(parent=index, slug=f"school-{school.pk}", school=school)


@pytest.fixture
def page(index):
    return school_page(
        index,
        short_name="МОУ «Джатиевская ООШ»",
        address="пос. Джатиево, ул. Школьная, д. 1",
        municipality=MunicipalityFactory(name="Приозерский муниципальный район"),
    )


def cached(client, page):
    """The page as a visitor gets it, made sure to come from the page cache."""
    client.get(page.url)
    response = client.get(page.url)
    assert response["X-Page-Cache"] == "hit"
    return response.content.decode()


def visited(client, page):
    return client.get(page.url).content.decode()


def form_data(instance, fields, **changes):
    data = {
        name: "" if value is None else value
        for name, value in model_to_dict(instance, fields).items()
    }
    return {**data, **changes}


SCHOOL_FIELDS = ["short_name", "full_name", "kind", "municipality", "address", "settlement"]


def inline_formsets_left_out(school):
    """The school form's inline logins and statuses, each kept by its id as it is."""
    data = {}
    for prefix, rows in (("codes", school.codes.all()), ("statuses", school.statuses.all())):
        data |= {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)}
        for index, row in enumerate(rows):
            fields = [f.name for f in row._meta.fields if f.editable and f.name != "school"]
            data |= {
                f"{prefix}-{index}-{name}": value for name, value in form_data(row, fields).items()
            }
    return data


def test_a_schools_new_address_is_shown_at_once(client, admin_client, page):
    school = page.school
    assert "ул. Школьная, д. 1" in cached(client, page)

    response = admin_client.post(
        reverse("school:edit", args=[school.pk]),
        form_data(school, SCHOOL_FIELDS, address="пос. Джатиево, ул. Новая, д. 5")
        | inline_formsets_left_out(school),
    )
    assert response.status_code == 302

    assert "ул. Новая, д. 5" in visited(client, page)


def test_a_renamed_municipality_is_shown_at_once(client, admin_client, page):
    municipality = page.school.municipality
    assert "Приозерский муниципальный район" in cached(client, page)

    response = admin_client.post(
        reverse("municipality:edit", args=[municipality.pk]),
        form_data(
            municipality,
            ["name", "code", "region", "other_names"],
            name="Приозерский муниципальный округ",
        ),
    )
    assert response.status_code == 302

    assert "Приозерский муниципальный округ" in visited(client, page)


def test_a_status_added_or_deleted_in_the_admin_is_shown_at_once(client, admin_client, page):
    assert SHNOR not in cached(client, page)

    response = admin_client.post(
        reverse("schoolstatus:add"),
        {
            "school": page.school.pk,
            "school_year": 2023,
            "status": "shnor",
            "order_number": "214",
            "order_date": "2023-08-30",
            "rule": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert SHNOR in visited(client, page)

    status = SchoolStatus.objects.get(school=page.school)
    response = admin_client.post(reverse("schoolstatus:delete", args=[status.pk]))
    assert response.status_code == 302
    assert SHNOR not in visited(client, page)


def test_a_network_pair_added_or_edited_in_the_admin_is_shown_at_once(
    client, admin_client, index, page
):
    SchoolStatusFactory(school=page.school)
    leader = school_page(index, short_name="МОУ «Приозерская СОШ № 1»").school
    assert "Приозерская СОШ № 1" not in cached(client, page)

    fields = NetworkPairViewSet.form_fields
    pair = NetworkPairFactory.build(
        supported_school=page.school, leader_school=leader, curator="Методический отдел"
    )
    response = admin_client.post(reverse("networkpair:add"), form_data(pair, fields))
    assert response.status_code == 302
    assert "Приозерская СОШ № 1" in visited(client, page)

    pair = page.school.leader_pairs.get()
    assert "Методический отдел" in cached(client, page)
    response = admin_client.post(
        reverse("networkpair:edit", args=[pair.pk]),
        form_data(pair, fields, curator="Центр непрерывного образования"),
    )
    assert response.status_code == 302
    assert "Центр непрерывного образования" in visited(client, page)


def run_import(path, *options):
    call_command("import_schools", str(path), *options, stdout=io.StringIO())


def test_an_imported_address_is_shown_at_once_with_one_bump(client, page, tmp_path):
    assert "ул. Школьная, д. 1" in cached(client, page)
    content, _, _ = export_registry(School.objects.all(), "csv")
    path = tmp_path / "reestr.csv"
    path.write_bytes(content.replace("ул. Школьная, д. 1".encode(), "ул. Новая, д. 5".encode()))
    before = page_cache.current_generation()

    run_import(path)

    assert page_cache.current_generation() == before + 1
    assert "ул. Новая, д. 5" in visited(client, page)


def test_an_import_that_provisions_many_schools_bumps_once(home):
    SchoolIndexPageFactory(parent=home, publish=False)
    before = page_cache.current_generation()

    run_import(LOGINS, "--create-municipalities", "--provision")

    assert SchoolPage.objects.count() == 7
    assert page_cache.current_generation() == before + 1
