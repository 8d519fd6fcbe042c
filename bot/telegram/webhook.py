"""The webhook listener: Telegram's requests in, anyone else's refused before their body is read.

Webhook mode never runs without a secret: the configured `telegram.webhook_secret`, or one made
at each start, given to Telegram in `setWebhook` (called at every start) and kept in memory
only. Telegram sends it in a header with every request; a request without it is refused (403)
from its headers alone, and a body over `MAX_BODY` (413) is never read whole.
"""

from __future__ import annotations

import hmac
import json
import secrets
from typing import Any

import tornado.web
from tornado.httpserver import HTTPServer

from bot.telegram.intake import Intake

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024
"""The largest request body taken, in bytes. An update is a few kilobytes: a message holds at
most 4,096 characters of text (or 1,024 of caption), with its entities and a reply's message."""


def make_secret() -> str:
    """A random secret of the characters Telegram accepts (A-Z, a-z, 0-9, _ and -): 256 bits."""
    return secrets.token_urlsafe(32)


def secret_matches(given: str, secret: str) -> bool:
    """Whether a header holds the secret, in constant time.

    Compared as bytes: a header may hold any character (tornado reads headers as Latin-1), and
    `hmac.compare_digest` refuses strings that are not ASCII.
    """
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), secret.encode())


@tornado.web.stream_request_body
class _UpdateHandler(tornado.web.RequestHandler):
    """One request from Telegram: one update, answered once it is processed."""

    def initialize(self, intake: Intake, secret: str) -> None:
        self._intake = intake
        self._secret = secret
        self._body = bytearray()

    def prepare(self) -> None:
        """Refuse from the headers alone (the body comes only after this)."""
        if not secret_matches(self.request.headers.get(SECRET_HEADER, ""), self._secret):
            self._refuse(403)
            return
        length = self.request.headers.get("Content-Length", "")
        if length.isdecimal() and int(length) > MAX_BODY:
            self._refuse(413)

    def data_received(self, chunk: bytes) -> None:
        """Keep the body, up to `MAX_BODY` (a body without a length is counted as it comes)."""
        self._body += chunk
        if len(self._body) > MAX_BODY:
            self._body.clear()
            self._refuse(413)

    def _refuse(self, status: int) -> None:
        # Finishing before the body is read closes the connection once the answer is sent:
        # the rest of the body is never read.
        self.set_status(status)
        self.finish()

    async def post(self) -> None:
        """Process the update, then answer 200; 400 for a body that is no JSON object."""
        try:
            data: Any = json.loads(self._body)
        except (ValueError, RecursionError):
            data = None
        if not isinstance(data, dict):
            self.set_status(400)
            return
        # An update that cannot be read is skipped, and answered 200 all the same: Telegram
        # would otherwise send it again and again.
        await self._intake.receive(data)
        self.set_status(200)


class WebhookListener:
    """The HTTP server Telegram posts updates to, at the path of the webhook's address."""

    def __init__(self, intake: Intake, secret: str, path: str) -> None:
        handlers = [(path, _UpdateHandler, {"intake": intake, "secret": secret})]
        self._server = HTTPServer(tornado.web.Application(handlers))

    def listen(self, port: int, address: str) -> None:
        """Start listening."""
        self._server.listen(port, address=address)

    async def close(self) -> None:
        """Stop listening and close the connections."""
        self._server.stop()
        await self._server.close_all_connections()
