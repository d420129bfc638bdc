import pytest

from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db


def test_a_practice_keeps_its_terms_and_grades(bank, terms):
    practice = PracticePageFactory(
        parent=bank,
        levels=[terms["levels"]["ooo"]],
        subjects=[terms["subjects"]["matematika"]],
        directions=[terms["directions"]["formiruyushchee-otsenivanie"]],
        grade_from=5,
        grade_to=9,
    )
    practice.refresh_from_db()
    assert [level.code for level in practice.levels.all()] == ["ООО"]
    assert practice.subjects.get().name == "Математика"
    assert practice.grades_label == "5–9 классы"
    assert not practice.is_recommended


def test_seeded_taxonomies_are_there_for_a_fresh_site(terms):
    assert len(terms["levels"]) == 3
    assert len(terms["directions"]) == 11
    assert len(terms["risk_factors"]) == 9
