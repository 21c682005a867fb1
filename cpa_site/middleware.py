"""Security middleware: the Content Security Policy per area, and staff session limits."""

import functools
import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

from . import page_cache

# Wagtail's admin is not yet free of inline scripts and styles (its documentation and issues
# wagtail#7053, #12368): it keeps 'unsafe-inline' there, and may frame itself (page preview).
ADMIN_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}


@functools.cache
def admin_path_prefix() -> str:
    """Where Wagtail's admin is mounted (cpa_site/urls.py), as its own URL says."""
    return reverse("wagtailadmin_home")


def in_admin(request) -> bool:
    return request.path_info.startswith(admin_path_prefix())


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with the strict public policy, and Wagtail's allowances under the admin."""

    def _is_admin(self, request) -> bool:
        return in_admin(request)

    def process_response(self, request, response):
        if self._is_admin(request) and "Content-Security-Policy" in response:
            # Wagtail renders a page preview through a dummy request for the page's own address,
            # which got the public policy (frame-ancestors 'none'); the admin's policy applies.
            del response["Content-Security-Policy"]
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and self._is_admin(request):
            parts.config = ADMIN_DIRECTIVES
        return parts


SIGNED_IN_AT = "cpa_signed_in_at"
LAST_SEEN_AT = "cpa_last_seen_at"


@receiver(user_logged_in, dispatch_uid="cpa_staff_session_start")
def _record_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


ADMIN_ACCESS = "cpa_admin_access"


def has_admin_access(user, session=None) -> bool:
    """Whether `user` may use the Wagtail admin (directly or through a group): the same answer
    as user.has_perm("wagtailadmin.access_admin"), in one query instead of loading every
    permission the user has. With the session, the answer is kept in it under the "roles"
    generation, which any change of groups or permissions renews (cpa_site/signals.py), so a
    signed-in request asks the database only after such a change."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_cpa_admin_access", None)
    if cached is not None:
        return cached
    try:
        roles = page_cache.generation("roles") if session is not None else None
    except Exception:  # noqa: BLE001  (no shared cache: ask the database, as without a session)
        roles = None
    kept = session.get(ADMIN_ACCESS) if roles is not None else None
    if kept is not None and kept[:2] == [roles, user.pk]:
        cached = kept[2]
    else:
        from django.contrib.auth.models import Permission
        from django.db.models import Q

        cached = (
            Permission.objects.filter(
                codename="access_admin", content_type__app_label="wagtailadmin"
            )
            .filter(Q(user=user) | Q(group__user=user))
            .exists()
        )
        if roles is not None:
            session[ADMIN_ACCESS] = [roles, user.pk, cached]
    user._cpa_admin_access = cached
    return cached


def _passed_second_factor(request, user) -> bool:
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, user))


def _has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffSessionMiddleware:
    """Staff sessions end after 30 minutes idle and 12 hours in all (ASVS 7.3); with
    STAFF_REQUIRE_MFA, the admin asks staff for a second factor. Residents are unaffected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and has_admin_access(user, getattr(request, "session", None)):
            refused = self._check(request, user)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _check(self, request, user):
        session = request.session
        now = time.time()
        signed_in = session.get(SIGNED_IN_AT) or now
        last_seen = session.get(LAST_SEEN_AT) or now
        if (
            now - last_seen > settings.STAFF_SESSION_IDLE_SECONDS
            or now - signed_in > settings.STAFF_SESSION_MAX_SECONDS
        ):
            logout(request)
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        # Written at most once a minute: every write races other requests of the same session
        # (Wagtail keeps the preview's form data in it).
        if SIGNED_IN_AT not in session or now - last_seen > 60:
            session[SIGNED_IN_AT] = signed_in
            session[LAST_SEEN_AT] = now
        if getattr(settings, "STAFF_REQUIRE_MFA", False) and in_admin(request):
            if not _has_totp(user):
                return redirect("mfa_activate_totp")
            if not _passed_second_factor(request, user):
                # Signed in some other way than with the code: sign in again, with it.
                logout(request)
                return redirect_to_login(request.get_full_path(), reverse("account_login"))
        return None
