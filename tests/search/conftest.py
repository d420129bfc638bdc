import pytest

from tests.search.fakes import FakeBackend


@pytest.fixture
def fake_backend(settings):
    """The recording backend in place of the configured one, emptied."""
    settings.PORTAL_SEARCH_BACKEND = "tests.search.fakes.FakeBackend"
    FakeBackend.reset()
    return FakeBackend
