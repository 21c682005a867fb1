from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from courses import views as course_views
from enrollment.urls import feed_urlpatterns

from . import account_language, accounts, views

# Addresses that are the same in every language: the admin (each user's own language, from
# their account), health checks, documents and calendar feeds.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Before Wagtail's own: with STAFF_REQUIRE_MFA, staff sign in on allauth's page (2FA).
    path("admin/login/", accounts.admin_login, name="cpa_admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(feed_urlpatterns)),
]

if getattr(settings, "BENCH_ENDPOINTS", False):  # cpa_site.settings.bench only
    urlpatterns.insert(0, path("bench/bare", views.bench_bare, name="bench_bare"))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What residents and visitors read, in their language: English without a prefix, /es/ and /vi/
# for Spanish and Vietnamese; Wagtail serves each language's own copy of a page.
urlpatterns += i18n_patterns(
    path("accounts/language/", account_language.account_language, name="account_language"),
    path("accounts/", include("allauth.urls")),
    path("search/", course_views.search, name="search"),
    path("privacy/", views.privacy, name="privacy"),
    path("", include("enrollment.urls")),
    path("", include("courses.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
