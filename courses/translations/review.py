"""Sending a translation to review, so that an instructor's translation goes live only once a
coordinator approves it in the page's workflow ("Module review" for modules).

wagtail-localize's segment editor saves each translated sentence as the translator types, but
it only offers "Publish" (to those who may publish), and it has no "Submit for review". Its own
"save a draft" writes the translated text into the page's live row, so it is not used here:
the draft is built in memory from the translated sentences and saved as a revision only, as
Wagtail's page editor does, and the workflow starts on that revision.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.models import Page, WorkflowState

from .status import translation_record


class TranslationReviewRefused(Exception):
    """The translation cannot go to review; `message` says why, for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def translation_review_refusal(*, page: Page, user) -> str:
    """Why `user` may not send this translation to review now ("" when they may)."""
    if not page.permissions_for_user(user).can_edit():
        return _("You cannot edit this page, so you cannot send it to review.")
    if translation_record(page) is None:
        return _("This page is not a synced translation: send it to review from its page editor.")
    if page.get_workflow() is None:
        return _(
            "No review workflow applies to this page. Someone who may publish it can publish "
            "it from the translation editor."
        )
    if page.workflow_in_progress:
        return _("This translation is already waiting for review.")
    return ""


@transaction.atomic
def translation_submit_for_review(*, page: Page, user) -> WorkflowState:
    """Save the translation's current sentences as a draft revision (never into the live page)
    and start the page's workflow on it."""
    page = Page.objects.select_for_update().get(pk=page.pk).specific
    refusal = translation_review_refusal(page=page, user=user)
    if refusal:
        raise TranslationReviewRefused(refusal)
    record = translation_record(page)
    draft = record.source.get_ephemeral_translated_instance(record.target_locale, fallback=True)
    # A translated slug is free text until made a slug, as wagtail-localize does on publish.
    draft.slug = find_available_slug(page.get_parent(), slugify(draft.slug), ignore_page_id=page.pk)
    try:
        draft.save_revision(user=user, log_action=True)
    except ValidationError as error:
        raise TranslationReviewRefused(
            _("The translation cannot be saved yet: %(problems)s")
            % {"problems": " ".join(error.messages)}
        ) from error
    page = Page.objects.get(pk=page.pk).specific
    return page.get_workflow().start(page, user)
