"""The demo's alumni: two upcoming alumni events and some volunteer hours (approved and
waiting) for the demo graduate (resident@example.org, who graduated from the finished
"Autumn evening class"). Idempotent: each piece is added once, later edits are kept."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from ..models import AlumniEvent
from .alumni import is_alumnus, volunteer_hours_decide, volunteer_hours_log
from .models import VolunteerHours

EVENTS = [
    {
        "title": "Open day helpers",
        "description": "Welcome visitors at the station's open day and show them the way.",
        "days_ahead": 12,
        "hours": 4,
        "place": "Example Training Center, front hall",
        "capacity": 6,
    },
    {
        "title": "Youth safety fair",
        "description": "Help at the bike safety stand with officers from the community unit.",
        "days_ahead": 26,
        "hours": 3,
        "place": "Demo City Park pavilion",
        "capacity": 2,
    },
]
WAIVER = "I volunteer at my own risk and follow the directions of the officers in charge."
HOURS = [  # (days ago, hours, what they did, approved?)
    (40, "3", "Helped set up the community breakfast", True),
    (20, "1.5", "Handed out leaflets at the farmers' market", True),
    (5, "2.25", "Answered questions at the library information table", False),
]


def _at(days_ahead: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def demo_alumni_load(report) -> None:
    """Add the demo's alumni events and the demo graduate's hours, once."""
    for event in EVENTS:
        if AlumniEvent.objects.filter(title=event["title"]).exists():
            report.existing.append(f"alumni event “{event['title']}”")
            continue
        starts = _at(event["days_ahead"], 10)
        AlumniEvent.objects.create(
            title=event["title"],
            description=event["description"],
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=event["hours"]),
            place=event["place"],
            capacity=event["capacity"],
            waiver_text=WAIVER,
        )
        report.created.append(f"alumni event “{event['title']}”")
    User = get_user_model()
    graduate = User.objects.get(username="resident@example.org")
    if not is_alumnus(graduate):
        return
    if VolunteerHours.objects.filter(resident=graduate).exists():
        report.existing.append("volunteer hours of the demo graduate")
        return
    coordinator = User.objects.get(username="coordinator@example.org")
    today = timezone.localdate()
    for days_ago, hours, activity, approve in HOURS:
        # Within this year, so "this year" on the page and the roster shows them.
        day = max(today - datetime.timedelta(days=days_ago), today.replace(month=1, day=1))
        entry = volunteer_hours_log(
            resident=graduate, worked_on=day, hours=Decimal(hours), activity=activity
        )
        if approve:
            volunteer_hours_decide(hours_id=entry.pk, actor=coordinator, approve=True)
    report.created.append("volunteer hours of the demo graduate")
