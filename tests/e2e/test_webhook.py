"""Webhook mode: the secret token is checked, and Telegram is answered once processed."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

from aiohttp import ClientSession
from pydantic import SecretStr

from bot import i18n
from bot.app.settings import TelegramSettings
from bot.app.wiring import open_context
from bot.telegram.runner import SurveyBot
from fakebotapi import FakeBotAPI
from tests.support.botharness import Clock, make_settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_checks_the_secret_and_processes_updates(tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        port = free_port()
        url = f"http://127.0.0.1:{port}/telegram"
        telegram = TelegramSettings(
            token=SecretStr(api.token),
            base_url=api.base_url,
            base_file_url=api.base_file_url,
            webhook_url=url,
            webhook_secret=SecretStr("s3cret-token"),
            webhook_port=port,
        )
        settings = make_settings(tmp_path, api, telegram=telegram)
        async with open_context(settings) as context:
            survey_bot = SurveyBot(context, token=api.token, clock=Clock())
            await survey_bot.start()
            stop = asyncio.Event()
            server = asyncio.create_task(survey_bot.run_webhook(stop))
            try:
                await api.wait_for_call("setWebhook")
                assert api.calls_to("setWebhook")[0]["secret_token"] == "s3cret-token"
                agent = api.user(4001, language_code="fr")
                await agent.send_command("/start")
                assert await api.post_update_to_webhook(secret_token="wrong") == 0
                assert len(api.pending_updates()) == 1
                async with ClientSession() as session, session.post(url, json={}) as response:
                    assert response.status == 403
                assert await api.post_update_to_webhook() == 1
                # The request was answered after processing: the reply is already queued.
                intro = await agent.wait_for_message("Question 1/", timeout=5)
                assert i18n.text("fr", "anonymity") in intro.text
            finally:
                stop.set()
                await asyncio.wait_for(server, timeout=10)
                await survey_bot.stop()
