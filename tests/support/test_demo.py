"""The demo's risk profiles: the demo school editor's school shows its factors, measures and
recommendations; the coordinator's map has every state; the editor reaches only their own."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from schools.models import School
from support.models import RiskProfile
from support.recommendations import EXPLANATION
from tests.schools.sections import section_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_loaded, db):
    return School.objects.get(codes__code="sch470101")  # the demo school editor's


def test_the_demo_schools_section_shows_its_factors_and_recommendations(client, demo):
    response = client.get(section_of(demo).url)

    block = BeautifulSoup(response.content, "html.parser").find(id="faktory-riska")
    text = " ".join(block.get_text().split())
    assert "Недостаточная предметная и методическая компетентность педагогов" in text
    assert "Курсы по методике преподавания математики" in text
    assert EXPLANATION in text
    # Its network pair's leader school clears the factor.
    assert "Школа-лидер МОУ «Приозерская СОШ № 1» (сетевая пара)" in text
    assert "рекомендована экспертами" in text


def test_a_demo_shnor_is_recommended_an_upcoming_seminar_on_its_factor(client, demo_loaded):
    school = School.objects.get(codes__code="sch240201")  # high «учебная неуспешность»
    block = BeautifulSoup(client.get(section_of(school).url).content, "html.parser").find(
        id="faktory-riska"
    )
    text = " ".join(block.get_text().split())
    factor = text.index("Высокая доля обучающихся с рисками учебной неуспешности — высокий")
    seminar = text.index("Мероприятие «Учителям русского языка: ученики с рисками учебной")
    assert factor < seminar < text.index("Низкая учебная мотивация обучающихся — средний")


def test_the_map_shows_every_state(client, demo):
    client.force_login(get_user_model().objects.get(username="coordinator"))

    response = client.get("/admin/risk-map/")

    text = response.content.decode()
    assert response.status_code == 200
    for state in ("подтверждён", "на проверке", "черновик"):
        assert state in text


def test_the_demo_editor_edits_only_the_own_profile(client, demo):
    client.force_login(get_user_model().objects.get(username="school-editor"))
    own = RiskProfile.objects.get(school=demo)
    other = RiskProfile.objects.exclude(school=demo).first()

    assert client.get(f"/admin/riskprofile/edit/{own.pk}/").status_code == 200
    assert client.get(f"/admin/riskprofile/edit/{other.pk}/").status_code == 404
