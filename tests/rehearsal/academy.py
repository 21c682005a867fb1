"""The rehearsal's starting content, as a coordinator would set it up in the admin: a landing
page, a curriculum and one cohort open for applications with a weekly session.

    python -m tests.rehearsal.academy   (with the production settings in the environment)

Prints one JSON line: {"cohort_id": ..., "cohort_name": ...}.
"""

import datetime
import json

COHORT_NAME = "Rehearsal evening class"


def academy_create() -> dict:
    """A fresh database's site gets an academy landing page and one open first-come cohort."""
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page, Site

    from courses.models import AcademyHomePage, CurriculumIndexPage
    from enrollment.models import ClassSession, Cohort

    with transaction.atomic():
        root = Page.get_first_root_node()
        home = AcademyHomePage(title="Citizens Police Academy", slug="academy")
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.get(is_default_site=True)
        site.root_page = home
        site.save()
        curriculum = CurriculumIndexPage(title="Curriculum", slug="curriculum", show_in_menus=True)
        home.add_child(instance=curriculum)
        curriculum.save_revision().publish()

        now, today = timezone.now(), timezone.localdate()
        starts = today + datetime.timedelta(weeks=4)
        cohort = Cohort.objects.create(
            curriculum=curriculum,
            name=COHORT_NAME,
            term="Rehearsal",
            starts_on=starts,
            ends_on=starts + datetime.timedelta(weeks=7),
            place_name="Regional Police Academy, classroom B",
            place_address="100 Academy Way\nKansas City, MO",
            capacity=20,
            applications_open_at=now - datetime.timedelta(days=1),
            applications_close_at=now + datetime.timedelta(weeks=3),
            admission_mode=Cohort.AdmissionMode.FIRST_COME,
            consent_text="I agree to a background check before the first class.",
            status=Cohort.Status.OPEN,
        )
        first = timezone.make_aware(datetime.datetime.combine(starts, datetime.time(18, 30)))
        ClassSession.objects.create(
            cohort=cohort, starts_at=first, ends_at=first + datetime.timedelta(hours=3)
        )
    return {"cohort_id": cohort.pk, "cohort_name": cohort.name}


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(academy_create()))
