"""An email backend for worker tests: writes files like Django's, a little slowly, so a test
can kill a worker in the middle of a batch."""

import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(0.05)
        return super().send_messages(email_messages)
