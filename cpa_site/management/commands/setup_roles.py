from django.core.management.base import BaseCommand

from courses.roles import roles_ensure
from enrollment.roles import enrollment_roles_ensure


class Command(BaseCommand):
    help = "Create or complete the Instructors and Coordinators groups and the review workflow."

    def handle(self, *args, **options):
        groups = roles_ensure()
        enrollment_roles_ensure()
        self.stdout.write(f"Roles ready: {', '.join(groups)}; workflow ready.")
