import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db

CLOSED_PORT = "127.0.0.1:9"  # discard port: nothing listens there


def get_health(client):
    response = client.get("/healthz")
    return response.status_code, json.loads(response.content)


def test_healthz_is_ok_when_everything_configured_answers(client):
    status, body = get_health(client)
    assert status == 200, body
    assert body["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}


@pytest.mark.postgres
@pytest.mark.redis
def test_healthz_checks_real_postgresql_and_redis(client):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert "RedisCache" in settings.CACHES["default"]["BACKEND"]
    status, body = get_health(client)
    assert status == 200, body


def test_healthz_names_the_broker_when_it_does_not_answer(client):
    with override_settings(CELERY_BROKER_URL=f"redis://{CLOSED_PORT}/0"):
        status, body = get_health(client)
    assert status == 503
    assert body["failing"] == ["broker"]
    assert body["checks"]["database"] == "ok"


def test_healthz_names_the_cache_when_it_does_not_answer(client):
    caches = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://{CLOSED_PORT}/0",
        }
    }
    with override_settings(CACHES=caches):
        status, body = get_health(client)
    assert status == 503
    assert body["failing"] == ["cache"]


def test_healthz_names_the_database_when_it_does_not_answer():
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': json.loads(r.content)}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cpa_site.settings.test",
        "DATABASE_URL": f"postgres://postgres@{CLOSED_PORT}/nothing",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 503
    assert "database" in outcome["body"]["failing"]
    assert "postgres" not in json.dumps(outcome["body"]), "no connection details leak"


def test_healthz_only_answers_reads(client):
    assert client.post("/healthz").status_code == 405
