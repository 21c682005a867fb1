"""Local development: `make run`. Embedded defaults, nothing to install beyond Python."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-secret-9c1f0d4b6e2a"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
DEMO_DATA_ALLOWED = True

# Emails are written as files a developer can open: var/mail/*.log
if not os.environ.get("EMAIL_BACKEND"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
