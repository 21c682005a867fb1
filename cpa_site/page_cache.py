"""Whole-page cache for anonymous visitors: the public Wagtail pages and the list of classes.

Our own because wagtail-cache, the usual choice, stops at Wagtail 7 (3.0.0 requires
wagtail<8.0), and Django's cache middleware stores for everyone, keys on Vary and cannot be
purged when a page is published. This middleware, placed before the session middleware so a
hit costs one cache round trip and no database query:

- looks up and stores only GET/HEAD requests without a session or messages cookie or an
  Authorization header, for the views in CACHED_VIEWS, keyed by method and full URL;
- stores only 200 responses that set no cookie and hold no CSRF token, are not marked
  private/no-cache/no-store, come from no signed-in user, and were rendered outside any
  database transaction (what was read inside one may still roll back: tests, callers' atomic);
- files each entry under generation tokens kept in the same cache: `page_cache_purge()` gives a
  token a new value, which retires at once every entry stored under the old one
  (cpa_site/signals.py calls it on publish, unpublish, delete and cohort or seat changes).

With the local-memory cache (no REDIS_URL) each process keeps its own copies and a purge
reaches only the process that made the change: fine for `make run` (one process); servers with
several workers set REDIS_URL.
"""

import functools
import hashlib
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve

# view -> (tokens its pages depend on, seconds to keep them; None: settings.PAGE_CACHE_SECONDS)
CACHED_VIEWS = {
    "wagtail.views.serve": (("site",), None),
    # Seats are purged on change; 30 s also bounds "applications open/close at" passing by.
    "enrollment.views.cohort_list": (("site", "cohorts"), 30),
}
TOKENS = ("site", "cohorts")
NOT_SHARED = ("private", "no-cache", "no-store")


def page_cache_purge(*tokens: str) -> None:
    """Retire every cached page that depends on these tokens (all pages when none are named)."""
    keys = [_token_key(name) for name in tokens or TOKENS]

    def renew():
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)

    renew()
    if connection.in_atomic_block:
        # Again once committed: a page rendered in between from the old rows is retired too.
        transaction.on_commit(renew)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rule = _rule_for(request)
        if rule is None:
            return self.get_response(request)
        tokens, seconds = rule
        url = f"{request.method} {request.build_absolute_uri()}"
        key = "page-cache:entry:" + hashlib.sha256(url.encode()).hexdigest()
        token_keys = [_token_key(name) for name in tokens]
        found = cache.get_many([key, *token_keys])
        current = [found.get(k) or _token_start(k) for k in token_keys]
        entry = found.get(key)
        if entry is not None and entry[0] == current:
            _, status, headers, content = entry
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            entry = (current, response.status_code, dict(response.headers), response.content)
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS if seconds is None else seconds)
            response["X-Page-Cache"] = "miss"
        return response


def _token_key(name: str) -> str:
    return f"page-cache:token:{name}"


def _token_start(key: str) -> str:
    cache.add(key, uuid.uuid4().hex, timeout=None)
    return cache.get(key)


def _in_transaction() -> bool:
    return any(db.in_atomic_block for db in connections.all(initialized_only=True))


def _rule_for(request):
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return None
    if "HTTP_AUTHORIZATION" in request.META or _in_transaction():
        return None
    return _view_rule(request.path_info, getattr(request, "urlconf", None))


@functools.lru_cache(maxsize=4096)
def _view_rule(path: str, urlconf):
    try:
        func = resolve(path, urlconf).func
    except Resolver404:
        return None
    return CACHED_VIEWS.get(f"{func.__module__}.{func.__qualname__}")


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in NOT_SHARED):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated) and not _in_transaction()
