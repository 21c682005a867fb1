"""Background-check consent as versions: the wording an applicant saw is the wording recorded.

A coordinator edits the consent on the cohort like any other text; the next time someone applies
(or the cohort is saved) the edited text becomes a new version, numbered in order. Callers hold
the cohort's lock, so two applicants never number a version twice.
"""

import hashlib

from .models import Cohort, ConsentText


def consent_digest(text: str) -> str:
    """A short fingerprint of a consent wording: the application form carries the one it showed,
    so an edit made while a resident was filling it in is noticed."""
    return hashlib.sha256(text.strip().encode()).hexdigest()[:16]


def consent_latest(cohort: Cohort) -> ConsentText | None:
    """The newest version recorded, read without the lock (consent_current checks it)."""
    return ConsentText.objects.filter(cohort=cohort).order_by("-version").first()


def consent_current(cohort: Cohort, *, latest: ConsentText | None = None) -> ConsentText:
    """The version of the cohort's consent as it reads now, made when the text has changed.
    Call with the cohort locked (seats.cohort_lock). `latest`, read before the lock, saves the
    look-up when its words are still the locked cohort's: the resident agreed to those words."""
    if latest is None or latest.text.strip() != cohort.consent_text.strip():
        latest = consent_latest(cohort)
    if latest is not None and latest.text.strip() == cohort.consent_text.strip():
        return latest
    return ConsentText.objects.create(
        cohort=cohort, version=(latest.version + 1) if latest else 1, text=cohort.consent_text
    )
