import pytest
from django.core.cache import cache


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
