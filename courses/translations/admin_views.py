"""The admin's translation screens: the "Translation status" report, sending a translation to
review, and clearing a "to be checked" note."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from ..roles import COORDINATORS, INSTRUCTORS
from .notes import TranslationNote
from .review import (
    TranslationReviewRefused,
    translation_review_refusal,
    translation_submit_for_review,
)
from .status import SOURCE_CHANGED, translation_statuses

SHOW_ALL, SHOW_OUT_OF_DATE, SHOW_TO_CHECK = "all", "out_of_date", "to_check"


def can_see_translation_status(user) -> bool:
    """Those who write or run the course: instructors, coordinators, superusers."""
    return user.is_active and (
        user.is_superuser or user.groups.filter(name__in=[INSTRUCTORS, COORDINATORS]).exists()
    )


def status_text(status) -> str:
    """The status as a person reads it in the report and on the edit screen."""
    if not status.page.live:
        return _("Not published yet")
    if status.reason == SOURCE_CHANGED:
        return _("Out of date: the original page changed after this translation was made")
    if status.reason:
        return ngettext(
            "Out of date: %(count)s piece of new text is not translated yet",
            "Out of date: %(count)s pieces of new text are not translated yet",
            status.untranslated,
        ) % {"count": status.untranslated}
    return _("Up to date")


class TranslationStatusView(ReportView):
    """Every translated page: out of date or not (courses/translations/status.py), and any
    note for editors, with links to edit, sync or send to review. Out-of-date pages first."""

    page_title = gettext_lazy("Translation status")
    header_icon = "site"
    index_url_name = "courses_translation_status"
    index_results_url_name = "courses_translation_status_results"
    results_template_name = "courses/admin/translation_status_results.html"
    paginate_by = None

    def dispatch(self, request, *args, **kwargs):
        if not can_see_translation_status(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def show(self) -> str:
        value = self.request.GET.get("show", SHOW_ALL)
        return value if value in (SHOW_OUT_OF_DATE, SHOW_TO_CHECK) else SHOW_ALL

    def get_queryset(self):
        notes = dict(TranslationNote.objects.values_list("page_id", "kind"))
        kinds = dict(TranslationNote.Kind.choices)
        rows = []
        for status in translation_statuses():
            note = kinds.get(notes.get(status.page.pk), "")
            if self.show == SHOW_OUT_OF_DATE and not status.out_of_date:
                continue
            if self.show == SHOW_TO_CHECK and not note:
                continue
            status.note = note
            status.text = status_text(status)
            rows.append(status)
        return rows

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        user = self.request.user
        for status in context["object_list"]:
            status.edit_url = reverse("wagtailadmin_pages:edit", args=[status.page.pk])
            status.source_edit_url = reverse("wagtailadmin_pages:edit", args=[status.source.pk])
            status.sync_url = (
                reverse("wagtail_localize:update_translations", args=[status.translation.source_id])
                if status.translation and user.has_perm("wagtail_localize.submit_translation")
                else ""
            )
            status.review_url = (
                reverse("courses_translation_review", args=[status.page.pk])
                if not translation_review_refusal(page=status.page, user=user)
                else ""
            )
            status.can_clear_note = bool(status.note) and _may_clear_note(user, status.page)
        context["show"] = self.show
        context["filters"] = [
            (SHOW_ALL, _("All translations")),
            (SHOW_OUT_OF_DATE, _("Out of date")),
            (SHOW_TO_CHECK, _("To be checked by a fluent speaker")),
        ]
        return context


def _may_clear_note(user, page: Page) -> bool:
    """Whoever may publish the translation may say it has been checked."""
    return page.permissions_for_user(user).can_publish()


def translation_review(request, page_id: int):
    """Confirm, then send the translation's current text to its review workflow."""
    page = get_object_or_404(Page, pk=page_id).specific
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if request.method == "POST":
        try:
            translation_submit_for_review(page=page, user=request.user)
        except TranslationReviewRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("“%(title)s” was sent to review. It goes live once it is approved.")
                % {"title": page.get_admin_display_title()},
            )
        return redirect(edit_url)
    refusal = translation_review_refusal(page=page, user=request.user)
    if refusal and not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return TemplateResponse(
        request,
        "courses/admin/translation_review.html",
        {"page": page, "refusal": refusal, "edit_url": edit_url, "workflow": page.get_workflow()},
    )


@require_POST
def translation_note_clear(request, page_id: int):
    """A fluent speaker checked the translation: its note goes."""
    page = get_object_or_404(Page, pk=page_id)
    if not _may_clear_note(request.user, page):
        raise PermissionDenied
    TranslationNote.objects.filter(page=page).delete()
    messages.success(
        request,
        _("“%(title)s” is marked as checked by a fluent speaker.")
        % {"title": page.get_admin_display_title()},
    )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("courses_translation_status")
    return redirect(next_url)
