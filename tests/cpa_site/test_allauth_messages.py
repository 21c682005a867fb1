"""The allauth words we carry in our catalogue (cpa_site/allauth_messages.py) are allauth's own,
letter for letter: a msgid that drifted from allauth's would be translated and never used."""

from pathlib import Path

import allauth
import polib
from django.utils import translation

from cpa_site import allauth_messages

ALLAUTH_CATALOGUE = Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def allauth_msgids() -> set[str]:
    return {
        entry.msgid
        for entry in polib.pofile(str(ALLAUTH_CATALOGUE))
        if not entry.obsolete and not entry.msgctxt
    }


def test_every_carried_allauth_message_is_still_allauths_wording():
    drifted = sorted(set(allauth_messages.ALL) - allauth_msgids())
    assert not drifted, f"allauth no longer says these (update allauth_messages.py): {drifted}"


def test_carried_messages_are_the_strings_allauth_asks_gettext_for():
    """allauth's error for a wrong current password is one of them: the same msgid, so our
    catalogue's translation is the one allauth gets."""
    from allauth.account.adapter import DefaultAccountAdapter

    with translation.override("en"):
        wording = str(DefaultAccountAdapter.error_messages["enter_current_password"])
    assert wording in allauth_messages.ACCOUNT_FORMS
