"""Graduates, alumni events and the hours goal for the alumni tests."""

import datetime
import itertools

from django.utils import timezone

from courses.academy import AcademySettings
from enrollment import services
from enrollment.models import AlumniEvent, Certificate
from tests.support.factories import (
    AcademySettingsFactory,
    CohortFactory,
    UserFactory,
    application_answers,
)

_codes = itertools.count(1)


def seat(cohort, resident=None):
    return services.application_submit(
        cohort_id=cohort.pk,
        resident=resident or UserFactory(),
        answers=application_answers(),
        consent_given=True,
    )


def graduate(cohort=None, resident=None, **user_fields):
    """A resident with a seat and a valid certificate (as graduates_confirm leaves them)."""
    resident = resident or UserFactory(**user_fields)
    application = seat(cohort or CohortFactory(), resident)
    Certificate.objects.create(application=application, code=f"ALUMNI{next(_codes):04d}")
    return application.resident


def alumni_event(places=2, days=10, **fields):
    starts = timezone.now() + datetime.timedelta(days=days)
    return AlumniEvent.objects.create(
        title=fields.pop("title", "Open day helpers"),
        description="Greet visitors at the station's open day.",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        place="Central Station",
        capacity=places,
        waiver_text="I volunteer at my own risk.",
        **fields,
    )


def hours_goal(goal):
    """The default site's yearly volunteer hours goal (None: no goal)."""
    AcademySettingsFactory()
    AcademySettings.objects.update(volunteer_hours_goal=goal)
