"""Benchmarks (`make bench`): the production settings on plain HTTP at 127.0.0.1.

Differences from production, each because a benchmark needs it: a throwaway secret, the demo
academy (published passwords) in a throwaway database, the bare baseline view, and emails and
Celery messages kept under var/ so no worker or mailbox anywhere ever sees them.
"""

import os

# Production reads these while it is imported; a benchmark never uses the real ones.
os.environ["SECRET_KEY"] = "bench-only-not-secret-" + "4f9c2e7a1b8d" * 4
os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
os.environ["HTTPS_ONLY"] = "false"

from .production import *  # noqa: E402, F403
from .production import CACHES, VAR_DIR  # noqa: E402

DEMO_DATA_ALLOWED = True
BENCH_ENDPOINTS = True
ALLOWED_HOSTS = ["127.0.0.1", "testserver"]  # testserver: the in-process query counts

# A prefix of its own: the benchmark's purges and entries never touch the site's cache.
CACHES["default"]["KEY_PREFIX"] = "cpa-bench"

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_BROKER_URL = "filesystem://"
CELERY_BROKER_DIR = VAR_DIR / "celery" / "broker"
CELERY_RESULTS_DIR = VAR_DIR / "celery" / "results"
CELERY_RESULT_BACKEND = f"file://{CELERY_RESULTS_DIR}"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "data_folder_in": str(CELERY_BROKER_DIR),
    "data_folder_out": str(CELERY_BROKER_DIR),
    "processed_folder": str(VAR_DIR / "celery" / "processed"),
    "control_folder": str(VAR_DIR / "celery" / "control"),
    "store_processed": False,
}
# The fan-out benchmark runs a real worker on a real broker (Redis, as in production) and
# sends to a local SMTP sink; it sets these for its own processes only.
if os.environ.get("BENCH_BROKER_URL"):
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = os.environ["BENCH_BROKER_URL"]
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # EMAIL_HOST/PORT from env

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
