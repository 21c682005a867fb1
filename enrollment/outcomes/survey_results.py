"""What the before-and-after survey found, without ever saying who: per statement, the mean
answer before and after of the residents who answered both (the pairs), computed in the
database, and shown only with at least MIN_PAIRS pairs; comments only from MIN_PAIRS
answers up, in alphabetical order (never the order they came in). The survey six months
later is compared with the one before in the same way ("after" below is whichever of the two
later surveys is being compared)."""

from dataclasses import dataclass

from django.db.models import Avg, Count, OuterRef, Subquery
from django.utils.translation import gettext as _

from ..models import Cohort
from .models.surveys import Survey, SurveyAnswer, SurveyAttachment, SurveyResponse

# Fewer pairs (or comments) than this and a figure could point at a person: nothing is shown.
MIN_PAIRS = 5
Kind = SurveyAttachment.Kind


@dataclass
class StatementResult:
    """One statement of one cohort. Means are None when there are too few pairs."""

    statement: str
    pairs: int
    mean_before: float | None
    mean_after: float | None
    cohort: str = ""

    @property
    def shown(self) -> bool:
        return self.pairs >= MIN_PAIRS

    @property
    def note(self) -> str:
        """Why the means are blank, for the table and the exports."""
        if self.shown:
            return ""
        return _("Hidden: fewer than %(minimum)s residents answered both surveys.") % {
            "minimum": MIN_PAIRS
        }

    @property
    def change(self) -> float | None:
        if self.mean_before is None or self.mean_after is None:
            return None
        return round(self.mean_after - self.mean_before, 2)


def _paired_means(later_kind=Kind.AFTER, **after_filter) -> dict[tuple[int, str], dict]:
    """{(cohort id, statement id): pairs and the two means}, grouped in the database; the
    resident behind a pair never leaves it."""
    before_value = SurveyAnswer.objects.filter(
        response__application_id=OuterRef("response__application_id"),
        response__attachment__kind=Kind.BEFORE,
        statement_id=OuterRef("statement_id"),
    ).values("value")[:1]
    rows = (
        SurveyAnswer.objects.filter(response__attachment__kind=later_kind, **after_filter)
        .annotate(before_value=Subquery(before_value))
        .filter(before_value__isnull=False)
        .values("response__attachment__cohort_id", "statement_id")
        .annotate(pairs=Count("pk"), mean_before=Avg("before_value"), mean_after=Avg("value"))
        .order_by()
    )
    return {(row["response__attachment__cohort_id"], row["statement_id"]): row for row in rows}


def _results(statements: list[dict], cohort_id: int, means: dict, cohort_name="") -> list:
    results = []
    for statement in statements:
        row = means.get((cohort_id, statement["id"]), {})
        pairs = row.get("pairs", 0)
        shown = pairs >= MIN_PAIRS
        results.append(
            StatementResult(
                statement=statement["text"],
                pairs=pairs,
                mean_before=round(float(row["mean_before"]), 2) if shown else None,
                mean_after=round(float(row["mean_after"]), 2) if shown else None,
                cohort=cohort_name,
            )
        )
    return results


@dataclass
class CohortSurveyResults:
    before: SurveyAttachment | None
    after: SurveyAttachment | None  # the later survey compared: after the course, or 6 months
    statements: list[StatementResult]
    comments_before: list[str] | None  # None: too few to show
    comments_after: list[str] | None
    later_kind: str = Kind.AFTER
    other_later: SurveyAttachment | None = None  # the other later survey, to link to

    @property
    def any_shown(self) -> bool:
        return any(result.shown for result in self.statements)


def survey_comments(attachment: SurveyAttachment | None) -> list[str] | None:
    """The answers to the open question, alphabetically; None below MIN_PAIRS of them."""
    if attachment is None:
        return None
    comments = list(
        SurveyResponse.objects.filter(attachment=attachment)
        .exclude(free_text="")
        .order_by("free_text")
        .values_list("free_text", flat=True)
    )
    return comments if len(comments) >= MIN_PAIRS else None


LATER_KINDS = (Kind.AFTER, Kind.SIX_MONTHS)


def cohort_survey_results(cohort, later_kind=Kind.AFTER) -> CohortSurveyResults:
    """Before against after (or six months later) for one cohort, per statement as it was
    asked in the later survey."""
    attachments = {a.kind: a for a in SurveyAttachment.objects.filter(cohort=cohort)}
    before, after = attachments.get(Kind.BEFORE), attachments.get(later_kind)
    statements = []
    if before and after:
        means = _paired_means(later_kind, response__attachment=after)
        statements = _results(after.statements_asked, cohort.pk, means)
    (other_kind,) = (kind for kind in LATER_KINDS if kind != later_kind)
    return CohortSurveyResults(
        before=before,
        after=after,
        statements=statements,
        comments_before=survey_comments(before),
        comments_after=survey_comments(after),
        later_kind=later_kind,
        other_later=attachments.get(other_kind),
    )


def survey_results_across_cohorts(survey: Survey) -> list[StatementResult]:
    """The same per statement for every cohort whose after survey was this survey, in one
    query for all of them."""
    afters = list(
        SurveyAttachment.objects.filter(survey=survey, kind=Kind.AFTER)
        .select_related("cohort")
        .order_by("cohort__starts_on", "cohort__pk")
    )
    means = _paired_means(response__attachment__survey=survey)
    results = []
    for after in afters:
        results += _results(after.statements_asked, after.cohort_id, means, after.cohort.name)
    return results


def cohorts_with_survey_results():
    """Cohorts that have both a before and an after survey, newest first."""
    return (
        Cohort.objects.filter(survey_attachments__kind=Kind.BEFORE)
        .filter(survey_attachments__kind=Kind.AFTER)
        .distinct()
        .order_by("-starts_on", "-pk")
    )


def surveys_used_after() -> list[Survey]:
    """Surveys some cohort used as its after survey (those with results across cohorts)."""
    return list(Survey.objects.filter(attachments__kind=Kind.AFTER).distinct().order_by("title"))
