"""The demo academy: landing page, curriculum, modules, pages, classes and the demo accounts.

Dev and test only (settings.DEMO_DATA_ALLOWED): the accounts have published passwords.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from courses import demo_data
from courses.academy import AcademySettings, AcademyWordsTranslation
from courses.models import (
    AcademyHomePage,
    ContentPage,
    CurriculumIndexPage,
    ModuleObjective,
    ModulePage,
)
from courses.roles import roles_ensure
from courses.translations.demo import demo_translations_load
from enrollment import attendance, graduation, schedule
from enrollment import services as enrollment_services
from enrollment.models import Attendance, Cohort, CohortQuestion
from enrollment.outcomes.demo_alumni import demo_alumni_load
from enrollment.outcomes.demo_evaluations import demo_evaluations_load
from enrollment.outcomes.demo_surveys import demo_surveys_load
from enrollment.roles import enrollment_roles_ensure

from .demo_accounts import DEMO_ACCOUNTS, DEMO_LANGUAGE_APPLICATIONS, demo_accounts_ensure
from .languages import urlconf_import_in_site_language

# DEMO_ACCOUNTS is read from here by the tests and the benchmark (its home is demo_accounts).
__all__ = ["DEMO_ACCOUNTS", "DemoRefused", "DemoReport", "demo_academy_load"]


class DemoRefused(Exception):
    """The demo cannot be loaded here; the message says why and what to do."""


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def _stream(items) -> list[dict]:
    """The content file's (type, value) pairs as StreamField's raw JSON."""
    return [{"type": block_type, "value": value} for block_type, value in items]


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _home_page(report: DemoReport) -> AcademyHomePage:
    site = Site.objects.filter(is_default_site=True).first()
    home = AcademyHomePage.objects.first()
    if home is not None:
        report.existing.append(f"landing page “{home.title}”")
    else:
        current = site.root_page.specific if site else None
        if current is not None and type(current) is not Page:
            raise DemoRefused(
                f"The site's home page is already “{current.title}”, "
                "not an academy landing page. The demo will not replace real content; "
                "point the default site at an empty page or use a fresh database."
            )
        root = Page.get_first_root_node()
        data = demo_data.ACADEMY
        home = AcademyHomePage(
            title=data["title"],
            slug="academy",
            intro=data["intro"],
        )
        root.add_child(instance=home)
        _publish(home)
        report.created.append(f"landing page “{home.title}”")
    if site is None:
        site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    if site.root_page_id != home.pk:
        old = site.root_page
        site.root_page = home
        site.site_name = demo_data.ACADEMY["title"]
        site.save()
        # Wagtail's own placeholder "Welcome" page, if still there, only confuses people.
        if type(old.specific) is Page and old.depth == 2 and not old.get_children().exists():
            old.delete()
    return home


def _academy_settings(report: DemoReport) -> None:
    """The demo academy's settings, filled once: a coordinator's later edits are kept."""
    site = Site.objects.get(is_default_site=True)
    academy = AcademySettings.for_site(site)
    if academy.department_name:
        report.existing.append("academy settings")
    else:
        for name, value in demo_data.SETTINGS.items():
            setattr(academy, name, value)
        academy.save()
        report.created.append("academy settings")
    # The same words in Spanish and Vietnamese, each added once (a later edit is kept).
    for language, words in demo_data.SETTINGS_TRANSLATIONS.items():
        _, created = AcademyWordsTranslation.objects.get_or_create(
            settings=academy, language=language, defaults=words
        )
        if created:
            report.created.append(f"academy settings in {language}")


def _curriculum(home: AcademyHomePage, report: DemoReport) -> CurriculumIndexPage:
    curriculum = CurriculumIndexPage.objects.child_of(home).first()
    if curriculum is not None:
        report.existing.append("curriculum")
        return curriculum
    data = demo_data.CURRICULUM
    curriculum = CurriculumIndexPage(
        title=data["title"], slug=data["slug"], intro=data["intro"], show_in_menus=True
    )
    home.add_child(instance=curriculum)
    _publish(curriculum)
    report.created.append("curriculum")
    return curriculum


def _modules(curriculum: CurriculumIndexPage, report: DemoReport) -> None:
    from courses.demo_quizzes import quizzes_add

    existing = {page.slug: page for page in ModulePage.objects.child_of(curriculum)}
    for data in demo_data.MODULES:
        if data["slug"] in existing:
            report.existing.append(f"module {data['number']}")
            continue
        module = ModulePage(
            title=data["title"],
            slug=data["slug"],
            number=data["number"],
            summary=data["summary"],
            duration_minutes=data["duration_minutes"],
            body=_stream(data["body"]),
            sources=_stream(data["sources"]),
        )
        module.objectives = [
            ModuleObjective(text=text, sort_order=i) for i, text in enumerate(data["objectives"])
        ]
        quizzes_add(module, data["quiz"])
        curriculum.add_child(instance=module)
        _publish(module)
        report.created.append(f"module {data['number']}")


def _content_pages(home: AcademyHomePage, report: DemoReport) -> None:
    existing = set(ContentPage.objects.child_of(home).values_list("slug", flat=True))
    for data in demo_data.PAGES:
        if data["slug"] in existing:
            report.existing.append(f"page “{data['title']}”")
            continue
        page = ContentPage(
            title=data["title"],
            slug=data["slug"],
            intro=data["intro"],
            body=_stream(data["body"]),
            show_in_menus=True,
        )
        home.add_child(instance=page)
        _publish(page)
        report.created.append(f"page “{data['title']}”")


CONSENT_TEXT = (
    "Every participant is checked before the first class. I agree that the police department "
    "may run a background check using the details I give here, and that it will use the "
    "result only to decide whether I can take part."
)
# (name, term, weeks from today to the first class, capacity, admission mode, demo applicants)
DEMO_COHORTS = [
    ("Spring evening class", "Spring 2027", 5, 25, Cohort.AdmissionMode.FIRST_COME, 3),
    # After the spring class: a resident can hold a seat in only one class meeting on an evening.
    ("Early summer evening class", "Summer 2027", 13, 4, Cohort.AdmissionMode.REVIEW, 7),
]
# A coordinator's own questions on the reviewed class: (label, kind, choices, required).
DEMO_QUESTIONS = {
    "Early summer evening class": [
        ("How did you hear about the academy?", CohortQuestion.Kind.CHOICE,
         "A friend or family member\nA flyer or poster\nThe city's website\nSomewhere else", True),
        ("Would you like to hear about volunteering after you graduate?",
         CohortQuestion.Kind.YES_NO, "", False),
    ],
}  # fmt: skip
DEMO_APPLICANTS = [
    ("Alex", "Rivera"), ("Bea", "Nguyen"), ("Chris", "Okafor"), ("Dana", "Kowalski"),
    ("Eli", "Haddad"), ("Fay", "Lindqvist"), ("Gus", "Moreau"),
]  # fmt: skip


def _demo_applicant(index: int):
    first, last = DEMO_APPLICANTS[index % len(DEMO_APPLICANTS)]
    email = f"{first.lower()}.{last.lower()}@example.org"
    user, _ = get_user_model().objects.get_or_create(
        username=email, defaults={"email": email, "first_name": first, "last_name": last}
    )
    if user.has_usable_password():
        user.set_unusable_password()  # demo applicants never sign in
        user.save(update_fields=["password"])
    return user


def _demo_answers(i: int) -> dict:
    return {
        "date_of_birth": datetime.date(1970 + 3 * i, 1 + i, 10),
        "address": f"{100 + i} Demo Street, Demo City",
        "phone": f"816-555-01{10 + i}",
        "residency_basis": "lives",
        "emergency_contact_name": "A. Neighbour",
        "emergency_contact_phone": "816-555-0177",
        "accessibility_needs": "",
        "motivation": "I would like to understand how officers are trained.",
    }


def _demo_question_answers(questions: list[CohortQuestion], i: int) -> dict[int, str]:
    """Demo applicants answer the class's own questions: the i-th choice, yes or no in turn."""
    answers = {}
    for question in questions:
        if question.kind == CohortQuestion.Kind.CHOICE:
            choices = question.choice_list()
            answers[question.pk] = choices[i % len(choices)]
        elif question.kind == CohortQuestion.Kind.YES_NO:
            answers[question.pk] = "yes" if i % 2 == 0 else "no"
    return answers


