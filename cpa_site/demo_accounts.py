"""The demo academy's accounts: one per role, and a resident who reads Spanish. Their
passwords are published (README), so only the demo (settings.DEMO_DATA_ALLOWED) makes them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from courses.roles import COORDINATORS, INSTRUCTORS

from .languages import user_language_set

DEMO_ACCOUNTS = [
    # (email, first name, last name, group, password); the email is also the username.
    ("resident@example.org", "Rosa", "Resident", None, "resident-demo-2026"),
    ("instructor@example.org", "Ian", "Instructor", INSTRUCTORS, "instructor-demo-2026"),
    ("coordinator@example.org", "Cora", "Coordinator", COORDINATORS, "coordinator-demo-2026"),
    ("residente@example.org", "Rocío", "Residente", None, "residente-demo-2026"),
]
# Demo accounts that read another language than English (the others never chose one).
DEMO_LANGUAGES = {"residente@example.org": "es"}
# The class each of those residents applied to, so My academy shows it in their language.
DEMO_LANGUAGE_APPLICATIONS = {"residente@example.org": "Spring evening class"}


ROLE_LABELS = {None: "Resident", INSTRUCTORS: "Instructor", COORDINATORS: "Coordinator"}


def demo_accounts_ensure(report) -> None:
    """Each demo account, its password reset to the published one, its address confirmed."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    for email, first, last, group_name, password in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=email, defaults={"email": email, "first_name": first, "last_name": last}
        )
        # Reset each run, so the printed password always works.
        user.set_password(password)
        user.email = email
        user.save()
        # Signing in by email needs a confirmed address.
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        role = ROLE_LABELS[group_name]
        if email in DEMO_LANGUAGES:
            language = DEMO_LANGUAGES[email]
            user_language_set(user=user, language=language)
            role = f"{role} ({dict(settings.LANGUAGES)[language]})"
        (report.created if created else report.existing).append(f"account {email}")
        report.accounts.append((role, email, password))
