"""The producer side of the fan-out benchmark, run in a process of its own so that its
settings (BENCH_BROKER_URL) point at the same broker as the worker. Prints one JSON line."""

import json
import time

import django

django.setup()

from tests.bench import bench_notifications as fanout  # noqa: E402


def main() -> None:
    from enrollment.emails.reminders import class_reminders_queue_due
    from enrollment.models import Notification

    baseline = fanout.baseline()
    owed = fanout.residents_with_a_class_tomorrow()
    started = time.monotonic()
    queued = class_reminders_queue_due()
    done = Notification.objects.filter(kind="class_reminder_24h").exclude(
        status__in=[Notification.Status.PENDING, Notification.Status.SENDING]
    )
    while time.monotonic() < started + fanout.TIMEOUT:
        if done.count() >= queued:
            break
        time.sleep(0.1)
    elapsed = time.monotonic() - started
    print(json.dumps({"baseline": baseline, "queued": queued, "elapsed": elapsed,
                      "owed": sorted(owed)}))  # fmt: skip


if __name__ == "__main__":
    main()
