"""Each person's own language (residents and staff alike): kept in Wagtail's user profile, so
the admin, the site after signing in, emails, calendars and certificates all use the same one."""

import sys
from contextlib import contextmanager
from importlib import import_module
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.urls import translate_url
from django.utils import translation
from wagtail.users.models import UserProfile

# How a user's profile is reached from the user, for select_related("…__wagtail_userprofile").
PROFILE = "wagtail_userprofile"


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_offered(code: str | None) -> str | None:
    """The site's language for `code` ("es", "es-mx" -> "es"), or None if it is not offered."""
    if not code:
        return None
    codes = language_codes()
    code = code.lower()
    if code in codes:
        return code
    base = code.split("-")[0]
    return base if base in codes else None


def active_language() -> str:
    """The language the current request (or override) is in, as one of the site's."""
    return language_offered(translation.get_language()) or settings.LANGUAGE_CODE


def user_language(user) -> str:
    """The user's chosen language; English (the site's default) for those without a choice.

    Reads the profile loaded with the user (select_related) without a query of its own."""
    if user is None or not getattr(user, "pk", None):
        return settings.LANGUAGE_CODE
    try:
        profile = getattr(user, PROFILE)
    except ObjectDoesNotExist:
        return settings.LANGUAGE_CODE
    return language_offered(profile.preferred_language) or settings.LANGUAGE_CODE


def user_language_set(*, user, language: str) -> UserProfile:
    """Store the user's language; only the languages the site offers are accepted."""
    code = language_offered(language)
    if code is None or code != language:
        raise ValueError(f"{language!r} is not one of the site's languages")
    profile = UserProfile.get_for_user(user)
    if profile.preferred_language != code:
        profile.preferred_language = code
        profile.save(update_fields=["preferred_language"])
    # The profile cached on the user object is this one, for the rest of the request.
    setattr(user, PROFILE, profile)
    return profile


def urlconf_import_in_site_language() -> None:
    """Import the URLconf, if no one has yet, in the site's own language.

    Wagtail writes some admin words once, when the URLconf is first imported: a snippet
    viewset builds its forms then, and the page chooser's "Choose a page (Module)" joins a
    translated word to a model's name. They stay so for the life of the process, so a worker
    or a command whose first address is reversed inside a Spanish block (ours, or
    wagtail-localize's while it copies a page) would freeze them in Spanish for every
    coordinator. Requests are safe: Django imports the URLconf before it picks a language."""
    if settings.ROOT_URLCONF not in sys.modules:
        with translation.override(settings.LANGUAGE_CODE):
            import_module(settings.ROOT_URLCONF)


@contextmanager
def in_language(code: str):
    """Words, dates and addresses in `code` for the block: an email, a calendar, a certificate."""
    urlconf_import_in_site_language()
    with translation.override(code):
        yield


def url_in_language(url: str, language: str) -> str:
    """The same address (a path or a full URL) in `language`: its prefix, none for English,
    /es/, /vi/. Addresses outside the language-prefixed part of the site come back unchanged."""
    # Read in the address's own language (its prefix, or none for English), whatever is active.
    own = translation.get_language_from_path(urlsplit(url).path) or settings.LANGUAGE_CODE
    with in_language(own):
        return translate_url(url, language)
