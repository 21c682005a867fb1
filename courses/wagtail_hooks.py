from django.contrib import messages
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.models import Locale

from . import reports
from .selectors import can_see_quiz_results
from .translations import admin_views
from .translations.notes import TranslationNote
from .translations.review import translation_review_refusal
from .translations.status import SOURCE_CHANGED, translation_record, translation_status


class QuizResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_quiz_results(request.user)


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_see_translation_status(request.user)


@hooks.register("register_admin_urls")
def register_quiz_results_urls():
    return [
        path("quiz-results/", reports.QuizResultsView.as_view(), name="courses_quiz_results"),
        path(
            "quiz-results/results/",
            reports.QuizResultsView.as_view(results_only=True),
            name="courses_quiz_results_results",
        ),
        path(
            "quiz-results/<int:module_id>/",
            reports.QuizQuestionResultsView.as_view(),
            name="courses_quiz_questions",
        ),
        path(
            "quiz-results/<int:module_id>/results/",
            reports.QuizQuestionResultsView.as_view(results_only=True),
            name="courses_quiz_questions_results",
        ),
        path(
            "quiz-results/<int:module_id>/attempts/",
            reports.QuizAttemptsView.as_view(),
            name="courses_quiz_attempts",
        ),
        path(
            "quiz-results/<int:module_id>/attempts/results/",
            reports.QuizAttemptsView.as_view(results_only=True),
            name="courses_quiz_attempts_results",
        ),
    ]


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [
        path(
            "translation-status/",
            admin_views.TranslationStatusView.as_view(),
            name="courses_translation_status",
        ),
        path(
            "translation-status/results/",
            admin_views.TranslationStatusView.as_view(results_only=True),
            name="courses_translation_status_results",
        ),
        path(
            "translation-status/<int:page_id>/review/",
            admin_views.translation_review,
            name="courses_translation_review",
        ),
        path(
            "translation-status/<int:page_id>/checked/",
            admin_views.translation_note_clear,
            name="courses_translation_note_clear",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_quiz_results_menu_item():
    return QuizResultsMenuItem(
        gettext_lazy("Quiz results"),
        reverse("courses_quiz_results"),
        name="quiz-results",
        icon_name="tasks",
        order=1000,
    )


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        gettext_lazy("Translation status"),
        reverse("courses_translation_status"),
        name="translation-status",
        icon_name="site",
        order=1010,
    )


def _translation_buttons(page, user, view_name=None, next_url=None):
    """On a translation: "Send translation to review" for those who may not publish it."""
    if page.locale_id == Locale.get_default().pk or page.alias_of_id:
        return
    if page.permissions_for_user(user).can_publish():
        return
    if translation_review_refusal(page=page, user=user):
        return
    yield ListingButton(
        _("Send translation to review"),
        reverse("courses_translation_review", args=[page.pk]),
        priority=65,
        icon_name="resubmit",
    )


hooks.register("register_page_listing_more_buttons", _translation_buttons)
hooks.register("register_page_header_buttons", _translation_buttons)


# Before wagtail-localize's own hook, which answers a translation's edit page with its editor.
@hooks.register("before_edit_page", order=-1)
def translation_notices(request, page):
    """On a translation's edit screen (the segment editor): out of date, a note to check, and
    how an instructor sends it to review. Nothing is changed; wagtail-localize then renders."""
    if request.method != "GET":
        return None
    status = translation_status(page)
    if status is not None and status.out_of_date:
        _out_of_date_notice(request, status)
    note = TranslationNote.objects.filter(page_id=page.pk).first()
    if note is not None:
        buttons = []
        if page.permissions_for_user(request.user).can_publish():
            buttons = [
                admin_messages.button(
                    reverse("courses_translation_status") + "?show=to_check",
                    _("Mark as checked in Translation status"),
                )
            ]
        admin_messages.warning(request, note.get_kind_display(), buttons=buttons)
    if (
        translation_record(page) is not None
        and not page.permissions_for_user(request.user).can_publish()
    ):
        _review_notice(request, page)
    return None


def _out_of_date_notice(request, status) -> None:
    changed = status.source_published_at
    if status.reason == SOURCE_CHANGED and changed is not None:
        text = _(
            "Out of date: “%(source)s” was changed and published on %(date)s, after this "
            "translation was made. Sync it from the original page, translate the new text and "
            "publish it again (or send it to review)."
        ) % {
            "source": status.source.title,
            "date": date_format(localtime(changed), "DATETIME_FORMAT"),
        }
    else:
        text = _(
            "Out of date: some new text of “%(source)s” is not translated yet, so readers see "
            "it in the original language. Translate it and publish again (or send it to review)."
        ) % {"source": status.source.title}
    buttons = []
    if status.translation and request.user.has_perm("wagtail_localize.submit_translation"):
        buttons.append(
            admin_messages.button(
                reverse(
                    "wagtail_localize:update_translations", args=[status.translation.source_id]
                ),
                _("Sync translated pages"),
            )
        )
    admin_messages.warning(request, text, buttons=buttons)


def _review_notice(request, page) -> None:
    refusal = translation_review_refusal(page=page, user=request.user)
    if not refusal:
        admin_messages.info(
            request,
            _(
                "Your translated sentences are saved as you type. When the translation is "
                "ready, send it to review: it goes live once a coordinator approves it."
            ),
            buttons=[
                admin_messages.button(
                    reverse("courses_translation_review", args=[page.pk]),
                    _("Send translation to review"),
                )
            ],
        )
    elif page.workflow_in_progress:
        messages.info(request, refusal)
