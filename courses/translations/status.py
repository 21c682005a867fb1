"""Whether a translated page still says what its English page says.

The rule, for a translated page (a page with a wagtail-localize translation record, made with
"Translate this page"), is that it is out of date when any of these holds:

1. its source page was published after wagtail-localize last took the source's content for
   translation (TranslationSource.last_updated_at, set when the translation was started or by
   "Sync translated pages"): the English changed and was not synced yet;
2. the translation's live version was saved before that sync: synced, not yet republished;
3. some text of the synced source had no translation when the live version was saved: those
   sentences show in English (wagtail-localize falls back to the source's words).

It is up to date again once the source is synced, the new text translated and the translation
republished (or approved through review). A translation written by hand in the page editor
(no translation record) is out of date when its source was published after it was.
Aliases repeat their original and are never out of date; drafts never published are not
checked.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from .copies import locale_default, page_in_default_language

SOURCE_CHANGED = "source_changed"
UNTRANSLATED = "untranslated"


@dataclass
class TranslationStatus:
    page: Page
    source: Page
    reason: str = ""  # SOURCE_CHANGED, UNTRANSLATED, or "" when up to date
    source_published_at: datetime | None = None
    synced_at: datetime | None = None
    made_at: datetime | None = None
    untranslated: int = 0
    translation: Translation | None = None

    @property
    def out_of_date(self) -> bool:
        return bool(self.reason)

    @property
    def language(self) -> str:
        return self.page.locale.language_code

    @property
    def source_language(self) -> str:
        return self.source.locale.language_code


def translation_record(page: Page) -> Translation | None:
    """wagtail-localize's record of the page as a synced translation (None once stopped)."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source")
        .first()
    )


def _untranslated_count(translation: Translation, made_at: datetime) -> int:
    """Text of the synced source that had no translation yet when `made_at`'s version was made."""
    translated_then = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=translation.target_locale_id,
        has_error=False,
        created_at__lte=made_at,
    )
    return (
        StringSegment.objects.filter(source_id=translation.source_id)
        .exclude(Exists(translated_then))
        .count()
    )


def translation_status(page: Page) -> TranslationStatus | None:
    """The page's status as a translation; None when it is not one (see the module's rule)."""
    if page.alias_of_id or page.locale_id == locale_default().pk:
        return None
    record = translation_record(page)
    if record is None:
        source = page_in_default_language(page)
        if source.pk == page.pk:
            return None
        status = TranslationStatus(
            page=page, source=source, source_published_at=source.last_published_at
        )
        if page.live and source.live and _later(source.last_published_at, page.last_published_at):
            status.reason = SOURCE_CHANGED
        return status
    source = (
        Page.objects.filter(translation_key=page.translation_key, locale_id=record.source.locale_id)
        .select_related("locale")
        .first()
    )
    if source is None:
        return None
    made_at = (
        Revision.objects.filter(pk=page.live_revision_id)
        .values_list("created_at", flat=True)
        .first()
    )
    status = TranslationStatus(
        page=page,
        source=source,
        source_published_at=source.last_published_at,
        synced_at=record.source.last_updated_at,
        made_at=made_at,
        translation=record,
    )
    if not page.live or not source.live or made_at is None:
        return status
    if _later(source.last_published_at, status.synced_at) or made_at < status.synced_at:
        status.reason = SOURCE_CHANGED
    else:
        status.untranslated = _untranslated_count(record, made_at)
        if status.untranslated:
            status.reason = UNTRANSLATED
    return status


def _later(moment: datetime | None, than: datetime | None) -> bool:
    return moment is not None and (than is None or moment > than)


def translation_statuses() -> list[TranslationStatus]:
    """Every translated page's status (drafts included), out-of-date first, then by title."""
    pages = (
        Page.objects.exclude(locale=Locale.get_default())
        .filter(alias_of__isnull=True, depth__gt=1)
        .select_related("locale")
        .order_by("path")
    )
    statuses = [status for page in pages if (status := translation_status(page)) is not None]
    return sorted(statuses, key=lambda s: (not s.out_of_date, s.source.title, s.language))
