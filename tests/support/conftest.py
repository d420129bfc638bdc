import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from practices.models import RiskFactor
from schools.provisioning import provision_school
from tests.factories import SchoolFactory, SchoolIndexPageFactory


@pytest.fixture
def factors(db):
    """The seeded «500+» risk factors by slug."""
    return {factor.slug: factor for factor in RiskFactor.objects.all()}


@pytest.fixture
def index(home):
    return SchoolIndexPageFactory(parent=home)


def provisioned(index, name, **fields):
    school = SchoolFactory(short_name=name, **fields)
    provision_school(school, index)
    school.refresh_from_db()
    return school


@pytest.fixture
def own(index):
    return provisioned(index, "МОУ «Джатиевская ООШ»")


@pytest.fixture
def other(index):
    return provisioned(index, "МОУ «Запорожская ООШ»")


@pytest.fixture
def editor(own):
    user = get_user_model().objects.create_user("school-editor", password="x")
    user.groups.add(own.editors_group)
    return user


@pytest.fixture
def coordinator(db):
    user = get_user_model().objects.create_user("coordinator", password="x")
    user.groups.add(Group.objects.get(name="Координаторы"))
    return user
