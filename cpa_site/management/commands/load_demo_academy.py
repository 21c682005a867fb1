from django.core.management.base import BaseCommand, CommandError

from cpa_site.demo import DemoRefused, demo_academy_load


class Command(BaseCommand):
    help = "Load the demo academy (pages, modules, one account per role). Safe to re-run."

    def handle(self, *args, **options):
        try:
            report = demo_academy_load()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        if report.created:
            self.stdout.write(f"Created: {', '.join(report.created)}.")
        if report.existing and not report.created:
            self.stdout.write("The demo academy was already loaded; nothing to add.")
        self.stdout.write("Demo accounts (for local use only):")
        for role, email, password in report.accounts:
            self.stdout.write(f"  {role:<12} {email:<26} password: {password}")
