"""Absolute links for emails, calendars and certificates, on the site's public address."""

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """`path` (as reverse() or a page's url gives it) on SITE_BASE_URL."""
    return f"{settings.SITE_BASE_URL}{path}"


def absolute_reverse(name: str, *args) -> str:
    return absolute_url(reverse(name, args=args))
