"""The academy's settings (courses/academy.py) as pages and emails read them: once per process
until they or the site change, not once per page or per email, and in the language active when
each word is read (a page under /es/, an email rendered for a Spanish reader)."""

from django.core.exceptions import DisallowedHost
from django.utils import translation
from wagtail.models import Site

from courses.academy import TRANSLATED_FIELDS, AcademySettings

from . import page_cache


class LocalizedAcademy:
    """Academy settings that answer each translated word in the active language (the English
    where that language has none) and everything else as the settings themselves."""

    def __init__(self, academy: AcademySettings, translations: dict):
        self._academy = academy
        self._translations = translations  # language code -> AcademyWordsTranslation

    def __getattr__(self, name):
        if name in TRANSLATED_FIELDS:
            words = self._translations.get(translation.get_language())
            value = getattr(words, name, "") if words is not None else ""
            if value:
                return value
        return getattr(self._academy, name)

    @property
    def signature(self) -> str:
        """The email signature, or the academy's name when none is written."""
        return self.email_signature.strip() or self.name

    def __str__(self) -> str:
        return self.name


def academy_settings(site: Site | None = None) -> LocalizedAcademy:
    """The settings of `site`, or of the default site for emails and commands.

    Kept in memory until Academy settings or any site is saved (both purge the "site" token);
    callers must not change the object they get."""
    site_id = site.pk if site is not None else None
    return page_cache.memo(("academy_settings", site_id), ("site",), lambda: _load(site))


def academy_settings_for_request(request) -> LocalizedAcademy:
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


def _load(site: Site | None) -> LocalizedAcademy:
    if site is None:
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:  # no site yet (a fresh database): the defaults, unsaved
        return LocalizedAcademy(AcademySettings(), {})
    academy = AcademySettings.for_site(site)
    translations = {words.language: words for words in academy.translations.all()}
    return LocalizedAcademy(academy, translations)
