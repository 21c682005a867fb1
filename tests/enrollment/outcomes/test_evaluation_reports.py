"""Reports → Session evaluations: who sees what, the threshold in the page and in both
exports, and no resident's identity anywhere."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from courses.roles import COORDINATORS, INSTRUCTORS, roles_ensure
from enrollment.outcomes import evaluations
from enrollment.roles import enrollment_roles_ensure
from tests.support.factories import UserFactory

from .evaluation_helpers import held_class, rate

pytestmark = pytest.mark.django_db
MIN = evaluations.MIN_ANSWERS
SHOWN_COMMENT = "Clear about {n} things"
HIDDEN_COMMENT = "Too few to show {n}"


@pytest.fixture
def held():
    """Session 2 answered by MIN residents, session 1 by one fewer (held back)."""
    roles_ensure()
    enrollment_roles_ensure()
    held = held_class(residents=MIN)
    held.instructor.groups.add(*_groups(INSTRUCTORS))
    just_before = held.sessions[1].starts_at - datetime.timedelta(minutes=1)
    rate(held, held.sessions[0], count=MIN - 1, rating=2, comment=HIDDEN_COMMENT, now=just_before)
    rate(held, held.sessions[1], rating=5, comment="=HYPERLINK(1) " + SHOWN_COMMENT)
    return held


def _groups(name):
    from django.contrib.auth.models import Group

    return Group.objects.filter(name=name)


def cohort_url(held, export=""):
    url = reverse("session_evaluations_cohort", args=[held.cohort.pk])
    return url + (f"?export={export}" if export else "")


def readers(held):
    """Everyone who may read the report: a coordinator and the session's instructor."""
    coordinator = UserFactory(groups=[COORDINATORS])
    return {"coordinator": coordinator, "instructor": held.instructor}


def identities(held) -> list[str]:
    names = []
    for application in held.applications:
        names += [application.resident.email, application.resident.get_full_name()]
        names += [f"/applications/{application.pk}/", f"application:{application.pk}"]
    return names


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


@pytest.mark.parametrize("role", ["coordinator", "instructor"])
def test_the_page_shows_comments_and_means_only_from_min_answers(client, held, role):
    client.force_login(readers(held)[role])
    response = client.get(cohort_url(held))
    assert response.status_code == 200
    body = response.content.decode()
    assert SHOWN_COMMENT.format(n=0) in body
    assert "Too few to show" not in body
    assert f"Comments show once {MIN} residents have answered; {MIN - 1} so far." in body
    assert "<svg" in body and 'role="img"' in body
    assert "<td>5.00</td>" in body  # the shown session's mean in the table beside the chart
    assert "<td>2.00</td>" not in body  # the held-back one's is not
    for identity in identities(held):
        assert identity not in body, identity


@pytest.mark.parametrize("role", ["coordinator", "instructor"])
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_exports_keep_the_threshold_escape_formulas_and_name_no_resident(
    client, held, role, export
):
    client.force_login(readers(held)[role])
    response = client.get(cohort_url(held, export))
    assert response.status_code == 200
    rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
    cells = [str(cell) for row in rows for cell in row if cell is not None]
    text = "\n".join(cells)
    assert rows[0][:5] == ["Row", "Date", "Session", "Instructors", "Answers"]
    held_back, shown = rows[1], rows[2]
    assert held_back[4] in (MIN - 1, str(MIN - 1))
    assert held_back[5] in (None, "") and held_back[8] in (None, "")
    assert float(shown[5]) == 5.0
    assert shown[8].startswith("'=HYPERLINK")  # typed by a resident: never run
    assert "Too few to show" not in text
    for identity in identities(held):
        assert identity not in text, identity
    assert any(row[0] == "Instructor" and row[3] == "Ivy Instructor" for row in rows[1:])


def test_an_instructor_sees_only_the_sessions_they_teach(client, held):
    other = UserFactory(groups=[INSTRUCTORS], first_name="Otto", last_name="Other")
    session = held.sessions[1]
    session.instructors.set([other])
    session.save()
    client.force_login(held.instructor)
    body = client.get(cohort_url(held)).content.decode()
    assert SHOWN_COMMENT.format(n=0) not in body
    rows = csv_rows(client.get(cohort_url(held, "csv")))
    assert len([r for r in rows if r[0] == "Session"]) == 2  # sessions 1 and 3, not 2
    client.force_login(other)
    assert SHOWN_COMMENT.format(n=0) in client.get(cohort_url(held)).content.decode()


def test_an_instructor_of_another_cohort_is_refused_this_one(client, held):
    stranger = UserFactory(groups=[INSTRUCTORS])
    held_class(residents=1).sessions[0].instructors.add(stranger)
    client.force_login(stranger)
    for url in (cohort_url(held), cohort_url(held, "csv"), cohort_url(held, "xlsx")):
        response = client.get(url)
        assert response.status_code == 403
        assert "Clear about" not in response.content.decode()


def test_residents_and_signed_out_visitors_reach_no_report(client, held):
    urls = [reverse("session_evaluations"), cohort_url(held), cohort_url(held, "csv")]
    for user in (held.residents[0], None):
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_staff_without_a_role_are_refused_with_a_reason(client, held):
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in (reverse("session_evaluations"), cohort_url(held)):
        response = client.get(url)
        assert response.status_code == 403


def test_the_list_of_cohorts_and_the_menu_item(client, held):
    client.force_login(readers(held)["coordinator"])
    response = client.get(reverse("session_evaluations"))
    assert response.status_code == 200
    body = response.content.decode()
    assert held.cohort.name in body and cohort_url(held) in body
    admin_home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("session_evaluations") in admin_home


def test_the_report_costs_the_same_queries_for_few_sessions_or_many(client, held):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(readers(held)["coordinator"])
    client.get(cohort_url(held))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(cohort_url(held)).status_code == 200
        return len(queries)

    few = count()
    from enrollment.models import ClassSession

    for week in range(4):
        start = held.sessions[0].starts_at - datetime.timedelta(weeks=week + 1)
        session = ClassSession.objects.create(
            cohort=held.cohort, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
        )
        session.instructors.add(held.instructor, UserFactory())
        session.save()
    assert count() == few
