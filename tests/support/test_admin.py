"""A school's editors fill in their own school's risk profile and measures in the admin and
send it for review; a coordinator confirms it. Another school's profile is refused through
every door: the list, the edit, delete, history and usage screens, and ids forged in a POST."""

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from roadmaps.models import RoadmapItem
from support.models import RiskProfile
from tests.factories import MunicipalityFactory, RoadmapPageFactory
from tests.support.factories import FactorAssessmentFactory, MeasureFactory, RiskProfileFactory

pytestmark = pytest.mark.django_db


def profile_form(school, factors, *, state="review", assessments=(), measures=(), **fields):
    """The admin form's data: assessments are (factor, level) pairs, measures (factor, item)."""
    data = {
        "school": school.pk,
        "school_year": 2025,
        "state": state,
        "staffing_deficit": "Нет учителя физики",
        "information_deficit": "",
        "equipment_deficit": "",
        "methodical_deficit": "",
        "teachers_total": 20,
        "teachers_diagnosed": 12,
        "teachers_with_deficits": 7,
        "teachers_on_route": 5,
        "assessments": inline_formset(
            [
                {"factor": factors[slug].pk, "level": level, "source": "self", "basis": "Анкета"}
                for slug, level in assessments
            ]
        ),
        "measures": inline_formset(
            [
                {
                    "factor": factors[slug].pk,
                    "action": "Курсы повышения квалификации",
                    "responsible": "заместитель директора по УВР",
                    "starts_on": "2025-10-01",
                    "ends_on": "2025-12-20",
                    "status": "planned",
                    "roadmap_item": item.pk if item else "",
                }
                for slug, item in measures
            ]
        ),
    }
    data.update(fields)
    return nested_form_data(data)


def as_edited(data, profile):
    """The form's data as the edit page posts it: a row of a factor the profile has carries
    that row's id (such rows come first, as the page lists them)."""
    ids = dict(profile.assessments.values_list("factor_id", "pk"))
    initial = 0
    for index in range(int(data["assessments-TOTAL_FORMS"])):
        pk = ids.get(data[f"assessments-{index}-factor"])
        if pk:
            data[f"assessments-{index}-id"] = pk
            initial += 1
    data["assessments-INITIAL_FORMS"] = initial
    return data


def field_errors(response, formset, field):
    return [
        str(message)
        for form in response.context["form"].formsets[formset].forms
        for message in form.errors.get(field, [])
    ]


def test_editor_fills_in_the_own_profile_and_a_coordinator_confirms(
    client, editor, coordinator, own, factors
):
    client.force_login(editor)
    form = client.get("/admin/riskprofile/new/").context["form"]
    assert list(form.fields["school"].queryset) == [own]
    assert [value for value, _ in form.fields["state"].choices] == ["draft", "review"]
    data = profile_form(
        own,
        factors,
        assessments=[("defitsit-kadrov", "high"), ("dolya-ovz", "none")],
        measures=[("defitsit-kadrov", None)],
    )
    response = client.post("/admin/riskprofile/new/", data)

    assert response.status_code == 302
    profile = RiskProfile.objects.get()
    assert (profile.school, profile.state) == (own, "review")
    assert profile.assessments.count() == 2
    assert profile.measures.get().factor == factors["defitsit-kadrov"]

    client.force_login(coordinator)
    data = profile_form(
        own,
        factors,
        state="confirmed",
        assessments=[("defitsit-kadrov", "high"), ("dolya-ovz", "none")],
        measures=[("defitsit-kadrov", None)],
    )
    response = client.post(f"/admin/riskprofile/edit/{profile.pk}/", as_edited(data, profile))

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.state, profile.confirmed_by) == ("confirmed", coordinator)
    assert profile.confirmed_at is not None
    # Every save is kept: the editor's and the coordinator's.
    assert profile.revisions.count() == 2
    history = client.get(f"/admin/riskprofile/history/{profile.pk}/")
    assert history.status_code == 200


def test_an_editor_cannot_confirm(client, editor, own, factors):
    client.force_login(editor)
    response = client.post("/admin/riskprofile/new/", profile_form(own, factors, state="confirmed"))

    assert response.status_code == 200
    assert response.context["form"].errors["state"]
    assert not RiskProfile.objects.exists()


def test_an_editors_change_sends_a_confirmed_profile_back_for_review(client, editor, own, factors):
    profile = RiskProfileFactory(school=own, state="confirmed")
    client.force_login(editor)

    page = client.get(f"/admin/riskprofile/edit/{profile.pk}/")
    assert page.context["form"]["state"].value() == "review"
    response = client.post(
        f"/admin/riskprofile/edit/{profile.pk}/", profile_form(own, factors, state="review")
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.state, profile.confirmed_by, profile.confirmed_at) == ("review", None, None)


