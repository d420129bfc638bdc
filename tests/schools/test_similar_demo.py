"""The demo's similar schools: every demo school in a group of several schools, its page
comparing it with them, and the coordinators' report on the demo ШНОР."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse

from schools.models import School, SchoolPage
from schools.similar import members
from schools.similar_queries import placements

NBSP = "\u00a0"


@pytest.fixture
def demo(demo_loaded, db, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def text(element):
    return " ".join(element.get_text(" ").replace(NBSP, " ").split())


@pytest.mark.usefixtures("demo")
def test_every_demo_school_is_in_a_group_of_several_schools():
    placed = placements(School.objects.values_list("pk", flat=True))
    groups = members(placed)
    names = dict(School.objects.values_list("pk", "short_name"))

    assert all(placement.group for placement in placed.values()), [
        (names[pk], placement.reason) for pk, placement in placed.items() if not placement.group
    ]
    sizes = {group.label.replace(NBSP, " "): len(pks) for group, pks in groups.items()}
    assert sizes == {
        "город; 300–699 учеников; доля учеников с ОВЗ менее 5 %": 5,
        "малое село, до 1 тыс. жителей; 100–299 учеников; доля учеников с ОВЗ от 5 до 10 %": 6,
        "крупное село, от 1 тыс. жителей; 100–299 учеников; доля учеников с ОВЗ менее 5 %": 8,
    }


@pytest.mark.usefixtures("demo")
def test_a_demo_school_page_compares_it_with_similar_schools(client):
    page = SchoolPage.objects.get(school__short_name="МОУ «Джатиевская ООШ»")

    html = BeautifulSoup(client.get(page.url).content, "html.parser")

    section = html.find(id="similar-schools-title").parent
    assert "Таких школ в регионе 6" in text(section)
    for subject in ("Математика", "Русский язык"):
        heading = section.find(id=f"similar-{subject.lower().replace(' ', '-')}")
        caption = text(heading.parent.figcaption)
        assert caption.startswith(f"{subject}: доля отметок «2» в 4 классе")
        assert "слишком мало для сравнения" not in caption
    peers = section.select(".similar-schools__peers a")
    assert len(peers) == 5 and all(client.get(peer["href"]).status_code == 200 for peer in peers)


@pytest.mark.usefixtures("demo")
def test_the_coordinator_sees_the_demo_shnor_against_their_similar_schools(
    client, django_user_model
):
    user = django_user_model.objects.create_user("demo-coordinator-test", password="x")
    user.groups.add(Group.objects.get(name="Координаторы"))
    client.force_login(user)

    response = client.get(reverse("indicators_similar_schools"))

    html = BeautifulSoup(response.content, "html.parser")
    rows = html.select("table.similar-report tbody tr")
    assert len(rows) >= 5
    gaps = [text(row.find_all("td")[1]) for row in rows]
    assert "—" not in gaps  # every demo ШНОР is compared
