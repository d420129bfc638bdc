"""Browser tests: the demo site served by a live server and driven by headless Chromium.

The demo content is loaded once for the whole package and the database is restored to its
previous state afterwards, so that the other tests of a combined run see what they expect.
"""

import io
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000


@pytest.fixture(scope="package", autouse=True)
def allow_async_unsafe():
    """Playwright's sync API keeps an event loop running in the test thread, which makes
    Django refuse database access from it unless told that this is intended.

    Set only while these tests run: subprocesses of other tests must not inherit it.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


def _is_test_database(name):
    """Whether ``name`` is one of the databases Django creates for tests."""
    name = str(name)
    return "mode=memory" in name or name == ":memory:" or Path(name).name.startswith("test_")


@pytest.fixture(scope="package")
def e2e_db(django_db_setup, django_db_blocker):
    """Database access for the whole package: the live server thread needs it between tests.

    pytest-django creates the test database because the tests are marked ``django_db``;
    without it they would reach the development database, which this refuses to touch.
    Whatever the package adds is removed at the end: the database is flushed and refilled
    with its earlier contents, as Django's ``serialized_rollback`` does.
    """
    name = connection.settings_dict["NAME"]
    if not _is_test_database(name):
        pytest.fail(f"refusing to load the demo into {name}: not a test database", pytrace=False)
    with django_db_blocker.unblock():
        snapshot = connection.creation.serialize_db_to_string()
        yield
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(snapshot)
        cache.clear()
        # Django keeps connections per context and Playwright's sync API runs the tests in a
        # context of its own: nothing else would close these, and PostgreSQL would then
        # refuse to drop the test database.
        connections.close_all()


@pytest.fixture(scope="package")
def demo_site(e2e_db):
    """The full demo site, built by the same command as ``make demo``."""
    call_command("load_demo", stdout=io.StringIO())
    cache.clear()


@pytest.fixture(scope="package")
def live_url(demo_site):
    """The address of a live server showing the demo site."""
    server = LiveServer("127.0.0.1:0")
    yield server.url
    server.stop()


@pytest.fixture(scope="package")
def browser():
    """Debian's headless Chromium; never a browser downloaded by Playwright."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Run `make test-e2e`, which installs it.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _new_context(browser, base_url, **options):
    context = browser.new_context(base_url=base_url, locale="ru-RU", viewport=VIEWPORT, **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser, live_url):
    """A fresh page in its own browser context: no cookies carried over between tests."""
    context = _new_context(browser, live_url)
    yield context.new_page()
    context.close()


@pytest.fixture
def no_js_page(browser, live_url):
    """A fresh page in a browser context with JavaScript switched off."""
    context = _new_context(browser, live_url, java_script_enabled=False)
    yield context.new_page()
    context.close()
