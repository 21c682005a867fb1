"""The Celery app: configured from Django settings under the CELERY_ namespace."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpa_site.settings.dev")

app = Celery("cpa_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The delivery tasks live beside the outbox that names them (enrollment/emails/tasks.py).
app.autodiscover_tasks(["enrollment.emails"])