def end_of_local_day(day: datetime.date) -> datetime.datetime:
    """Application windows close at a time people expect (11:59 PM local), not at the minute
    the demo happened to be loaded."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))


def _weekly_sessions(cohort: Cohort) -> None:
    """Eight Wednesday evenings, 6 to 9 pm, one module each."""
    first = timezone.make_aware(datetime.datetime.combine(cohort.starts_on, datetime.time(18, 0)))
    schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=first, duration_minutes=180, count=8
    )


def _past_cohort(curriculum: CurriculumIndexPage, report: DemoReport) -> None:
    """A finished class, so graduation and certificates can be tried: the demo resident
    graduated; one classmate missed too many evenings; the others wait for confirmation."""
    name = "Autumn evening class"
    if Cohort.objects.filter(name=name).exists():
        report.existing.append(f"cohort “{name}”")
        return
    User = get_user_model()
    coordinator = User.objects.get(username="coordinator@example.org")
    resident = User.objects.get(username="resident@example.org")
    today = timezone.localdate()
    starts = today - datetime.timedelta(weeks=10)
    starts += datetime.timedelta(days=(2 - starts.weekday()) % 7)
    opened = timezone.now() - datetime.timedelta(weeks=16)
    cohort = Cohort.objects.create(
        curriculum=curriculum,
        name=name,
        term="Autumn 2026",
        starts_on=starts,
        ends_on=starts + datetime.timedelta(weeks=7),
        place_name="Example Training Center, Room 2",
        place_address="100 Example Avenue\nDemo City",
        capacity=20,
        applications_open_at=opened,
        applications_close_at=end_of_local_day(
            timezone.localdate(opened) + datetime.timedelta(weeks=4)
        ),
        consent_text=CONSENT_TEXT,
        status=Cohort.Status.OPEN,  # open while the demo applicants apply, then completed
    )
    _weekly_sessions(cohort)
    people = [resident] + [_demo_applicant(i) for i in range(7)]
    applications = [
        enrollment_services.application_submit(
            cohort_id=cohort.pk,
            resident=person,
            answers=_demo_answers(i),
            consent_given=True,
            now=opened + datetime.timedelta(days=1, minutes=i),
        )
        for i, person in enumerate(people)
    ]
    for session_index, session in enumerate(cohort.sessions.order_by("starts_at")):
        for person_index, application in enumerate(applications):
            missed = person_index == 1 and session_index in (2, 5)
            attendance.attendance_record(
                session_id=session.pk,
                application_id=application.pk,
                status=Attendance.Status.ABSENT if missed else Attendance.Status.PRESENT,
                actor=coordinator,
            )
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.COMPLETED)
    graduation.graduates_confirm(
        cohort_id=cohort.pk, application_ids=[applications[0].pk], actor=coordinator
    )
    report.created.append(f"cohort “{name}”")


def _cohorts(curriculum: CurriculumIndexPage, report: DemoReport) -> None:
    """Two classes to try the journeys on: one open to all comers, one full with a waitlist."""
    coordinator = get_user_model().objects.get(username="coordinator@example.org")
    today = timezone.localdate()
    now = timezone.now()
    for name, term, weeks, capacity, mode, applicants in DEMO_COHORTS:
        if Cohort.objects.filter(name=name).exists():
            report.existing.append(f"cohort “{name}”")
            continue
        starts = today + datetime.timedelta(weeks=weeks)
        # Wednesdays, like many real academies; eight weekly sessions.
        starts += datetime.timedelta(days=(2 - starts.weekday()) % 7)
        cohort = Cohort.objects.create(
            curriculum=curriculum,
            name=name,
            term=term,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(weeks=7),
            place_name="Example Training Center, Room 2",
            place_address="100 Example Avenue\nDemo City",
            place_accessibility="Step-free entrance at the north door; free parking; "
            "hearing loop in the classroom.",
            capacity=capacity,
            applications_open_at=now - datetime.timedelta(days=2),
            applications_close_at=end_of_local_day(today + datetime.timedelta(weeks=weeks - 1)),
            admission_mode=mode,
            consent_text=CONSENT_TEXT,
            status=Cohort.Status.OPEN,
        )
        _weekly_sessions(cohort)
        questions = [
            CohortQuestion.objects.create(
                cohort=cohort, sort_order=order, label=label, kind=kind, choices=choices,
                required=required,
            )
            for order, (label, kind, choices, required) in enumerate(DEMO_QUESTIONS.get(name, []))
        ]  # fmt: skip
        for i in range(applicants):
            application = enrollment_services.application_submit(
                cohort_id=cohort.pk,
                resident=_demo_applicant(i),
                answers=_demo_answers(i),
                consent_given=True,
                question_answers=_demo_question_answers(questions, i),
            )
            if mode == Cohort.AdmissionMode.REVIEW and i < capacity + 1:
                enrollment_services.application_accept(
                    application_id=application.pk, actor=coordinator
                )
        report.created.append(f"cohort “{name}”")


def _language_residents_applications(report: DemoReport) -> None:
    """The demo residents who read another language each hold a seat in an open class."""
    User = get_user_model()
    for email, cohort_name in DEMO_LANGUAGE_APPLICATIONS.items():
        resident = User.objects.get(username=email)
        if resident.applications.exists():
            report.existing.append(f"application of {email}")
            continue
        enrollment_services.application_submit(
            cohort_id=Cohort.objects.get(name=cohort_name).pk,
            resident=resident,
            answers=_demo_answers(len(DEMO_APPLICANTS)),
            consent_given=True,
        )
        report.created.append(f"application of {email}")


def demo_academy_load() -> DemoReport:
    """Build whatever part of the demo academy is missing, all or nothing, never twice."""
    if not settings.DEMO_DATA_ALLOWED:
        raise DemoRefused(
            "Demo content and accounts are refused under these settings: their passwords are "
            "public. Use the dev settings (make run) for a demo."
        )
    report = DemoReport()
    urlconf_import_in_site_language()  # before the Spanish and Vietnamese copies are made
    with transaction.atomic():
        home = _home_page(report)
        _academy_settings(report)
        curriculum = _curriculum(home, report)
        _modules(curriculum, report)
        _content_pages(home, report)
        demo_translations_load(report)  # Spanish and Vietnamese (courses/demo/translations/)
        roles_ensure(curricula=[curriculum])
        demo_accounts_ensure(report)
        enrollment_roles_ensure()
        _cohorts(curriculum, report)
        _past_cohort(curriculum, report)
        demo_alumni_load(report)  # alumni events and hours (enrollment/outcomes/demo_alumni.py)
        demo_evaluations_load(report)
        _language_residents_applications(report)
        demo_surveys_load(report)
    return report
