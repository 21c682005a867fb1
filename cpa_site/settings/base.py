"""Settings for every environment; whatever differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CPA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# Demo accounts carry published passwords: only dev and test settings switch this on.
DEMO_DATA_ALLOWED = False

INSTALLED_APPS = [
    "cpa_site",
    "courses",
    "enrollment",
    # Content in several languages: translations as pages, with a segment editor and "sync"
    # when the English source changes (wagtail-localize; its locales app replaces Wagtail's).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so cached pages carry the policy too (cpa_site/middleware.py).
    "cpa_site.middleware.ContentSecurityPolicyMiddleware",
    # Before sessions: anonymous visitors' cached pages are served without touching the database.
    "cpa_site.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL's prefix (/es/, /vi/; none for English).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff: idle and absolute session limits, and a second factor before the admin.
    "cpa_site.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes documents: answers a locked-out sign-in with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cpa_site.urls"
WSGI_APPLICATION = "cpa_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cpa_site.context_processors.academy",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in production and CI); a SQLite file under var/ otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at BEGIN so
    # simultaneous requests queue (up to the timeout) instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in while its (email, address) pair is locked out.
    "cpa_site.accounts.LockoutBackend",  # django-axes' AxesStandaloneBackend
    "django.contrib.auth.backends.ModelBackend",  # the Wagtail admin signs in by username
    "allauth.account.auth_backends.AuthenticationBackend",  # residents sign in by email
]

# Resident accounts (django-allauth): the email is the login and must be verified before the
# first sign-in. The username is kept (Django's default User) and set to the email.
ACCOUNT_ADAPTER = "cpa_site.accounts.AccountAdapter"
# Our wording on allauth's forms; sign-up also asks for the name printed on the certificate.
ACCOUNT_FORMS = {
    "login": "cpa_site.forms.LoginForm",
    "signup": "cpa_site.forms.SignupForm",
    "reset_password": "cpa_site.forms.ResetPasswordForm",
    "reset_password_from_key": "cpa_site.forms.ResetPasswordKeyForm",
    "change_password": "cpa_site.forms.ChangePasswordForm",
    "add_email": "cpa_site.forms.AddEmailForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Whether someone has an account with a police department's academy is private: sign-up and
# password reset answer the same for known and unknown emails, and tell the address's owner
# by email instead.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_SESSION_REMEMBER = None  # ask: people may sign in on a shared or library computer
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
# Private pages send people to the same sign-in page, not Wagtail's own.
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
# Wagtail's own admin sign-in form (dev, test) asks for the email address, like the site's.
WAGTAILADMIN_USER_LOGIN_FORM = "cpa_site.forms.AdminLoginForm"
# Changing the email address or the password asks for the password again (allauth).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# allauth's own limits, kept on and written out (ASVS 2.2 / 6.3): per address, per account.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Per address only: the per-account lock is django-axes' (email + address) below. allauth's
    # per-email limit would let anyone, from anywhere, keep a coordinator from signing in.
    "login_failed": "10/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
    "reauthenticate": "10/m/user",
}
# Applications a resident may send per hour (enrollment/views.py): complete ones that reach the
# seat decision, and posts of the form in all (typos included: only a flood is stopped).
APPLICATION_SUBMIT_RATE = (10, 3600)
APPLICATION_POST_RATE = (60, 3600)

# Second factor (allauth.mfa): an authenticator app (TOTP) and recovery codes, for everyone at
# /accounts/2fa/. STAFF_REQUIRE_MFA makes it compulsory for anyone with admin access.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Citizens Police Academy"
STAFF_REQUIRE_MFA = env_bool("STAFF_REQUIRE_MFA", False)
# Staff sessions end after this long without a request, and this long after sign-in.
STAFF_SESSION_IDLE_SECONDS = 30 * 60
STAFF_SESSION_MAX_SECONDS = 12 * 60 * 60

# Sign-in lockout (django-axes): 5 failures for one email from one address locks that pair for
# 15 minutes. Keyed on the pair, so nobody elsewhere can lock a coordinator out; failures during
# the lockout do not extend it, and a successful sign-in clears the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "cpa_site.accounts.axes_username"
AXES_CLIENT_IP_CALLABLE = "cpa_site.accounts.client_ip"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_SENSITIVE_PARAMETERS = ["password", "oldpassword", "password1", "password2"]
AXES_CLIENT_STR_CALLABLE = "cpa_site.accounts.axes_log_label"  # no emails or addresses in logs
# Number of proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Content Security Policy (django-csp 4). The public site: our own files only, no inline
# script or style. Wagtail's admin (under /admin/) gets the allowances its documentation asks
# for (inline styles and data: images), set in cpa_site/middleware.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Languages: the site's words through gettext (catalogues in cpa_site/locale/), pages through
# Wagtail's localization. English pages have no prefix; Spanish under /es/, Vietnamese /vi/.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español"), ("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "cpa_site" / "locale"]
# Dates and times as each language writes them (cpa_site/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["cpa_site.formats"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# "Translate this page" makes drafts: a translation goes live only when someone who may
# publish it publishes it, or approves it in "Module review" (courses/translations/review.py).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# The academy's own time zone: class times are shown and reminders scheduled in it.
TIME_ZONE = os.environ.get("ACADEMY_TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "cpa_site" / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Caches: Redis when REDIS_URL is given (shared by every process), local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ.get("CACHE_REDIS_URL", REDIS_URL),
            "KEY_PREFIX": "cpa",
        }
    }
else:
    # Room for what the platform counts and files here (rate limits, page-cache tokens, My
    # academy copies): at the default 300 entries it would cull them at random.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
# Public pages as anonymous visitors see them (cpa_site/page_cache.py): copies in each process's
# memory, purged on publish through tokens in the cache above; the class list keeps 30 s at most.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
    "OPTIONS": {"MAX_ENTRIES": 500},
}
PAGE_CACHE_SECONDS = 600  # 0 turns the page cache off

# Email
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 20
# Where the file-based email backend (make run's default) writes each message.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Citizens Police Academy <academy@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The public address of the site, used for absolute links in emails and calendar feeds.
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_BASE_URL

# Wagtail
WAGTAIL_SITE_NAME = "Citizens Police Academy"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# No avatars from gravatar.com: it would send a hash of each user's email to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no internet on the department's servers either
WAGTAILEMBEDS_FINDERS = []  # no third-party embeds: videos are links with transcripts
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail 8 runs its own small jobs (search index, reference index) through django-tasks.
# They are quick and must reflect a save at once, so they run in the request; the academy's
# own background work (emails, reminders) goes through Celery, never through this.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Celery: configured here with the CELERY_ namespace (see cpa_site/celery.py).
# With REDIS_URL, Redis is the broker. Without it, Kombu's filesystem transport under var/
# gives a real worker process without any server: tasks never run inline in the web process.
CELERY_BROKER_DIR = VAR_DIR / "celery" / "broker"
CELERY_RESULTS_DIR = VAR_DIR / "celery" / "results"
if REDIS_URL:
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
    CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", REDIS_URL)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A task not acknowledged within this time is handed to another worker. It must be
        # longer than any task's run time and any countdown we use (we use none over minutes).
        "visibility_timeout": 3600,
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_RESULT_BACKEND = f"file://{CELERY_RESULTS_DIR}"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR),
        "data_folder_out": str(CELERY_BROKER_DIR),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
        # The transport polls its folder; a short interval keeps emails prompt.
        "polling_interval": 0.1,
    }
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"  # ids only travel in messages, never personal data
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Acknowledge after the task finishes, so a worker that dies mid-task leaves it for another.
CELERY_TASK_ACKS_LATE = True
# ...and a task whose worker process was killed is put back rather than marked failed.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Take one message at a time: with late acks, prefetched messages would wait behind a slow one.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# No task of ours should run for minutes; a stuck SMTP call is cut off and retried.
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Short periodic jobs that look in the database for what is due (no long countdowns).
# DatabaseScheduler copies these into django-celery-beat's tables, where the admin can see them.
CELERY_BEAT_SCHEDULE = {
    "expire-offers": {"task": "enrollment.expire_offers", "schedule": 60.0},
    "sweep-notifications": {"task": "enrollment.sweep_notifications", "schedule": 60.0},
    "queue-class-reminders": {"task": "enrollment.queue_class_reminders", "schedule": 60.0},
    "queue-quiz-reminders": {"task": "enrollment.queue_quiz_reminders", "schedule": 3600.0},
    # Hourly from 1 December; one per alumnus per year by its key (enrollment/outcomes/).
    "queue-volunteer-hours-reminders": {
        "task": "enrollment.queue_volunteer_hours_reminders",
        "schedule": 3600.0,
    },
    # Survey invitations (#17): the before survey soon after enrollment, the others as they open.
    "queue-survey-invitations": {"task": "enrollment.queue_survey_invitations", "schedule": 60.0},
    # Daily: erase personal answers past the retention periods below (enrollment/retention.py).
    "erase-expired-personal-data": {
        "task": "enrollment.erase_expired_personal_data",
        "schedule": 24 * 3600.0,
    },
}
# Never run tasks inline: a test or a misconfiguration that did would hide real failures.
CELERY_TASK_ALWAYS_EAGER = False

# Retention of applicants' personal answers: erased this many days after the cohort's last day,
# or after a decline; status, dates, cohort, the account link and certificates are kept.
RETENTION_DAYS_AFTER_COHORT_END = int(os.environ.get("RETENTION_DAYS_AFTER_COHORT_END", "365"))
RETENTION_DAYS_AFTER_DECLINE = int(os.environ.get("RETENTION_DAYS_AFTER_DECLINE", "90"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Wagtail's in-request search and reference-index jobs log every run; only problems matter.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}
