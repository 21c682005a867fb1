"""Tasks that belong to the site as a whole rather than to one app."""

from celery import shared_task


@shared_task(name="cpa_site.ping")
def ping(value: str = "pong") -> str:
    """Answer at once: proves a worker is consuming from the broker (health and tests)."""
    return value
