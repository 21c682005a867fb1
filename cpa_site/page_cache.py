"""Whole-page cache for anonymous visitors: the public Wagtail pages and the list of classes.

Our own because wagtail-cache, the usual choice, stops at Wagtail 7 (3.0.0 requires
wagtail<8.0), and Django's cache middleware stores for everyone, keys on Vary and cannot be
purged when a page is published. This middleware sits before the session middleware, so a hit
costs no database query, and:

- looks up and stores only GET/HEAD requests without a session or messages cookie or an
  Authorization header, for the views in CACHED_VIEWS, keyed by method, language and full URL;
- stores only 200 responses that set no cookie and hold no CSRF token, are not marked
  private/no-cache/no-store, come from no signed-in user, and were rendered outside any
  database transaction (what was read inside one may still roll back: tests, callers' atomic);
- files each copy under generation tokens: `page_cache_purge()` gives a token a new value,
  which retires every copy stored under the old one (cpa_site/signals.py calls it on publish,
  unpublish, delete and cohort or seat changes). A Wagtail page's copies are filed under its
  family's token too (the page and its translations and aliases, `page_family_token`), so a
  publish deep in the tree retires only that family and the families of the pages that show
  it (cpa_site/signals.py), not every page.

Copies live in each process's memory (the "pages" cache): a hit costs no network round trip,
which would cost as much as a bare view. The tokens live in the shared "default" cache (Redis
when REDIS_URL is set) and each process reads them at most every TOKEN_CHECK_SECONDS, so a
purge shows at once in the process that made it and within that time in all the others.
"""

import functools
import hashlib
import logging
import threading
import time
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation

from .languages import in_language

logger = logging.getLogger(__name__)

# view -> (tokens its pages depend on, seconds to keep them (None: PAGE_CACHE_SECONDS), whether
# each copy is filed under the served Wagtail page's family token too)
CACHED_VIEWS = {
    "wagtail.views.serve": (("site",), None, True),
    "cpa_site.views.privacy": (("site",), None, False),
    # Seats are purged on change; 30 s also bounds "applications open/close at" passing by.
    "enrollment.views.cohort_list": (("site", "cohorts"), 30, False),
}
# "roles": who may use the admin (cpa_site/middleware.py keeps each session's answer under it).
# "pages": renewed by every publish, for what shows pages from all over (My academy).
TOKENS = ("site", "cohorts", "roles", "pages")
TOKEN_CHECK_SECONDS = 0.5
NOT_SHARED = ("private", "no-cache", "no-store")


class _Tokens:
    """This process's view of the shared generation tokens, refreshed every half second: the
    fixed TOKENS and every page family's token this process has met."""

    def __init__(self):
        self.lock = threading.Lock()
        self.values: dict[str, str] = {}
        self.checked = float("-inf")

    def current(self, names=TOKENS) -> dict[str, str]:
        stale = time.monotonic() - self.checked >= TOKEN_CHECK_SECONDS
        if stale or any(name not in self.values for name in names):
            wanted = set(TOKENS) | set(self.values) | set(names)
            keys = {name: f"page-cache:token:{name}" for name in wanted}
            found = cache.get_many(list(keys.values()))
            values = {name: found.get(key) or _token_start(key) for name, key in keys.items()}
            with self.lock:
                if len(values) > 20000:  # families are as many as pages; never grow unbounded
                    values = {name: values[name] for name in set(TOKENS) | set(names)}
                self.values, self.checked = values, time.monotonic()
        values = self.values
        return {name: values[name] for name in names}

    def renew(self, names) -> None:
        values = {name: uuid.uuid4().hex for name in names}
        cache.set_many({f"page-cache:token:{n}": v for n, v in values.items()}, timeout=None)
        with self.lock:
            self.values = {**self.values, **values}


_tokens = _Tokens()


def page_family_token(page) -> str:
    """The token of a page and all its copies in other languages (one translation key)."""
    return f"page:{page.translation_key}"


def generation(name: str) -> str:
    """The current value of one token (read from the shared cache at most every half second):
    what is remembered under it holds until a purge of that token gives it a new value."""
    return _tokens.current((name,))[name]


def page_cache_purge(*tokens: str, at_once: bool = True) -> None:
    """Retire every cached page that depends on these tokens (all pages when none are named).
    Inside a transaction the tokens are renewed again once it commits; `at_once=False` renews
    them only then, for changes made while others wait on a lock (a seat taken under the
    cohort's lock): the shared cache is not asked while the lock is held."""
    names = tokens or TOKENS
    if at_once or not connection.in_atomic_block:
        _renew(names)
    if connection.in_atomic_block:

        def renew_once_committed():
            # Again: a page rendered in between from the old rows is retired too.
            _renew(names)

        transaction.on_commit(renew_once_committed)


