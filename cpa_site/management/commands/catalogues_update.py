"""`make messages`: the site's words extracted into cpa_site/locale/<lang>/LC_MESSAGES/django.po
for every language but English, then compiled to the .mo files Django reads (both committed, so
the site runs without gettext installed). tests/cpa_site/test_translation_catalogues.py extracts
with the same options and fails on any word missing from a catalogue."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Our own code and templates only: not the virtualenv, run-time files or tests.
IGNORE = [".venv", "var", "tests", "node_modules", "*/migrations/*"]
EXTENSIONS = ["html", "txt", "py"]


def translated_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def extract(**options) -> None:
    """makemessages with the project's options (called from the project's root directory)."""
    call_command(
        "makemessages",
        locale=translated_languages(),
        extensions=EXTENSIONS,
        ignore_patterns=IGNORE,
        no_obsolete=True,
        add_location="file",
        verbosity=0,
        **options,
    )


class Command(BaseCommand):
    help = "Extract the site's words into the catalogues and compile them."

    def handle(self, *args, **options):
        extract()
        call_command(
            "compilemessages", locale=translated_languages(), ignore_patterns=IGNORE, verbosity=0
        )
        for code in translated_languages():
            self.stdout.write(f"cpa_site/locale/{code}/LC_MESSAGES/django.po")
