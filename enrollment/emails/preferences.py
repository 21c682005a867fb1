"""A resident's choice about non-essential emails, and the one-click unsubscribe token.

Non-essential emails come in groups a resident turns off separately, each a field of
EmailPreference: "reminders" (class and quiz reminders, announcements) and "surveys" (the
invitations to the course surveys)."""

from django.core import signing

from ..models import EmailPreference
from .catalogue import NON_ESSENTIAL, SURVEY_KINDS

UNSUBSCRIBE_SALT = "enrollment.unsubscribe"
REMINDERS = "reminders"
SURVEYS = "surveys"
GROUPS = (REMINDERS, SURVEYS)


def group_of(kind: str) -> str | None:
    """The opt-out group of a kind of email; None for the essential ones."""
    if kind in SURVEY_KINDS:
        return SURVEYS
    return REMINDERS if kind in NON_ESSENTIAL else None


def unsubscribe_token(resident, group: str = REMINDERS) -> str:
    # Reminder tokens carry no group, so links in emails sent before groups existed still work.
    payload = {"r": resident.pk} if group == REMINDERS else {"r": resident.pk, "g": group}
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT)


def _unsubscribe_payload(token: str) -> dict | None:
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return payload if isinstance(payload, dict) else None
    except signing.BadSignature:
        return None


def unsubscribe_resident_id(token: str) -> int | None:
    try:
        return int((_unsubscribe_payload(token) or {})["r"])
    except (KeyError, TypeError, ValueError):
        return None


def unsubscribe_group(token: str) -> str:
    group = (_unsubscribe_payload(token) or {}).get("g", REMINDERS)
    return group if group in GROUPS else REMINDERS


def group_on(preference: EmailPreference | None, kind: str) -> bool:
    """A non-essential email goes out unless the resident turned its group off."""
    group = group_of(kind)
    return preference is None or group is None or getattr(preference, group)


def email_choices(resident) -> dict[str, bool]:
    """Each group on or off, for the resident's email form (one query)."""
    preference = EmailPreference.objects.filter(resident=resident).first()
    return {group: preference is None or getattr(preference, group) for group in GROUPS}


def wants(resident, kind: str) -> bool:
    return group_on(EmailPreference.objects.filter(resident=resident).first(), kind)


def email_preference_set(*, resident, **choices: bool) -> EmailPreference:
    """Set one or more groups on or off, e.g. reminders=False or surveys=True."""
    if not choices or set(choices) - set(GROUPS):
        raise ValueError(f"Unknown email groups {sorted(choices)!r}")
    preference, _ = EmailPreference.objects.update_or_create(resident=resident, defaults=choices)
    return preference
