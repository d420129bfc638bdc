import pytest

from tests.factories import practice_index_page


@pytest.fixture
def bank(home):
    """The published «Банк лучших практик» page."""
    return practice_index_page(home)


@pytest.fixture
def terms(db):
    """The seeded taxonomies by slug: levels, subjects, directions, risk factors."""
    from curriculum.models import EducationLevel, Subject
    from practices.models import Direction, RiskFactor

    return {
        "levels": {level.slug: level for level in EducationLevel.objects.all()},
        "subjects": {subject.slug: subject for subject in Subject.objects.all()},
        "directions": {d.slug: d for d in Direction.objects.all()},
        "risk_factors": {r.slug: r for r in RiskFactor.objects.all()},
    }
