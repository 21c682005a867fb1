"""The application review screen: everything a coordinator needs to decide, on one page.

The applicant's name and contact, the cohort's rules checked against their answers, the
answers, the consent wording they agreed to, the background check, the history, coordinators'
private notes, the decisions in plain sight, and "Next application" through the cohort's queue.
Opening it is recorded in the audit log (it shows personal answers).
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import Button
from wagtail.log_actions import log

from ..eligibility import eligibility_review
from ..exceptions import EnrollmentError
from ..models import Application
from ..questions import answer_display
from ..review import NOTE_MAX_LENGTH, application_note_add, review_next, review_position
from ..services import DECISIONS_WITH_REASON, decision_allowed
from .base import LocalTimeInspectView, can_decide

# The label of each decision's reason box, a whole sentence per decision for translators.
REASON_LABELS = {
    "decline": _("Reason to decline (the resident will read this)"),
    "remove": _("Reason to remove (the resident will read this)"),
}

DECISIONS = {
    "accept": (_("Accept"), _("A seat if one is free, else the waitlist.")),
    "waitlist": (_("Waitlist"), _("Onto the waitlist, in arrival order.")),
    "decline": (_("Decline"), _("The applicant reads your reason.")),
    "remove": (_("Remove from cohort"), _("Takes the seat back; the waitlist moves up.")),
}


def decide_url(application: Application, action: str) -> str:
    name = Application.snippet_viewset.get_url_name("decide")
    return reverse(name, args=(quote(application.pk), action))


def review_url(application: Application) -> str:
    name = Application.snippet_viewset.get_url_name("inspect")
    return reverse(name, args=(quote(application.pk),))


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Add a private note"),
        help_text=_("Only coordinators read notes: never the applicant, never instructors."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX_LENGTH,
        error_messages={"required": _("Write the note before saving it.")},
    )


class ApplicationReviewView(LocalTimeInspectView):
    template_name = "enrollment/admin/application_review.html"
    page_title = _("Review")

    def dispatch(self, request, *args, **kwargs):
        # Personal answers and notes are for coordinators (instructors have no access at all).
        if not can_decide(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        log(instance=self.object, action="enrollment.view_personal_data", user=request.user)
        patch_cache_control(response, no_store=True, private=True)
        return response

    def post(self, request, *args, **kwargs):
        """Add a note; on a problem the page comes back with the text kept and the reason
        next to the field."""
        self.object = self.get_object()
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                application_note_add(
                    application_id=self.object.pk,
                    author=request.user,
                    text=form.cleaned_data["text"],
                )
            except EnrollmentError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, _("Note added."))
                return redirect(review_url(self.object))
        context = self.get_context_data(note_form=form)
        response = TemplateResponse(request, self.template_name, context, status=400)
        patch_cache_control(response, no_store=True, private=True)
        return response

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        resident_id = self.object.resident_id
        buttons.append(
            Button(
                _("Export this resident's data"),
                url=reverse("enrollment_resident_export", args=[resident_id]),
                icon_name="download",
                priority=60,
            )
        )
        buttons.append(
            Button(
                _("Erase this resident's personal data"),
                url=reverse("enrollment_resident_erase", args=[resident_id]),
                icon_name="bin",
                priority=70,
            )
        )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        place, waiting = review_position(application)
        following = review_next(application)
        context.update(
            application=application,
            resident=application.resident,
            checks=eligibility_review(application),
            answers=[
                (Application._meta.get_field(name).verbose_name, self._answer(name))
                for name in Application.ANSWER_FIELDS
            ],
            question_answers=self._question_answers(),
            decisions=[
                {
                    "action": action,
                    "label": label,
                    "help": help_text,
                    "needs_reason": action in DECISIONS_WITH_REASON,
                    "reason_label": REASON_LABELS.get(action, ""),
                    "url": decide_url(application, action),
                }
                for action, (label, help_text) in DECISIONS.items()
                if decision_allowed(action=action, application=application)
            ],
            events=list(application.events.select_related("actor")),
            notes=list(application.notes.select_related("author")),
            note_form=kwargs.get("note_form") or NoteForm(),
            queue_place=place,
            queue_waiting=waiting,
            next_url=review_url(following) if following else "",
            check_url=reverse(
                Application.snippet_viewset.get_url_name("background_check"),
                args=(quote(application.pk),),
            ),
            list_url=reverse(Application.snippet_viewset.get_url_name("list"))
            + f"?cohort={application.cohort_id}",
        )
        return context

    def _question_answers(self) -> list[tuple[str, str]]:
        """The cohort's own questions in the words the applicant read, with their answers."""
        return [
            (entry.get("label", ""), answer_display(entry))
            for entry in self.object.custom_answers or []
        ]

    def _answer(self, name: str) -> str:
        if self.object.personal_data_erased_at is not None:
            return _("(erased)")
        display = getattr(self.object, f"get_{name}_display", None)
        value = display() if display else getattr(self.object, name)
        return value if value not in (None, "") else "-"
