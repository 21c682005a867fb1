"""Before against after: pairs by resident computed without naming anyone, the thresholds in
the pages and the exports, and who may see them."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.roles import COORDINATORS, INSTRUCTORS, roles_ensure
from enrollment.outcomes import survey_results
from enrollment.outcomes.survey_results import MIN_PAIRS, Kind
from enrollment.roles import enrollment_roles_ensure
from tests.support.factories import UserFactory
from tests.support.surveys import answer, attach, finished_cohort

pytestmark = pytest.mark.django_db


def test_pairs_count_only_residents_who_answered_both_surveys():
    cohort, _survey, before, after, applications = finished_cohort(residents=7)
    both, before_only, after_only = applications[:5], applications[5], applications[6]
    for number, application in enumerate(both):
        answer(before, application, [2, 1 + number % 5])
        answer(after, application, [4, 5])
    answer(before, before_only, [1, 1])
    answer(after, after_only, [1, 1])
    results = survey_results.cohort_survey_results(cohort).statements
    assert [result.pairs for result in results] == [5, 5]
    assert results[0].mean_before == 2 and results[0].mean_after == 4
    assert results[0].change == 2
    assert results[1].mean_before == 3 and results[1].mean_after == 5  # (1+2+3+4+5) / 5


def test_means_are_hidden_below_five_pairs():
    cohort, _survey, before, after, applications = finished_cohort(residents=MIN_PAIRS)
    for application in applications[:-1]:
        answer(before, application, 3)
        answer(after, application, 4)
    answer(before, applications[-1], 3)  # the fifth answered only before
    results = survey_results.cohort_survey_results(cohort).statements
    assert all(result.pairs == MIN_PAIRS - 1 for result in results)
    assert all(result.mean_before is None and result.mean_after is None for result in results)
    assert all(result.change is None and not result.shown for result in results)


def test_comments_need_five_and_come_in_alphabetical_order():
    cohort, _survey, before, after, applications = finished_cohort(residents=6)
    words = ["Zebra crossing talk", "Apples", "Middle", "Bravo", "Kilo"]
    for application, text in zip(applications, words, strict=False):
        answer(after, application, 4, free_text=text)
    assert survey_results.cohort_survey_results(cohort).comments_after == sorted(words)
    assert survey_results.cohort_survey_results(cohort).comments_before is None
    answer(before, applications[0], 4, free_text="Only one")
    assert survey_results.cohort_survey_results(cohort).comments_before is None


def test_across_cohorts_gives_each_cohort_that_used_the_survey():
    first, survey, before, after, applications = finished_cohort(residents=5)
    for application in applications:
        answer(before, application, 1)
        answer(after, application, 5)
    second, _other_survey, *_ = finished_cohort(residents=2)  # a different survey
    results = survey_results.survey_results_across_cohorts(survey)
    assert {result.cohort for result in results} == {first.name}
    assert [result.change for result in results] == [4, 4]
    assert second.name not in {result.cohort for result in results}


# The pages and exports


@pytest.fixture
def answered_cohort():
    """Six residents answered both (shown); a seventh only before."""
    cohort, survey, before, after, applications = finished_cohort(residents=7)
    for number, application in enumerate(applications[:6]):
        answer(before, application, 2, free_text=f"Before thought {number}")
        answer(after, application, [4, 5], free_text=f"After thought {number}")
    answer(before, applications[6], 1)
    return cohort, survey, applications


def identities(applications) -> list[str]:
    found = []
    for application in applications:
        resident = application.resident
        found += [resident.email, resident.last_name, f"application:{application.pk}"]
    return found


def pages_and_exports(client, cohort, survey) -> dict[str, str]:
    texts = {}
    for name, args in (
        ("survey_results", []),
        ("survey_results_cohort", [cohort.pk]),
        ("survey_results_survey", [survey.pk]),
    ):
        page = client.get(reverse(name, args=args))
        assert page.status_code == 200, name
        texts[name] = page.content.decode()
        if args:
            csv_response = client.get(reverse(name, args=args), {"export": "csv"})
            texts[f"{name}.csv"] = b"".join(csv_response.streaming_content).decode()
            xlsx = client.get(reverse(name, args=args), {"export": "xlsx"})
            sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
            texts[f"{name}.xlsx"] = "\n".join(
                ",".join("" if c.value is None else str(c.value) for c in row)
                for row in sheet.iter_rows()
            )
    return texts


def test_report_shows_chart_and_table_and_exports_the_same(client, coordinator, answered_cohort):
    cohort, survey, _applications = answered_cohort
    texts = pages_and_exports(client, cohort, survey)
    page = texts["survey_results_cohort"]
    assert '<svg class="chart" role="img"' in page
    assert "<table" in page and "I trust the police department" in page
    assert "After thought 0" in page and "Before thought 5" in page
    rows = list(csv.reader(io.StringIO(texts["survey_results_cohort.csv"])))
    assert rows[0] == ["Statement", "Mean before (1 to 5)", "Mean after (1 to 5)", "Change",
                       "Pairs", "Note"]  # fmt: skip
    assert rows[1][1:5] == ["2.0", "4.0", "2.0", "6"]
    assert rows[2][1:5] == ["2.0", "5.0", "3.0", "6"]
    xlsx_rows = texts["survey_results_cohort.xlsx"].splitlines()
    assert xlsx_rows[1].split(",")[1:5] == ["2", "4", "2", "6"]
    across = list(csv.reader(io.StringIO(texts["survey_results_survey.csv"])))
    assert across[0][0] == "Cohort" and across[1][0] == cohort.name


def test_no_page_or_export_names_a_resident(client, coordinator, answered_cohort):
    cohort, survey, applications = answered_cohort
    for name, text in pages_and_exports(client, cohort, survey).items():
        for identity in identities(applications):
            assert identity not in text, (name, identity)


def test_below_the_threshold_pages_and_exports_hide_the_means(client, coordinator):
    cohort, survey, before, after, applications = finished_cohort(residents=4)
    for application in applications:
        answer(before, application, 1, free_text="Something personal")
        answer(after, application, 5, free_text="Something personal")
    texts = pages_and_exports(client, cohort, survey)
    page = texts["survey_results_cohort"]
    assert 'class="chart"' not in page
    assert "Means are shown only for statements that at least 5 residents answered" in page
    assert "Something personal" not in page
    for name in ("survey_results_cohort.csv", "survey_results_survey.csv"):
        rows = list(csv.reader(io.StringIO(texts[name])))
        means = rows[0].index("Mean before (1 to 5)")
        assert all(row[means] == "" and row[means + 1] == "" for row in rows[1:]), name
        assert all(row[-1].startswith("Hidden") for row in rows[1:])
    assert "Something personal" not in "".join(texts.values())


def test_exports_escape_statements_that_look_like_formulas(client, coordinator):
    from enrollment.outcomes.models.surveys import SurveyAttachment

    cohort, survey, before, after, applications = finished_cohort(residents=5)
    asked = after.statements_asked
    asked[0]["text"] = "=HYPERLINK(1)"
    SurveyAttachment.objects.filter(pk=after.pk).update(statements_asked=asked)
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    client.get(
                        reverse("survey_results_cohort", args=[cohort.pk]), {"export": "csv"}
                    ).streaming_content
                ).decode()
            )
        )
    )
    assert rows[1][0] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("role", [None, INSTRUCTORS])
def test_only_coordinators_see_the_reports(client, role, answered_cohort):
    roles_ensure()
    enrollment_roles_ensure()
    cohort, survey, _applications = answered_cohort
    staff = UserFactory(groups=[role] if role else [], is_staff=bool(role))
    client.force_login(staff)
    for name, args in (
        ("survey_results", []),
        ("survey_results_cohort", [cohort.pk]),
        ("survey_results_cohort_six_months", [cohort.pk]),
        ("survey_results_survey", [survey.pk]),
    ):
        for query in ({}, {"export": "csv"}):
            response = client.get(reverse(name, args=args), query)
            assert response.status_code in (302, 403), (name, query)


def test_coordinators_have_the_report_in_the_reports_menu(client, coordinator):
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("survey_results") in page
    assert COORDINATORS


# Six months later


@pytest.fixture
def alumni_cohort():
    """A course that ended seven months ago: five answered before and six months later, a
    sixth only six months later; nobody answered right after the course."""
    ended_around = timezone.now() - datetime.timedelta(days=213)
    cohort, survey, before, _after, applications = finished_cohort(residents=6, now=ended_around)
    later = attach(survey, cohort, "six_months", at=ended_around)
    for number, application in enumerate(applications[:5]):
        answer(before, application, 2, free_text=f"Before thought {number}")
        answer(later, application, [3, 4 + number % 2], free_text=f"Months on {number}")
    answer(later, applications[5], 1)
    return cohort, survey, applications


def test_six_months_later_pairs_with_before_not_with_after(alumni_cohort):
    cohort, _survey, _applications = alumni_cohort
    later = survey_results.cohort_survey_results(cohort, Kind.SIX_MONTHS)
    assert [result.pairs for result in later.statements] == [5, 5]
    assert [result.mean_before for result in later.statements] == [2, 2]
    assert [result.mean_after for result in later.statements] == [3, 4.4]  # 4, 5, 4, 5, 4
    assert later.comments_after == [f"Months on {n}" for n in range(5)]  # the sixth wrote none
    after = survey_results.cohort_survey_results(cohort)
    assert [result.pairs for result in after.statements] == [0, 0]


def test_six_months_report_has_its_chart_table_exports_and_names_nobody(
    client, coordinator, alumni_cohort
):
    cohort, _survey, applications = alumni_cohort
    url = reverse("survey_results_cohort_six_months", args=[cohort.pk])
    page = client.get(url).content.decode()
    assert f"Before and six months later: {cohort.name}" in page
    assert "Mean six months later" in page and "Months on 4" in page
    after_page = client.get(reverse("survey_results_cohort", args=[cohort.pk])).content.decode()
    assert url in after_page  # the report after the course links to six months later
    assert reverse("survey_results_cohort", args=[cohort.pk]) in page  # and back
    text = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Statement", "Mean before (1 to 5)", "Mean six months later (1 to 5)"]
    assert rows[2][1:5] == ["2.0", "4.4", "2.4", "5"]
    xlsx = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert [c.value for c in next(sheet.iter_rows(min_row=3, max_row=3))][1:5] == [2, 4.4, 2.4, 5]
    for identity in identities(applications):
        assert identity not in page and identity not in text, identity


def test_six_months_below_five_pairs_hides_means_and_comments(client, coordinator):
    ended_around = timezone.now() - datetime.timedelta(days=213)
    cohort, survey, before, _after, applications = finished_cohort(residents=4, now=ended_around)
    later = attach(survey, cohort, "six_months", at=ended_around)
    for application in applications:
        answer(before, application, 1)
        answer(later, application, 5, free_text="Something personal")
    url = reverse("survey_results_cohort_six_months", args=[cohort.pk])
    page = client.get(url).content.decode()
    assert 'class="chart"' not in page and "Something personal" not in page
    assert "answered both before the course and six months later" in page
    rows = list(
        csv.reader(
            io.StringIO(b"".join(client.get(url, {"export": "csv"}).streaming_content).decode())
        )
    )
    assert all(row[1] == "" and row[2] == "" for row in rows[1:])


def test_without_a_six_month_survey_its_report_says_so_and_names_no_survey(
    client, coordinator, answered_cohort
):
    cohort, _survey, _applications = answered_cohort
    page = client.get(reverse("survey_results_cohort_six_months", args=[cohort.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "does not have both a survey before the course and one six months later" in text
    assert "Six months later: “" not in text
    after = client.get(reverse("survey_results_cohort", args=[cohort.pk])).content.decode()
    assert reverse("survey_results_cohort_six_months", args=[cohort.pk]) not in after
