"""Words as a resident reading another language sees them, taken from the catalogues."""

from django.utils import translation
from django.utils.translation import gettext


def translated(language: str, english: str) -> str:
    """The catalogue's `language` words for `english`; never the English itself, so a test
    using it fails when the words were left untranslated."""
    with translation.override(language):
        words = gettext(english)
    assert words != english, f"{english!r} has no {language} translation"
    return words
