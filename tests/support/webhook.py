"""The real bot in webhook mode against the fake Bot API, and raw requests to its listener."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import SecretStr

from bot.app.catalogue import Catalogue
from bot.app.settings import Settings, TelegramSettings
from bot.app.wiring import open_context
from bot.telegram.runner import SurveyBot
from fakebotapi import FakeBotAPI
from tests.support.botharness import Clock, RunningBot, make_settings

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 at the time of asking."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_settings(
    tmp_path: Path, api: FakeBotAPI, *, secret: str | None = None, admins: Sequence[int] = ()
) -> Settings:
    """Settings for a bot in webhook mode on a free local port (`secret`: none configured)."""
    port = free_port()
    telegram = TelegramSettings(
        token=SecretStr(api.token),
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        webhook_url=f"http://127.0.0.1:{port}/telegram",
        webhook_secret=None if secret is None else SecretStr(secret),
        webhook_port=port,
    )
    return make_settings(tmp_path, api, telegram=telegram, admins=list(admins))


@asynccontextmanager
async def webhook_bot(
    api: FakeBotAPI, settings: Settings, clock: Clock | None = None
) -> AsyncIterator[RunningBot]:
    """Start the bot in webhook mode, once it has told Telegram its address; stop it on exit."""
    clock = clock or Clock()
    set_before = len(api.calls_to("setWebhook"))
    async with open_context(settings) as context:
        survey_bot = SurveyBot(context, token=api.token, clock=clock)
        await survey_bot.start()
        running = RunningBot(api, survey_bot, context, clock, settings, Catalogue.of(context))
        server = asyncio.create_task(survey_bot.run_webhook(running.stop))
        try:
            await api.wait_for_call("setWebhook", count=set_before + 1)
            yield running
        finally:
            running.stop.set()
            await asyncio.wait_for(server, timeout=15)
            await survey_bot.stop()


async def raw_post(
    settings: Settings,
    body: bytes,
    headers: Mapping[str, bytes] | None = None,
    *,
    content_length: int | None = None,
    chunked: bool = False,
    timeout: float = 5.0,
) -> int:
    """POST to the bot's webhook over a bare socket, with the bytes given, and return the status.

    A header may be any bytes; the length announced may exceed the body sent; `chunked`: no
    length, the body (with its chunk framing, written by the caller) as it comes.
    """
    telegram = settings.telegram
    assert telegram.webhook_url is not None
    path = urlsplit(telegram.webhook_url).path
    length = len(body) if content_length is None else content_length
    framing = b"Transfer-Encoding: chunked" if chunked else f"Content-Length: {length}".encode()
    lines = [
        f"POST {path} HTTP/1.1".encode(),
        f"Host: 127.0.0.1:{telegram.webhook_port}".encode(),
        b"Content-Type: application/json",
        framing,
        *(name.encode() + b": " + value for name, value in (headers or {}).items()),
    ]
    reader, writer = await asyncio.open_connection("127.0.0.1", telegram.webhook_port)
    try:
        writer.write(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        await writer.drain()
        async with asyncio.timeout(timeout):
            status_line = await reader.readline()
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    return int(status_line.split()[1])


def update_json(update_id: int, user_id: int, text: str, *, chat_id: int | None = None) -> bytes:
    """A message update as Telegram would send it, written by hand (for forged requests)."""
    user = {"id": user_id, "is_bot": False, "first_name": "Mallory", "language_code": "fr"}
    chat = {"id": user_id if chat_id is None else chat_id, "type": "private"}
    message: dict[str, object] = {
        "message_id": 1,
        "date": 1_616_576_400,
        "chat": chat,
        "from": user,
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    return json.dumps({"update_id": update_id, "message": message}).encode()
