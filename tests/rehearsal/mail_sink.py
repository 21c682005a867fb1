"""An SMTP server in the rehearsal's own process (aiosmtpd), standing in for compose's Mailpit."""

import email
import email.policy
import threading
import time
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from .exceptions import StepFailed


class MailSink:
    """Keeps every message it is handed; `wait_for` blocks until one matches."""

    def __init__(self, *, host: str, port: int):
        self.messages: list[EmailMessage] = []
        self._arrived = threading.Condition()
        self.controller = Controller(self, hostname=host, port=port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 OK"

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def matching(self, *, to: str, subject: str) -> list[EmailMessage]:
        with self._arrived:
            return [m for m in self.messages if to in str(m["To"]) and subject in str(m["Subject"])]

    def wait_for(self, *, to: str, subject: str, timeout: float) -> EmailMessage:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                if found := self.matching(to=to, subject=subject):
                    return found[0]
                left = deadline - time.monotonic()
                if left <= 0:
                    arrived = [f"{m['To']}: {m['Subject']}" for m in self.messages] or ["none"]
                    raise StepFailed(
                        f"no email to {to} with {subject!r} in the subject within {timeout:.0f} s; "
                        f"arrived: {'; '.join(arrived)}"
                    )
                self._arrived.wait(min(left, 0.5))


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""
