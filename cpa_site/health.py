"""Checks behind /healthz: can the site reach what it needs to do its work?"""

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from kombu import Connection


def check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not answering"
        return exc.__class__.__name__
    return None


def check_cache() -> str | None:
    try:
        cache.set("healthz", "ok", 10)
        if cache.get("healthz") != "ok":
            return "value not read back"
    except Exception as exc:  # noqa: BLE001
        return exc.__class__.__name__
    return None


def check_broker() -> str | None:
    url = settings.CELERY_BROKER_URL
    if url == "filesystem://":
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        if not folder.is_dir():
            return f"broker folder {folder.name} is missing"
        return None
    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return exc.__class__.__name__
    return None


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def run_checks() -> dict[str, str]:
    """Each dependency's state: "ok" or a short reason, never a secret or a URL."""
    results = {}
    for name, check in CHECKS.items():
        problem = check()
        results[name] = "ok" if problem is None else f"unavailable: {problem}"
    return results
