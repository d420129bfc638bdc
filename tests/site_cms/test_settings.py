"""Configuration from the environment, and production settings that pass the deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.environment import cache_from_url, env_list

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", "default"),
        (
            "redis://cache:6379/1",
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache:6379/1",
        ),
        (
            "memcached://mc:11211",
            "django.core.cache.backends.memcached.PyMemcacheCache",
            "mc:11211",
        ),
        (
            "file:///var/tmp/portal",
            "django.core.cache.backends.filebased.FileBasedCache",
            "/var/tmp/portal",
        ),
    ],
)
def test_cache_url(url, backend, location):
    config = cache_from_url(url)
    assert config["BACKEND"] == backend
    assert config["LOCATION"] == location


def test_cache_url_timeout_and_unknown_scheme():
    assert cache_from_url("locmem://x?timeout=30")["TIMEOUT"] == 30
    with pytest.raises(ImproperlyConfigured):
        cache_from_url("mongodb://nope")


def test_env_list(monkeypatch):
    monkeypatch.setenv("PORTAL_HOSTS", "iro.example, www.iro.example ,")
    assert env_list("PORTAL_HOSTS") == ["iro.example", "www.iro.example"]
    monkeypatch.delenv("PORTAL_HOSTS")
    with pytest.raises(ImproperlyConfigured):
        env_list("PORTAL_HOSTS", required=True)


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
