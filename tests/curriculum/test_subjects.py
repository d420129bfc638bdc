"""School subjects: the «по чему» form editors keep, and the sentences that use it."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from curriculum.models import Subject
from indicators.models import ResultAggregate
from schools.provisioning import provision_school
from tests.factories import SchoolFactory, SchoolIndexPageFactory

pytestmark = pytest.mark.django_db


def test_every_seeded_subject_has_its_dative():
    datives = dict(Subject.objects.values_list("name", "dative"))

    assert datives["Математика"] == "математике"
    assert datives["Русский язык"] == "русскому языку"
    assert datives["Физическая культура"] == "физической культуре"
    assert [name for name, dative in datives.items() if not dative] == []


def test_the_snippet_editor_shows_and_saves_the_dative(admin_client):
    subject = Subject.objects.get(name="Окружающий мир")
    url = reverse("wagtailsnippets_curriculum_subject:edit", args=[subject.pk])

    form = BeautifulSoup(admin_client.get(url).content, "html.parser")
    field = form.find("input", attrs={"name": "dative"})
    assert field["value"] == "окружающему миру"
    assert "«по чему»" in form.find("label", attrs={"for": field["id"]}).get_text()

    data = {
        "name": subject.name,
        "slug": subject.slug,
        "other_names": subject.other_names,
        "dative": "окружающему миру (природе)",
        "sort_order": subject.sort_order,
    }
    assert admin_client.post(url, data).status_code == 302
    subject.refresh_from_db()
    assert subject.dative == "окружающему миру (природе)"


@pytest.mark.parametrize(
    ("dative", "expected"),
    [
        ("астрономии", "Доля отметок «2» по астрономии (11 класс): 25 % (2024)"),
        ("", "Доля отметок «2» по предмету «Астрономия» (11 класс): 25 % (2024)"),
    ],
)
def test_the_school_page_sentence_says_the_dative_or_names_the_subject(
    client, home, settings, dative, expected
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    school = SchoolFactory()
    page = provision_school(school, SchoolIndexPageFactory(parent=home))
    astronomy = Subject.objects.create(name="Астрономия", slug="astronomiya", dative=dative)
    ResultAggregate.objects.create(
        school=school,
        year=2024,
        procedure="VPR",
        subject=astronomy,
        grade=11,
        participants=12,  # the public minimum is 10
        mark2=3,
    )

    response = client.get(page.url)

    caption = BeautifulSoup(response.content, "html.parser").select_one("figure.chart figcaption")
    assert " ".join(caption.get_text(" ").replace("\u00a0", " ").split()).startswith(expected)
