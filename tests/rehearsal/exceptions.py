class StepFailed(Exception):
    """A rehearsal step did not get what production would have given; the message says what."""
