"""An email backend for worker tests: writes files like Django's, then stops dead before the
message numbered CPA_TEST_STALL_AFTER + 1 and says so in the file CPA_TEST_STALL_MARKER, so a
test can kill the worker in the middle of a batch at a moment it knows."""

import os
import threading
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend

_sent = 0
_lock = threading.Lock()


class StallingFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        global _sent
        with _lock:
            stall = _sent >= int(os.environ["CPA_TEST_STALL_AFTER"])
            _sent += 0 if stall else len(email_messages)
        if stall:
            Path(os.environ["CPA_TEST_STALL_MARKER"]).write_text(str(os.getpid()))
            threading.Event().wait(300)  # until the test kills the worker
        return super().send_messages(email_messages)
