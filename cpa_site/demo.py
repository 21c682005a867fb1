"""The demo academy: landing page, curriculum, modules, pages and one account per role.

Dev and test only (settings.DEMO_DATA_ALLOWED): the accounts have published passwords.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Page, Site

from courses import demo_content
from courses.models import (
    AcademyHomePage,
    ContentPage,
    CurriculumIndexPage,
    ModuleObjective,
    ModulePage,
)
from courses.roles import COORDINATORS, INSTRUCTORS, roles_ensure

DEMO_ACCOUNTS = [
    # (email, first name, last name, group, password); the email is also the username.
    ("resident@example.org", "Rosa", "Resident", None, "resident-demo-2026"),
    ("instructor@example.org", "Ian", "Instructor", INSTRUCTORS, "instructor-demo-2026"),
    ("coordinator@example.org", "Cora", "Coordinator", COORDINATORS, "coordinator-demo-2026"),
]


ROLE_LABELS = {None: "Resident", INSTRUCTORS: "Instructor", COORDINATORS: "Coordinator"}


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
        data = demo_content.ACADEMY
        home = AcademyHomePage(
            title=data["title"],
            slug="academy",
            intro=data["intro"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
        )
        root.add_child(instance=home)
        _publish(home)
        report.created.append(f"landing page “{home.title}”")
    if site is None:
        site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    if site.root_page_id != home.pk:
        old = site.root_page
        site.root_page = home
        site.site_name = demo_content.ACADEMY["title"]
        site.save()
        # Wagtail's own placeholder "Welcome" page, if still there, only confuses people.
        if type(old.specific) is Page and old.depth == 2 and not old.get_children().exists():
            old.delete()
    return home


def _curriculum(home: AcademyHomePage, report: DemoReport) -> CurriculumIndexPage:
    curriculum = CurriculumIndexPage.objects.child_of(home).first()
    if curriculum is not None:
        report.existing.append("curriculum")
        return curriculum
    data = demo_content.CURRICULUM
    curriculum = CurriculumIndexPage(
        title=data["title"], slug=data["slug"], intro=data["intro"], show_in_menus=True
    )
    home.add_child(instance=curriculum)
    _publish(curriculum)
    report.created.append("curriculum")
    return curriculum


def _modules(curriculum: CurriculumIndexPage, report: DemoReport) -> None:
    existing = {page.slug: page for page in ModulePage.objects.child_of(curriculum)}
    for data in demo_content.MODULES:
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
        )
        module.objectives = [
            ModuleObjective(text=text, sort_order=i) for i, text in enumerate(data["objectives"])
        ]
        curriculum.add_child(instance=module)
        _publish(module)
        report.created.append(f"module {data['number']}")


def _content_pages(home: AcademyHomePage, report: DemoReport) -> None:
    existing = set(ContentPage.objects.child_of(home).values_list("slug", flat=True))
    for data in demo_content.PAGES:
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


def _accounts(report: DemoReport) -> None:
    from allauth.account.models import EmailAddress

    User = get_user_model()
    for email, first, last, group_name, password in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=email, defaults={"email": email, "first_name": first, "last_name": last}
        )
        # Reset each run, so the printed password always works.
        user.set_password(password)
        user.email = email
        user.save()
        # Signing in by email needs a confirmed address.
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        (report.created if created else report.existing).append(f"account {email}")
        report.accounts.append((ROLE_LABELS[group_name], email, password))


def demo_academy_load() -> DemoReport:
    """Build whatever part of the demo academy is missing, all or nothing, never twice."""
    if not settings.DEMO_DATA_ALLOWED:
        raise DemoRefused(
            "Demo content and accounts are refused under these settings: their passwords are "
            "public. Use the dev settings (make run) for a demo."
        )
    report = DemoReport()
    with transaction.atomic():
        home = _home_page(report)
        curriculum = _curriculum(home, report)
        _modules(curriculum, report)
        _content_pages(home, report)
        roles_ensure(curricula=[curriculum])
        _accounts(report)
    return report
