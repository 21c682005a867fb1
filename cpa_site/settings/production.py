"""Production: every secret from the environment, HTTPS only. Must pass `check --deploy`."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, MIDDLEWARE, REDIS_URL, env_bool, env_list

DEBUG = False
DEMO_DATA_ALLOWED = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50 characters or more.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host(s), comma-separated.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS only. HTTPS_ONLY=false exists for one case: trying the compose stack on plain
# http://localhost. Never set it on a server people use.
HTTPS_ONLY = env_bool("HTTPS_ONLY", True)
SECURE_SSL_REDIRECT = HTTPS_ONLY
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = HTTPS_ONLY
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = HTTPS_ONLY
X_FRAME_OPTIONS = "DENY"
# Staff (anyone with admin access) must sign in with a second factor (TOTP).
STAFF_REQUIRE_MFA = env_bool("STAFF_REQUIRE_MFA", True)

# WhiteNoise serves the collected static files (compressed, cache-busted) from the app itself.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Keep each process's database connection for a minute instead of opening one per request
# (opening one costs PostgreSQL a new backend process); checked before reuse after an error.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Sessions are read on every signed-in request: from Redis, written through to the database
# so a cache restart signs nobody out.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
