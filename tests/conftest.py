"""Shared fixtures, and the rule for tests that need real services.

Tests marked `postgres` or `redis` run when DATABASE_URL / REDIS_URL point at a live server,
are skipped otherwise, and fail instead of skipping when REQUIRE_SERVICES=1 (CI).
"""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _answers(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        address = (parsed.hostname or "127.0.0.1", parsed.port or default_port)
        with socket.create_connection(address, 2):
            return True
    except OSError:
        return False


def _postgres_missing() -> str | None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "DATABASE_URL does not point at PostgreSQL"
    return None


def _redis_missing() -> str | None:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return "REDIS_URL is not set"
    if not _answers(url, 6379):
        return f"nothing answers at REDIS_URL ({urlparse(url).hostname}:{urlparse(url).port})"
    return None


def pytest_collection_modifyitems(items):
    """Every journey in tests/browser/ is a `browser` test: `-m "not browser and not worker"`
    leaves the fast part of the suite."""
    for item in items:
        if item.nodeid.startswith("tests/browser/") or "/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


def pytest_runtest_setup(item):
    for marker, missing in (("postgres", _postgres_missing), ("redis", _redis_missing)):
        if item.get_closest_marker(marker) is None:
            continue
        reason = missing()
        if reason is None:
            continue
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request to /es/ or /vi/ leaves its language active in the thread (LocaleMiddleware
    activates it and nothing resets it between tests): each test starts in English."""
    yield
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def redis_url() -> str:
    return os.environ["REDIS_URL"]


def pytest_sessionfinish(session, exitstatus):
    """The run's own queue (Redis) or broker folder (embedded broker) goes when the run ends."""
    import contextlib
    import shutil

    if settings.CELERY_BROKER_URL.startswith("redis://") and not _redis_missing():
        import redis

        queue = settings.CELERY_TASK_DEFAULT_QUEUE  # Celery names the queue's exchange the same
        with contextlib.suppress(redis.RedisError):  # tidying up must never fail a run
            redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(
                queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
            )

    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    if settings.CELERY_BROKER_URL == "filesystem://" and options.get("data_folder_in"):
        from pathlib import Path

        run_folder = Path(options["data_folder_in"]).parent
        if run_folder.parent.name == "test-celery":
            shutil.rmtree(run_folder, ignore_errors=True)
