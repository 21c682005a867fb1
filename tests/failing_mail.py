"""Email backends that fail the way mail servers do, for delivery tests."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class TemporarilyDownBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("connection dropped")


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")})
