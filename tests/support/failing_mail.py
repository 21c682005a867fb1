"""Email backends that fail the way mail servers do, for delivery tests."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class TemporarilyDownBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("connection dropped")


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")})


class FlakyForOneBackend(BaseEmailBackend):
    """Keeps messages like the test outbox, remembering which backend instance (which
    connection) sent each; the server is temporarily down for flaky@example.org only."""

    sent: list = []  # (connection id, recipient), reset by each test

    def send_messages(self, email_messages):
        for message in email_messages:
            if "flaky@example.org" in message.to:
                raise smtplib.SMTPServerDisconnected("connection dropped")
            FlakyForOneBackend.sent.append((id(self), message.to[0]))
        return len(email_messages)
