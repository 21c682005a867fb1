"""A real academy's first run: its site, landing page, curriculum, Academy settings, staff roles
and first coordinator; no demo people, classes or modules."""

from dataclasses import dataclass, field

from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from .academy import AcademySettings
from .models import AcademyHomePage, CurriculumIndexPage
from .roles import COORDINATORS, roles_ensure


class AcademyStartRefused(Exception):
    """The academy cannot be started here; the message says why and what to do."""


@dataclass
class AcademyStartReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    coordinator_email: str = ""
    password_link: str = ""


def _checked_email(value: str, label: str) -> str:
    value = (value or "").strip()
    try:
        validate_email(value)
    except ValidationError as exc:
        raise AcademyStartRefused(
            _("%(label)s “%(value)s” is not an email address.") % {"label": label, "value": value}
        ) from exc
    return value


def _home_page(*, name: str, hostname: str, force: bool, report: AcademyStartReport):
    home = AcademyHomePage.objects.first()
    if home is not None and not force:
        raise AcademyStartRefused(
            _(
                "An academy already exists here (landing page “%(title)s”). Nothing was "
                "changed. Run again with --force to complete it (roles, settings, coordinator) "
                "without replacing any page."
            )
            % {"title": home.title}
        )
    site = Site.objects.filter(is_default_site=True).first()
    if home is None:
        current = site.root_page.specific if site else None
        if current is not None and type(current) is not Page:
            raise AcademyStartRefused(
                _(
                    "The site's home page is already “%(title)s”, not an academy landing "
                    "page. Nothing was changed; use an empty database."
                )
                % {"title": current.title}
            )
        home = AcademyHomePage(title=name, slug=slugify(name)[:50] or "academy")
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
        report.created.append(f"landing page “{home.title}”")
    else:
        report.existing.append(f"landing page “{home.title}”")
    if site is None:
        site = Site(is_default_site=True, port=80)
    old_root = site.root_page if site.pk else None
    site.root_page = home
    site.site_name = name
    if hostname:
        site.hostname = hostname
    elif not site.hostname:
        site.hostname = "localhost"
    site.save()
    # Wagtail's own "Welcome" placeholder, once replaced, only confuses editors.
    if (
        old_root is not None
        and old_root.pk != home.pk
        and type(old_root.specific) is Page
        and old_root.depth == 2
        and not old_root.get_children().exists()
    ):
        old_root.delete()
    return site, home


def _curriculum(home: AcademyHomePage, report: AcademyStartReport) -> CurriculumIndexPage:
    curriculum = CurriculumIndexPage.objects.child_of(home).first()
    if curriculum is not None:
        report.existing.append("curriculum")
        return curriculum
    curriculum = CurriculumIndexPage(title="Curriculum", slug="curriculum", show_in_menus=True)
    home.add_child(instance=curriculum)
    curriculum.save_revision().publish()
    report.created.append("curriculum")
    return curriculum


def _coordinator(email: str, report: AcademyStartReport) -> None:
    """The first coordinator: no password (none travels on a command line), a link to set one."""
    User = get_user_model()
    user = User.objects.filter(username__iexact=email).first()
    if user is None:
        user = User(username=email, email=email)
        user.set_unusable_password()
        user.save()
        report.created.append(f"coordinator account {email}")
    else:
        report.existing.append(f"account {email}")
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(Group.objects.get(name=COORDINATORS))
    token = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": token},
    )
    report.coordinator_email = user.email
    report.password_link = f"{settings.SITE_BASE_URL}{path}"


@transaction.atomic
def academy_start(
    *,
    name: str,
    department: str,
    coordinator_email: str,
    contact_email: str,
    site_hostname: str = "",
    force: bool = False,
) -> AcademyStartReport:
    """Create the academy's site and pages, settings, roles and first coordinator, all or
    nothing. Refuses when an academy exists, unless `force`: then it only completes what is
    missing and updates the settings given, never replacing or deleting a page of the academy."""
    name, department = (name or "").strip(), (department or "").strip()
    if not name or not department:
        raise AcademyStartRefused(_("The academy name and the department name are both needed."))
    coordinator_email = _checked_email(coordinator_email, _("The coordinator's email"))
    contact_email = _checked_email(contact_email, _("The contact email"))
    report = AcademyStartReport()
    site, home = _home_page(name=name, hostname=site_hostname, force=force, report=report)
    curriculum = _curriculum(home, report)
    academy = AcademySettings.for_site(site)
    academy.name, academy.department_name, academy.contact_email = name, department, contact_email
    academy.save()
    report.created.append("academy settings")
    roles_ensure(curricula=[curriculum])
    _coordinator(coordinator_email, report)
    return report