def _renew(names) -> None:
    try:
        _tokens.renew(names)
    except Exception:  # noqa: BLE001  (a cache outage must not stop a publish; copies expire)
        logger.exception("Could not purge the page cache")


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rule = _rule_for(request)
        if rule is None:
            return self.get_response(request)
        names, seconds, by_family = rule
        request.cpa_page_cache_by_family = by_family  # the before_serve_page hook notes the page
        try:
            current = list(_tokens.current(names).values())
        except Exception:  # noqa: BLE001  (no shared cache: serve the page uncached)
            logger.exception("Page cache tokens unavailable")
            return self.get_response(request)
        # Keyed by language too: the prefix already tells, and a page is never served in another.
        language = _path_language(request.path_info)
        url = f"{request.method} {language} {request.build_absolute_uri()}"
        key = "page-cache:" + hashlib.sha256(url.encode()).hexdigest()
        pages = caches["pages"]
        entry = pages.get(key)
        if entry is not None and entry[0] == current and _family_unchanged(entry[1]):
            *_, status, headers, content = entry
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            family = _family_of(request)
            if by_family and family is None:
                return response  # a Wagtail page whose family is unknown could not be retired
            entry = (current, family, response.status_code, dict(response.headers),
                     response.content)  # fmt: skip
            pages.set(key, entry, settings.PAGE_CACHE_SECONDS if seconds is None else seconds)
            response["X-Page-Cache"] = "miss"
        return response


_memos: dict = {}
_memos_lock = threading.Lock()


def memo_in_use() -> bool:
    """Whether memo() keeps anything here: not with the page cache off, nor in a transaction."""
    return settings.PAGE_CACHE_SECONDS > 0 and not in_transaction()


def memo(key, tokens, build):
    """`build()` once per process while `tokens` keep their generation (e.g. the header links,
    which change only when a page is published): no query per request for what rarely changes.
    Inside a database transaction it always builds afresh: what it read may still roll back."""
    if not memo_in_use():
        return build()
    try:
        current = tuple(_tokens.current(tuple(tokens)).values())
    except Exception:  # noqa: BLE001  (no shared cache: build every time, as without a memo)
        logger.exception("Page cache tokens unavailable")
        return build()
    found = _memos.get(key)
    if found is not None and found[0] == current:
        return found[1]
    value = build()
    with _memos_lock:
        if len(_memos) > 1000:  # host names are few; never let odd Host headers grow it unbounded
            _memos.clear()
        _memos[key] = (current, value)
    return value


def note_page_family(request, page) -> None:
    """Called by Wagtail's before_serve_page hook (cpa_site/wagtail_hooks.py): the family token
    of the page about to be served, read before its listings are, so that a publish during the
    render leaves the copy under the old value. Only for requests the cache may keep: no token
    is made for a page served to someone signed in, in a preview or inside a transaction."""
    if getattr(request, "cpa_page_cache_by_family", False) and page.translation_key:
        name = page_family_token(page)
        try:
            request.cpa_page_family = (name, _tokens.current((name,))[name])
        except Exception:  # noqa: BLE001  (no shared cache: the page is then not kept)
            logger.exception("Page cache tokens unavailable")


def _family_of(request) -> tuple[str, str] | None:
    return getattr(request, "cpa_page_family", None)


def _family_unchanged(family) -> bool:
    if family is None:
        return True
    name, value = family
    return _tokens.current((name,))[name] == value


def _token_start(key: str) -> str:
    cache.add(key, uuid.uuid4().hex, timeout=None)
    return cache.get(key)


def in_transaction() -> bool:
    """Whether any database connection is inside a transaction: what was read may roll back."""
    return any(db.in_atomic_block for db in connections.all(initialized_only=True))


def _path_language(path: str) -> str:
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def _rule_for(request):
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return None
    if "HTTP_AUTHORIZATION" in request.META or in_transaction():
        return None
    return _view_rule(request.path_info, getattr(request, "urlconf", None))


@functools.lru_cache(maxsize=4096)
def _view_rule(path: str, urlconf):
    # Resolved in the language its prefix names (this runs before LocaleMiddleware), so that
    # /es/classes/ is the class list and not a page path.
    try:
        with in_language(_path_language(path)):
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
    return not (user is not None and user.is_authenticated) and not in_transaction()
