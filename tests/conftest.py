from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from tests.factories import PracticeIndexPageFactory
from tests.tasks import email_through_tasks, task_queue  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the page cache lives in local memory."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    """The home page, with the site settings rows in place as on any running site."""
    from site_cms.models import InstituteSettings, NavigationSettings
    from tests.factories import home_page

    page = home_page()
    site = page.get_site()
    InstituteSettings.for_site(site)
    NavigationSettings.for_site(site)
    return page


@pytest.fixture(scope="session")
def demo_media_root(tmp_path_factory):
    """Media folders of the demo's own: public and private ones."""
    path = tmp_path_factory.mktemp("demo-media")
    private = str(path / "private")
    with override_settings(
        MEDIA_ROOT=str(path / "media"), PRIVATE_MEDIA_ROOT=private, SENDFILE_ROOT=private
    ):
        yield path


@pytest.fixture(scope="session")
def demo_loaded(django_db_setup, django_db_blocker, demo_media_root):
    """The whole demo, loaded once per test session in a transaction rolled back at its end.

    The tests that use it run last (see ``pytest_collection_modifyitems``), so no other test
    sees the demo; each still runs in its own savepoint (the ``db`` fixture), so what one test
    changes never reaches the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        _restore_migrated_rows()
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _restore_migrated_rows():
    """Put back what the migrations wrote (groups, the root page, taxonomies) when a
    transactional test before the demo's (the registration race, on PostgreSQL) flushed it:
    Django restores it only at the start of the next transactional test, and the demo's tests
    are not transactional."""
    from django.contrib.auth.models import Group

    snapshot = getattr(connection, "_test_serialized_contents", None)
    if snapshot and not Group.objects.exists():
        connection.creation.deserialize_db_from_string(snapshot)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests on the demo go last, after pytest-django's own ordering: the demo stays loaded
    from the first of them to the end of the session."""
    items.sort(key=lambda item: "demo_loaded" in getattr(item, "fixturenames", ()))


@pytest.fixture
def bank(home):
    """The published «Банк лучших практик» page."""
    return PracticeIndexPageFactory(parent=home)


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
