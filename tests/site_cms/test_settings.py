"""Configuration from the environment, and production settings that pass the deploy checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _settings(module, *names, **env):
    """The named settings of config.settings.<module> as loaded in a fresh process from the
    environment `env` alone, or the error that stopped the load."""
    code = (
        f"import json, config.settings.{module} as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode:
        return result.stderr.strip().splitlines()[-1]
    return json.loads(result.stdout)


PRODUCTION = {"SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "iro.example"}


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        (None, "django.core.cache.backends.locmem.LocMemCache", "portal"),
        (
            "redis://cache:6379/1",
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache:6379/1",
        ),
        ("locmem://portal", "django.core.cache.backends.locmem.LocMemCache", "portal"),
        (
            "pymemcache://cache:11211",
            "django.core.cache.backends.memcached.PyMemcacheCache",
            "cache:11211",
        ),
        (
            "memcached://cache:11211",
            "django.core.cache.backends.memcached.PyMemcacheCache",
            "cache:11211",
        ),
        (
            "file:///var/tmp/portal",
            "django.core.cache.backends.filebased.FileBasedCache",
            "/var/tmp/portal",
        ),
        (
            "filecache:///var/tmp/portal",
            "django.core.cache.backends.filebased.FileBasedCache",
            "/var/tmp/portal",
        ),
    ],
)
def test_cache_url(url, backend, location):
    env = {"CACHE_URL": url} if url else {}
    cache = _settings("base", "CACHES", **env)["CACHES"]["default"]
    assert (cache["BACKEND"], cache["LOCATION"]) == (backend, location)


def test_an_unknown_cache_scheme_stops_the_start():
    assert "mongodb" in _settings("base", "CACHES", CACHE_URL="mongodb://nope")


def test_database_url():
    database = _settings(
        "base", "DATABASES", DATABASE_URL="postgres://portal:secret@db.example:5433/portal"
    )["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.example", 5433, "portal")
    assert (database["USER"], database["PASSWORD"]) == ("portal", "secret")
    assert database["CONN_MAX_AGE"] == 60


def test_the_default_database_is_sqlite_in_var_with_wal():
    database = _settings("base", "DATABASES")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(ROOT / "var" / "db.sqlite3")
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_numbers_flags_and_lists():
    loaded = _settings(
        "production",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "SECURE_SSL_REDIRECT",
        "PUBLIC_PAGE_CACHE_SECONDS",
        "SHNOR_FAILING_SHARE",
        **{
            **PRODUCTION,
            "ALLOWED_HOSTS": "iro.example, www.iro.example ,",
            "SECURE_SSL_REDIRECT": "off",
            "PUBLIC_PAGE_CACHE_SECONDS": "0",
            "SHNOR_FAILING_SHARE": "0.25",
        },
    )
    assert loaded == {
        "ALLOWED_HOSTS": ["iro.example", "www.iro.example"],
        "CSRF_TRUSTED_ORIGINS": [],
        "SECURE_SSL_REDIRECT": False,
        "PUBLIC_PAGE_CACHE_SECONDS": 0,
        "SHNOR_FAILING_SHARE": 0.25,
    }


def test_a_blank_required_variable_is_missing():
    error = _settings("production", "ALLOWED_HOSTS", **{**PRODUCTION, "ALLOWED_HOSTS": " "})
    assert error.startswith("django.core.exceptions.ImproperlyConfigured: Set the ALLOWED_HOSTS")


def test_a_secret_key_starting_with_a_dollar_is_escaped():
    loaded = _settings("production", "SECRET_KEY", **{**PRODUCTION, "SECRET_KEY": r"\$ecret"})
    assert loaded == {"SECRET_KEY": "$ecret"}


def test_sendfile_backend():
    assert _settings("production", "SENDFILE_BACKEND", **PRODUCTION) == {
        "SENDFILE_BACKEND": "django_sendfile.backends.nginx"
    }
    # "python": Wagtail's view streams the file, as without django-sendfile.
    assert _settings("production", "SENDFILE_BACKEND", **PRODUCTION, SENDFILE_BACKEND="python") == {
        "SENDFILE_BACKEND": None
    }
    assert "'apache' is not one of python, nginx, xsendfile" in _settings(
        "base", "SENDFILE_BACKEND", SENDFILE_BACKEND="apache"
    )


def _manage(*args, **env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_requires_secret_key_and_hosts():
    result = _manage("check", SECRET_KEY="", ALLOWED_HOSTS="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_deploy_checks():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 20 + "-production-like-secret-key-with-entropy-3f9a7c1e",
        ALLOWED_HOSTS="iro.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
