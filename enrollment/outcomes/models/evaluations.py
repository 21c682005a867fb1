"""Outcomes: session evaluations. A resident who came to a class rates it and its instructor(s)
and may leave a comment; instructors and coordinators see only totals (evaluations.py)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

__all__ = ["SessionEvaluation"]

RATINGS = (1, 2, 3, 4, 5)
COMMENT_MAX_LENGTH = 1000


class SessionEvaluation(models.Model):
    """One resident's rating of one class session: one row per (application, session), kept
    by the database. Never shown with its author: reports read only counts, means and the
    comments' text (enrollment/outcomes/evaluations.py)."""

    wagtail_reference_index_ignore = True

    session = models.ForeignKey(
        "enrollment.ClassSession", on_delete=models.CASCADE, related_name="evaluations"
    )
    application = models.ForeignKey(
        "enrollment.Application", on_delete=models.CASCADE, related_name="session_evaluations"
    )
    session_rating = models.PositiveSmallIntegerField(
        gettext_lazy("rating of the class"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # Null when the session had no instructor named: there was no one to rate.
    instructor_rating = models.PositiveSmallIntegerField(
        gettext_lazy("rating of the instructor"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(gettext_lazy("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "session"], name="one_evaluation_per_resident_and_session"
            ),
            models.CheckConstraint(
                condition=Q(session_rating__gte=1, session_rating__lte=5),
                name="evaluation_session_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(instructor_rating__isnull=True)
                | Q(instructor_rating__gte=1, instructor_rating__lte=5),
                name="evaluation_instructor_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.session_id}: {self.session_rating}"
