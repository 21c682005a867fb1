"""What the outcomes hold about one resident, for erasure and for a subject access request.

Ratings and agree/disagree answers are kept after erasure: they are counted only in groups
of five or more, never with a name. Free text is erased with the rest of the resident's
answers, because people write names, places and stories into comments. Volunteer hours stay:
they are the alumni roster's record of service, tied to the account like the certificate.
"""

from cpa_site.exports import iso

from .models import SessionEvaluation, SurveyResponse, VolunteerHours


def outcome_free_text_erase(applications) -> None:
    """Blank the comments and open answers written under these applications."""
    SessionEvaluation.objects.filter(application__in=applications).exclude(comment="").update(
        comment=""
    )
    SurveyResponse.objects.filter(application__in=applications).exclude(free_text="").update(
        free_text=""
    )


def outcome_data_export(resident) -> dict:
    """The resident's ratings of classes, survey answers and volunteer hours."""
    evaluations = SessionEvaluation.objects.filter(application__resident=resident).select_related(
        "session__module"
    )
    responses = (
        SurveyResponse.objects.filter(application__resident=resident)
        .select_related("attachment__cohort")
        .prefetch_related("answers")
    )
    return {
        "session_evaluations": [
            {
                "session": str(e.session),
                "session_rating": e.session_rating,
                "instructor_rating": e.instructor_rating,
                "comment": e.comment,
                "updated_at": iso(e.updated_at),
            }
            for e in evaluations.order_by("session__starts_at")
        ],
        "survey_responses": [
            {
                "cohort": r.attachment.cohort.name,
                "when": r.attachment.kind,
                "submitted_at": iso(r.submitted_at),
                "answers": {
                    s["text"]: a.value
                    for a in r.answers.all()
                    for s in r.attachment.statements_asked
                    if s["id"] == a.statement_id
                },
                "free_text": r.free_text,
            }
            for r in responses.order_by("submitted_at")
        ],
        "volunteer_hours": [
            {
                "worked_on": iso(h.worked_on),
                "hours": float(h.hours),
                "activity": h.activity,
                "status": h.status,
                "rejection_reason": h.rejection_reason,
            }
            for h in VolunteerHours.objects.filter(resident=resident).order_by("worked_on", "pk")
        ],
    }
