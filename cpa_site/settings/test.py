"""Tests: DATABASE_URL and REDIS_URL from the environment when given (CI), embedded otherwise."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-5b8e1a"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DEMO_DATA_ALLOWED = True
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: concurrency tests open one connection per thread, as a server would.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Messages sent by tests go to their own queue (and folder), so a `make run` worker on the same
# machine never picks them up; tests that need a worker start one on this queue. Each pytest
# run has its own (two runs at once must not purge each other's messages); the workers it
# starts inherit the name through the environment.
_run = os.environ.setdefault("CPA_TEST_RUN", str(os.getpid()))
CELERY_TASK_DEFAULT_QUEUE = f"cpa-tests-{_run}"
if CELERY_BROKER_URL == "filesystem://":  # noqa: F405
    _test_broker = VAR_DIR / "test-celery" / _run  # noqa: F405
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_test_broker / "broker"),
        "data_folder_out": str(_test_broker / "broker"),
        "processed_folder": str(_test_broker / "processed"),
        "control_folder": str(_test_broker / "control"),
        "store_processed": False,
        # The transport polls its folder; a short interval keeps emails prompt.
        "polling_interval": 0.1,
    }
    CELERY_RESULTS_DIR = _test_broker / "results"
    CELERY_RESULT_BACKEND = f"file://{CELERY_RESULTS_DIR}"

# Tests that start real `celery beat` processes run the class-reminder job every few seconds
# instead of every minute (tests/enrollment/test_delivery.py).
if os.environ.get("CPA_TEST_BEAT_SECONDS"):
    CELERY_BEAT_SCHEDULE = {  # noqa: F405
        **CELERY_BEAT_SCHEDULE,  # noqa: F405
        "queue-class-reminders": {
            "task": "enrollment.queue_class_reminders",
            "schedule": float(os.environ["CPA_TEST_BEAT_SECONDS"]),
        },
    }
