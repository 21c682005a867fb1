"""The demo's Spanish and Vietnamese pages, read from courses/demo/translations/<language>/ and
made the way an editor makes them with wagtail-localize: "Translate this page", each piece of
text translated, published. Each gets an admin-only note: machine-drafted, to be checked by a
fluent speaker. Safe to run again: a page already translated and live is left as it is.
"""

from pathlib import Path

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import TranslationCreator

from ..demo_data import DEMO_DIR, read
from .notes import TranslationNote

TRANSLATIONS_DIR = DEMO_DIR / "translations"


class DemoTranslationError(Exception):
    """A translation file does not fit its page; the message names the file and the text."""


def demo_translation_paths() -> list[Path]:
    """Every file, one per page per language (settings.toml is the Academy settings' words,
    loaded with the settings by cpa_site/demo.py)."""
    return sorted(p for p in TRANSLATIONS_DIR.glob("*/*.toml") if p.name != "settings.toml")


def _english_page(slug: str, path: Path) -> Page:
    page = Page.objects.filter(locale=Locale.get_default(), slug=slug).first()
    if page is None:
        raise DemoTranslationError(f"{path.name}: no English page with the slug “{slug}”.")
    return page.specific


def _translate_text(translation: Translation, words: dict[str, str], path: Path) -> None:
    """Every piece of the page's text from the file; a piece the file lacks is an error."""
    segments = StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    )
    for segment in segments:
        text = words.get(segment.string.data)
        if text is None:
            raise DemoTranslationError(f"{path.name}: no translation for “{segment.string.data}”.")
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
        )


def _page_translate(path: Path, report) -> None:
    language = path.parent.name
    data = read(path)
    page = _english_page(data["page"], path)
    locale = Locale.objects.get(language_code=language)
    existing = page.get_translation_or_none(locale)
    label = f"{locale.get_display_name()} “{page.title}”"
    if existing is not None and existing.live and not existing.alias_of_id:
        report.existing.append(label)
        return
    TranslationCreator(None, [locale]).create_translations(page)
    translation = Translation.objects.get(
        source__object_id=page.translation_key,
        source__locale=page.locale,
        target_locale=locale,
    )
    _translate_text(translation, {entry["en"]: entry[language] for entry in data["text"]}, path)
    # Saved as a draft, then published here and now (its own "Publish" waits for the commit).
    translation.save_target(publish=False)
    translated = page.get_translation(locale)
    translated.get_latest_revision().publish()
    TranslationNote.objects.get_or_create(
        page=translated, defaults={"kind": TranslationNote.Kind.MACHINE_DRAFTED}
    )
    report.created.append(label)


@transaction.atomic
def demo_translations_load(report) -> None:
    """Translate the demo pages that have a file, parents before children; `report` gets
    `created` and `existing` lines, like the demo loader's own."""
    paths = demo_translation_paths()
    depth = {
        path: _english_page(read(path)["page"], path).depth for path in paths
    }  # the landing page, then the curriculum and pages, then modules
    for path in sorted(paths, key=lambda path: (depth[path], path.parent.name, path.name)):
        _page_translate(path, report)
