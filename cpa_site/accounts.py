"""How resident accounts behave where allauth leaves the choice to the project."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_email, user_username
from django.conf import settings
from django.contrib.auth import get_user_model


class AccountAdapter(DefaultAccountAdapter):
    # allauth's wording, said plainly.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The email or password is not right. Check both and try again.",
        "email_taken": (
            "An account already uses this email address. Sign in instead, or reset your "
            "password if you have forgotten it."
        ),
        "unknown_email": (
            "No account uses this email address. Check it for typing mistakes, "
            "or create an account."
        ),
        "too_many_login_attempts": (
            "Too many tries to sign in. Wait a few minutes, then try again."
        ),
        "rate_limited": "Too many requests in a short time. Wait a minute, then try again.",
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
        # Emails are rendered outside the page context processors; give them the contact too.
        context = {"academy_contact_email": settings.ACADEMY_CONTACT_EMAIL, **context}
        super().send_mail(template_prefix, email, context)
