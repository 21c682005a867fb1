"""A resident's evaluation of a class they came to: the form while it is open, what they said
once it has closed. Anyone else's class is a 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..exceptions import EnrollmentError
from . import evaluations
from .models.evaluations import COMMENT_MAX_LENGTH

RATING_CHOICES = [
    (1, gettext_lazy("1: poor")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, gettext_lazy("5: excellent")),
]


class SessionEvaluationForm(forms.Form):
    session_rating = forms.TypedChoiceField(
        label=gettext_lazy("How was this class?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a rating for the class, from 1 to 5.")},
    )
    instructor_rating = forms.TypedChoiceField(
        label=gettext_lazy("How was the instructor?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose a rating for the instructor, from 1 to 5.")
        },
    )
    comment = forms.CharField(
        label=gettext_lazy("Anything else you want to tell us? (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, instructors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].help_text = _(
            "Nobody is told who wrote it, and instructors see comments only once %(minimum)s "
            "residents have answered. Up to %(length)s characters."
        ) % {"minimum": evaluations.MIN_ANSWERS, "length": number_format(COMMENT_MAX_LENGTH)}
        if instructors:
            names = ", ".join(i.get_full_name() or i.email for i in instructors)
            self.fields["instructor_rating"].label = _("How was the instructor (%(names)s)?") % {
                "names": names
            }
        else:
            del self.fields["instructor_rating"]


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_evaluation(request, session_id: int):
    """Rate a class (or change the rating until the next class starts); read-only after."""
    try:
        state = evaluations.resident_evaluation(session_id=session_id, resident=request.user)
    except EnrollmentError:
        raise Http404("No class of yours to rate") from None
    initial = {}
    if state.evaluation:
        initial = {
            "session_rating": state.evaluation.session_rating,
            "instructor_rating": state.evaluation.instructor_rating,
            "comment": state.evaluation.comment,
        }
    posted = request.method == "POST" and state.is_open
    form = SessionEvaluationForm(
        request.POST if posted else None, initial=initial, instructors=state.instructors
    )
    status = 200 if request.method != "POST" or state.is_open else 400
    if posted:
        status = 400
        if form.is_valid():
            try:
                evaluations.evaluation_save(
                    session_id=session_id,
                    resident=request.user,
                    session_rating=form.cleaned_data["session_rating"],
                    instructor_rating=form.cleaned_data.get("instructor_rating"),
                    comment=form.cleaned_data["comment"],
                )
            except EnrollmentError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, _("Thank you: your rating is saved."))
                return redirect(reverse("my_academy") + f"#cohort-{state.session.cohort_id}")
    return TemplateResponse(
        request,
        "enrollment/outcomes/evaluations/form.html",
        {"state": state, "form": form},
        status=status,
    )
