"""A real SMTP server for the suite: aiosmtpd on a free loopback port, the app's MAIL_SERVER pointed at it."""

import asyncio
import email
import email.policy
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Collect:
    def __init__(self, server):
        self.server = server

    async def handle_DATA(self, smtp_server, session, envelope):
        parsed = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self.server.lock:
            self.server.messages.append(parsed)
            self.server.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            count = len(self.server.messages)
        if self.server.hold_at is not None and count >= self.server.hold_at:
            # Keep the client waiting for the 250 (a worker killed now cannot know the message was accepted).
            while not self.server.released.is_set():
                await asyncio.sleep(0.01)
        return "250 Message accepted for delivery"


class SMTPServer:
    """`.messages`: every message received (email.message.EmailMessage); `.stop()` / `.start()` on the same port;
    `.hold_at = n`: the n-th message is taken in, then the answer waits until `.released.set()`."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.lock = threading.Lock()
        self.hold_at: int | None = None
        self.released = threading.Event()
        self.controller: Controller | None = None

    def start(self) -> None:
        if self.controller is None:
            self.controller = Controller(_Collect(self), hostname="127.0.0.1", port=self.port, ready_timeout=10)
            self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.released.set()
            self.controller.stop()
            self.controller = None

    def wait_for(self, count: int, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.messages)} messages arrived, {count} expected")
            time.sleep(0.02)

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp_server(app):
    server = SMTPServer(free_port())
    server.start()
    saved = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL",
                                              "MAIL_USERNAME")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_TLS=False, MAIL_USE_SSL=False,
                      MAIL_USERNAME=None)
    yield server
    server.stop()
    app.config.update(saved)
