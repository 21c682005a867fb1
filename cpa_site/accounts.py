"""How resident accounts behave where allauth leaves the choice to the project."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_login_redirect_url, user_email, user_username
from allauth.core import context as allauth_context
from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _

from .academy import academy_settings, academy_settings_for_request
from .languages import active_language, in_language, url_in_language, user_language

# The links allauth puts in its emails: written in the recipient's language (its prefix).
EMAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


class AccountAdapter(DefaultAccountAdapter):
    # allauth's wording, said plainly.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _(
            "The email or password is not right. Check both and try again."
        ),
        "email_taken": _(
            "An account already uses this email address. Sign in instead, or reset your "
            "password if you have forgotten it."
        ),
        "unknown_email": _(
            "No account uses this email address. Check it for typing mistakes, "
            "or create an account."
        ),
        "too_many_login_attempts": _(
            "Too many tries to sign in. Wait a few minutes, then try again."
        ),
        "rate_limited": _("Too many requests in a short time. Wait a minute, then try again."),
    }

    def populate_username(self, request, user) -> None:
        """The username is the email, as for every account the academy creates itself."""
        User = get_user_model()
        email = user_email(user)
        max_length = User._meta.get_field("username").max_length
        if (
            email
            and not user_username(user)
            and len(email) <= max_length
            # Someone who changed their email keeps the old one as username; then the new
            # account gets allauth's generated username instead of a clash.
            and not User.objects.filter(username__iexact=email).exists()
        ):
            user_username(user, email)
        super().populate_username(request, user)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """In the account holder's language (for a new sign-up, the one just chosen); with no
        account to ask (an unknown address), in the language of the page that asked."""
        user = context.get("user")
        language = user_language(user) if user is not None else active_language()
        with in_language(language):
            # Rendered outside the page context processors; give them the academy too.
            context = {"academy": self._academy(), **context}
            for name in EMAIL_LINKS:
                if context.get(name):
                    context[name] = url_in_language(context[name], language)
            super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        """Rendered in send_mail's language, and says which (Content-Language)."""
        headers = {"Content-Language": active_language(), **(headers or {})}
        return super().render_mail(template_prefix, email, context, headers=headers)

    def send_notification_mail(self, template_prefix: str, user, context=None, email=None):
        """allauth's security notices (password changed...) in the account holder's language."""
        with in_language(user_language(user)):
            super().send_notification_mail(template_prefix, user, context=context, email=email)

    def post_login(self, request, user, *, redirect_url=None, signup=False, **kwargs):
        """Signed in, residents land in their own language: the page they were going to (or
        the default one) under their language's prefix."""
        language = user_language(user)
        target = get_login_redirect_url(request, redirect_url, signup=signup)
        with in_language(language):  # "You are signed in." in that language too
            return super().post_login(
                request,
                user,
                redirect_url=url_in_language(target, language),
                signup=signup,
                **kwargs,
            )

    def format_email_subject(self, subject: str) -> str:
        """Subjects start with the academy's name, as set in Academy settings."""
        return f"{self._academy().name}: {subject}"

    def _academy(self):
        request = allauth_context.request
        return academy_settings_for_request(request) if request else academy_settings()


def axes_username(request, credentials=None) -> str:
    """The account a sign-in attempt is for, as django-axes counts failures: allauth passes
    `email`, Wagtail's admin form `username`, a raw post `login`. Lower-cased, so case does not
    buy extra tries."""
    credentials = credentials or {}
    data = getattr(request, "POST", {}) if request is not None else {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or data.get("login")
        or data.get("username")
        or ""
    )
    return str(value).strip().lower()[:255]


def client_ip(request) -> str:
    """The visitor's address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front, the
    address the outermost trusted proxy saw (the rest of X-Forwarded-For can be forged)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) >= count:
        return forwarded[-count]
    return remote


def axes_log_label(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a sign-in attempt in the logs: a short keyed hash, never the email
    or the address (personal data stays out of logs; the same account gets the same label)."""
    digest = salted_hmac("axes-log-label", f"{username}|{ip_address}").hexdigest()[:12]
    return f"sign-in {digest}"


def admin_login(request):
    """Wagtail's /admin/login/. With STAFF_REQUIRE_MFA (production) staff sign in where residents
    do, on allauth's page that asks for the second factor; otherwise Wagtail's own form (dev and
    test, where the demo logins and browser journeys use it)."""
    if settings.STAFF_REQUIRE_MFA:
        target = reverse("account_login")
        next_url = request.GET.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target += "?" + urlencode({"next": next_url})
        return redirect(target)
    from wagtail.admin.views.account import LoginView

    return LoginView.as_view()(request)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for sign-ins that come with a request (every web sign-in).
    Code that authenticates without one (management commands, tests) has no address to lock."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