def test_an_editor_reporting_on_measures_keeps_the_confirmation(
    client, editor, coordinator, own, factors
):
    profile = RiskProfileFactory(
        school=own,
        state="confirmed",
        confirmed_by=coordinator,
        staffing_deficit="Нет учителя физики",
    )
    FactorAssessmentFactory(
        profile=profile, factor=factors["defitsit-kadrov"], level="high", basis="Анкета"
    )
    client.force_login(editor)

    data = profile_form(
        own,
        factors,
        assessments=[("defitsit-kadrov", "high")],
        measures=[("defitsit-kadrov", None)],
    )
    response = client.post(f"/admin/riskprofile/edit/{profile.pk}/", as_edited(data, profile))

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.state, profile.confirmed_by) == ("confirmed", coordinator)
    assert profile.measures.count() == 1


def test_teacher_counts_must_add_up(client, editor, own, factors):
    client.force_login(editor)
    data = profile_form(own, factors, teachers_diagnosed=25, teachers_with_deficits=30)
    response = client.post("/admin/riskprofile/new/", data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["teachers_diagnosed"] == ["Прошедших диагностику больше, чем педагогов всего."]
    assert errors["teachers_with_deficits"] == [
        "Дефициты выявлены у большего числа педагогов, чем прошли диагностику."
    ]


def test_a_measure_answers_an_assessed_factor(client, editor, own, factors):
    client.force_login(editor)
    data = profile_form(
        own,
        factors,
        assessments=[("defitsit-kadrov", "high")],
        measures=[("dolya-ovz", None)],
    )
    response = client.post("/admin/riskprofile/new/", data)

    assert response.status_code == 200
    assert field_errors(response, "measures", "factor") == [
        "Фактор «Высокая доля обучающихся с ОВЗ» не оценён в этом профиле: "
        "сначала добавьте его оценку."
    ]


# --- Another school's profile ----------------------------------------------------------------


@pytest.fixture
def others_profile(other, factors):
    profile = RiskProfileFactory(school=other, staffing_deficit="Вакансия учителя химии")
    FactorAssessmentFactory(profile=profile, factor=factors["shkolnyy-klimat"])
    return profile


def test_the_list_shows_only_the_own_schools_profiles(client, editor, own, others_profile):
    RiskProfileFactory(school=own)
    client.force_login(editor)

    response = client.get("/admin/riskprofile/")

    assert response.status_code == 200
    assert "Учебный год" in response.text
    assert own.short_name in response.text
    assert others_profile.school.short_name not in response.text


@pytest.mark.parametrize("door", ["edit", "delete", "history", "usage"])
def test_another_schools_profile_is_not_found(client, editor, others_profile, door):
    client.force_login(editor)

    assert client.get(f"/admin/riskprofile/{door}/{others_profile.pk}/").status_code == 404
    assert client.post(f"/admin/riskprofile/{door}/{others_profile.pk}/").status_code == 404
    assert RiskProfile.objects.filter(pk=others_profile.pk).exists()


def test_an_editor_deletes_no_profile_even_the_own(client, editor, own):
    profile = RiskProfileFactory(school=own)
    client.force_login(editor)

    response = client.post(f"/admin/riskprofile/delete/{profile.pk}/")

    # Wagtail sends a user without the permission back to the dashboard.
    assert (response.status_code, response.url) == (302, "/admin/")
    assert RiskProfile.objects.filter(pk=profile.pk).exists()


def test_a_forged_school_is_refused(client, editor, own, other, factors):
    client.force_login(editor)
    response = client.post("/admin/riskprofile/new/", profile_form(other, factors))

    assert response.status_code == 200
    assert response.context["form"].errors["school"]
    assert not RiskProfile.objects.exists()


def test_a_forged_inline_id_of_another_profile_is_refused(
    client, editor, own, others_profile, factors
):
    profile = RiskProfileFactory(school=own)
    client.force_login(editor)
    data = profile_form(own, factors, assessments=[("dolya-ovz", "low")])
    # The other school's assessment's id, as if it were a row of this profile.
    data["assessments-0-id"] = others_profile.assessments.get().pk
    data["assessments-INITIAL_FORMS"] = 1

    client.post(f"/admin/riskprofile/edit/{profile.pk}/", data)

    # The forged id is not this profile's row: the row is saved as a new one of this profile.
    own_row = profile.assessments.get()
    assert own_row.factor.slug == "dolya-ovz"
    others = others_profile.assessments.get()
    assert own_row.pk != others.pk
    assert (others.profile, others.factor.slug, others.level) == (
        others_profile,
        "shkolnyy-klimat",
        "high",
    )


def test_another_schools_roadmap_item_is_refused(client, editor, own, other, factors, home):
    roadmap = RoadmapPageFactory(parent=home, school=other, level="school")
    item = RoadmapItem.objects.create(
        page=roadmap, activity="Семинар", responsible="методист", deadline="2025-12-01"
    )
    client.force_login(editor)
    data = profile_form(
        own,
        factors,
        assessments=[("defitsit-kadrov", "high")],
        measures=[("defitsit-kadrov", item)],
    )

    response = client.post("/admin/riskprofile/new/", data)

    assert response.status_code == 200
    assert field_errors(response, "measures", "roadmap_item")
    assert not RiskProfile.objects.exists()


def test_a_factor_is_assessed_once(client, editor, own, factors):
    client.force_login(editor)
    data = profile_form(
        own, factors, assessments=[("defitsit-kadrov", "high"), ("defitsit-kadrov", "low")]
    )
    response = client.post("/admin/riskprofile/new/", data)

    assert response.status_code == 200
    assert field_errors(response, "assessments", "factor") == [
        "Фактор «Дефицит педагогических кадров» уже оценён в этом профиле."
    ]


def test_a_factor_left_out_of_the_post_still_counts(client, editor, own, factors):
    profile = RiskProfileFactory(school=own)
    FactorAssessmentFactory(profile=profile, factor=factors["defitsit-kadrov"])
    client.force_login(editor)
    # A stale or forged POST without the existing row, adding the same factor again.
    data = profile_form(own, factors, assessments=[("defitsit-kadrov", "low")])

    response = client.post(f"/admin/riskprofile/edit/{profile.pk}/", data)

    assert response.status_code == 200
    assert field_errors(response, "assessments", "factor") == [
        "Фактор «Дефицит педагогических кадров» уже оценён в этом профиле."
    ]
    assert profile.assessments.get().level == "high"


@pytest.fixture
def roadmaps(home, own, other):
    """One item in each: the school's own roadmap, another school's, its municipality's,
    another municipality's and the region's."""
    elsewhere = MunicipalityFactory(name="Другой район")
    for title, fields in (
        ("Карта школы", {"level": "school", "school": own}),
        ("Карта другой школы", {"level": "school", "school": other}),
        ("Карта района", {"level": "municipality", "municipality": own.municipality}),
        ("Карта другого района", {"level": "municipality", "municipality": elsewhere}),
        ("Карта региона", {"level": "region"}),
    ):
        roadmap = RoadmapPageFactory(parent=home, title=title, **fields)
        RoadmapItem.objects.create(
            page=roadmap,
            number="1",
            activity="Семинар",
            responsible="методист",
            deadline="2025-12-01",
        )
    return {item.page.title: item for item in RoadmapItem.objects.select_related("page")}


def roadmap_choices(response):
    html = BeautifulSoup(response.content, "html.parser")
    select = html.find("select", attrs={"name": "measures-__prefix__-roadmap_item"})
    # Inside the «add a measure» <template>: get_text() leaves template strings out.
    return [option.string for option in select.find_all("option") if option["value"]]


def test_a_measure_offers_the_roadmaps_that_concern_the_school(
    client, coordinator, own, other, factors, roadmaps
):
    """The coordinator sees every school, but a profile's measures list only its school's,
    its municipality's and the region's roadmap items; a new profile, the region's."""
    profile = RiskProfileFactory(school=own)
    client.force_login(coordinator)

    edit = client.get(f"/admin/riskprofile/edit/{profile.pk}/")
    new = client.get("/admin/riskprofile/new/")

    assert sorted(roadmap_choices(edit)) == [
        "Карта района: 1 Семинар",
        "Карта региона: 1 Семинар",
        "Карта школы: 1 Семинар",
    ]
    assert roadmap_choices(new) == ["Карта региона: 1 Семинар"]


@pytest.mark.parametrize(
    ("roadmap", "saved"),
    [("Карта района", True), ("Карта региона", True), ("Карта другого района", False)],
)
def test_a_measure_points_to_a_roadmap_of_its_school_municipality_or_region(
    client, editor, own, factors, roadmaps, roadmap, saved
):
    client.force_login(editor)
    data = profile_form(
        own,
        factors,
        assessments=[("defitsit-kadrov", "high")],
        measures=[("defitsit-kadrov", roadmaps[roadmap])],
    )

    response = client.post("/admin/riskprofile/new/", data)

    assert RiskProfile.objects.exists() is saved
    if saved:
        assert RiskProfile.objects.get().measures.get().roadmap_item == roadmaps[roadmap]
    else:
        assert field_errors(response, "measures", "roadmap_item")


def test_the_edit_page_keeps_a_measure_s_row_id(client, coordinator, own, factors, roadmaps):
    """Limiting the roadmap list must not cost the rows their ids: posted back, a measure
    without one would be saved again as a second."""
    profile = RiskProfileFactory(school=own)
    FactorAssessmentFactory(profile=profile, factor=factors["defitsit-kadrov"])
    measure = MeasureFactory(profile=profile, factor=factors["defitsit-kadrov"])
    client.force_login(coordinator)

    html = BeautifulSoup(
        client.get(f"/admin/riskprofile/edit/{profile.pk}/").content, "html.parser"
    )

    assert html.find("input", attrs={"name": "measures-0-id"})["value"] == str(measure.pk)
