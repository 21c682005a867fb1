"""The academy's settings (courses/academy.py) as pages and emails read them: once per process
until they or the site change, not once per page or per email."""

from django.core.exceptions import DisallowedHost
from wagtail.models import Site

from courses.academy import AcademySettings

from . import page_cache


def academy_settings(site: Site | None = None) -> AcademySettings:
    """The settings of `site`, or of the default site for emails and commands.

    Kept in memory until Academy settings or any site is saved (both purge the "site" token);
    callers must not change the object they get."""
    site_id = site.pk if site is not None else None
    return page_cache.memo(("academy_settings", site_id), ("site",), lambda: _load(site))


def academy_settings_for_request(request) -> AcademySettings:
    """The settings of the site a request is for (the default site if none matches), kept
    per host name like the header links: no query per page."""
    cached = getattr(request, "_academy_settings", None)
    if cached is None:
        try:
            host = request.get_host()
        except DisallowedHost:  # an error page for a forged Host header: the default site
            cached = academy_settings()
        else:
            cached = page_cache.memo(
                ("academy_settings_host", host),
                ("site",),
                lambda: _load(Site.find_for_request(request)),
            )
        request._academy_settings = cached
    return cached


def _load(site: Site | None) -> AcademySettings:
    if site is None:
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:  # no site yet (a fresh database): the defaults, unsaved
        return AcademySettings()
    return AcademySettings.for_site(site)
