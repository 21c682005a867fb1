from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from courses.academy_start import AcademyStartRefused, academy_start

REQUIRED = [
    ("name", "Academy name (e.g. Citizens Police Academy)"),
    ("department", "Police department, in full"),
    ("coordinator_email", "First coordinator's email"),
    ("contact_email", "Contact email residents write to"),
]


class Command(BaseCommand):
    help = (
        "Start a real academy on an empty database: site, landing page, curriculum, Academy "
        "settings, staff roles and the first coordinator (who gets a link to set a password)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", help="The academy's name, as residents read it.")
        parser.add_argument("--department", help="The police department that runs it.")
        parser.add_argument("--coordinator-email", help="The first coordinator's email.")
        parser.add_argument("--contact-email", help="Where residents write with questions.")
        parser.add_argument("--site-hostname", default="", help="The site's host name.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="An academy exists: complete it (roles, settings, coordinator); no page is "
            "replaced or deleted.",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Never prompt: fail if a required option is missing.",
        )

    def handle(self, *args, **options):
        missing = [key for key, _ in REQUIRED if not (options.get(key) or "").strip()]
        if missing and not options["interactive"]:
            names = ", ".join("--" + key.replace("_", "-") for key in missing)
            raise CommandError(f"Missing: {names}. Give them, or run without --no-input.")
        for key, prompt in REQUIRED:
            while not (options.get(key) or "").strip():
                options[key] = input(f"{prompt}: ")
        try:
            with transaction.atomic():
                report = academy_start(
                    name=options["name"],
                    department=options["department"],
                    coordinator_email=options["coordinator_email"],
                    contact_email=options["contact_email"],
                    site_hostname=options["site_hostname"],
                    force=options["force"],
                )
                # The enrollment side of the roles (setup_roles also completes these).
                call_command("setup_roles", stdout=self.stdout)
        except AcademyStartRefused as exc:
            raise CommandError(str(exc)) from exc
        if report.created:
            self.stdout.write(f"Created: {', '.join(report.created)}.")
        if report.existing:
            self.stdout.write(f"Already there: {', '.join(report.existing)}.")
        self.stdout.write(
            f"The coordinator {report.coordinator_email} sets a password at this link (it works "
            f"once, for a few days; send it to them privately):\n{report.password_link}\n"
            "Then: sign in at /admin/ and fill in Settings > Academy settings."
        )
