"""A resident's choice about non-essential emails, and the one-click unsubscribe token."""

from django.core import signing

from ..models import EmailPreference

UNSUBSCRIBE_SALT = "enrollment.unsubscribe"


def unsubscribe_token(resident) -> str:
    return signing.dumps({"r": resident.pk}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_resident_id(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT)["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def reminders_on(preference: EmailPreference | None) -> bool:
    """Reminders are on unless the resident turned them off."""
    return preference is None or preference.reminders


def wants_reminders(resident) -> bool:
    return reminders_on(EmailPreference.objects.filter(resident=resident).first())


def email_preference_set(*, resident, reminders: bool) -> EmailPreference:
    preference, _ = EmailPreference.objects.update_or_create(
        resident=resident, defaults={"reminders": reminders}
    )
    return preference
