"""Webhook mode: only Telegram gets in (its secret, checked before the body is read, a bounded
body), and Telegram is answered once the update is processed."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from aiohttp import ClientSession

from bot import i18n
from fakebotapi import FakeBotAPI
from tests.support.webhook import (
    SECRET_HEADER,
    raw_post,
    update_json,
    webhook_bot,
    webhook_settings,
)

ADMIN = 4100
MALLORY = 4666
CONFIGURED_SECRET = "s3cret-token"
TELEGRAM_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
"""What Telegram accepts as a secret token."""
MAX_BODY = 1024 * 1024


async def test_webhook_checks_the_secret_and_processes_updates(tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        settings = webhook_settings(tmp_path, api, secret=CONFIGURED_SECRET)
        async with webhook_bot(api, settings):
            assert api.calls_to("setWebhook")[0]["secret_token"] == CONFIGURED_SECRET
            agent = api.user(4001, language_code="fr")
            await agent.send_command("/start")
            assert await api.post_update_to_webhook(secret_token="wrong") == 0
            assert len(api.pending_updates()) == 1
            assert settings.telegram.webhook_url is not None
            async with (
                ClientSession() as session,
                session.post(settings.telegram.webhook_url, json={}) as response,
            ):
                assert response.status == 403
            assert await api.post_update_to_webhook() == 1
            # The request was answered after processing: the reply is already queued.
            intro = await agent.wait_for_message("Question 1 · ", timeout=5)
            assert i18n.text("fr", "anonymity") in intro.text


@pytest.mark.parametrize("configured", [None, CONFIGURED_SECRET], ids=["generated", "configured"])
@pytest.mark.parametrize(
    "headers",
    [{}, {SECRET_HEADER: b"wrong"}, {SECRET_HEADER: "sécret".encode()}],
    ids=["no-secret", "wrong-secret", "non-ascii-secret"],
)
async def test_forged_requests_are_refused_and_change_nothing(
    tmp_path: Path, configured: str | None, headers: dict[str, bytes]
) -> None:
    async with FakeBotAPI() as api:
        settings = webhook_settings(tmp_path, api, secret=configured, admins=[ADMIN])
        mallory = api.user(MALLORY, language_code="en")
        async with webhook_bot(api, settings) as running:
            calls = len(api.calls)
            # A made-up person starting the survey, and the admin's /export sent to Mallory.
            forged_start = update_json(900_001, MALLORY, "/start")
            forged_export = update_json(900_002, ADMIN, "/export", chat_id=MALLORY)
            assert await raw_post(settings, forged_start, headers) == 403
            assert await raw_post(settings, forged_export, headers) == 403
            assert await running.survey_bot.outbox.drain(5)
            assert await running.context.service.store.session(MALLORY) is None
            assert api.calls[calls:] == []
            assert mallory.outputs == []
            assert api.documents(MALLORY) == []


async def test_with_no_secret_configured_a_random_one_is_made_at_each_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with FakeBotAPI() as api:
        settings = webhook_settings(tmp_path, api)
        agent = api.user(4002, language_code="fr")
        secrets = []
        for _ in range(2):
            async with webhook_bot(api, settings):
                secret = api.calls_to("setWebhook")[-1]["secret_token"]
                assert isinstance(secret, str)
                assert TELEGRAM_SECRET.fullmatch(secret)
                assert len(secret) >= 32
                secrets.append(secret)
                await agent.send_command("/start")
                # The secret of an earlier run no longer gets in; Telegram's calls carry the
                # new one, and do.
                for earlier in secrets[:-1]:
                    assert await api.post_update_to_webhook(secret_token=earlier) == 0
                assert await api.post_update_to_webhook() == 1
                await agent.wait_for_message("Question 1 · ", timeout=5)
                # A request without it does not.
                assert await raw_post(settings, update_json(900_003, 4003, "/start")) == 403
        assert secrets[0] != secrets[1]
    generated = [r for r in caplog.records if "generated" in r.getMessage()]
    assert len(generated) == 2
    for secret in secrets:
        assert secret not in caplog.text


async def test_the_secret_is_checked_before_the_body_is_read(tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        settings = webhook_settings(tmp_path, api, secret=CONFIGURED_SECRET)
        async with webhook_bot(api, settings):
            # 50 MiB announced, none sent: the refusal cannot wait for the body.
            status = await raw_post(
                settings, b"", {SECRET_HEADER: b"wrong"}, content_length=50 * MAX_BODY
            )
            assert status == 403


async def test_an_oversized_body_is_refused_without_being_read(tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        settings = webhook_settings(tmp_path, api)
        async with webhook_bot(api, settings):
            secret = api.world.webhook.secret_token
            assert secret is not None
            given = {SECRET_HEADER: secret.encode()}
            # Announced and not sent: refused from the headers alone.
            status = await raw_post(settings, b"{", given, content_length=50 * MAX_BODY)
            assert status == 413
            # Without a length: refused once past the limit (the end never sent).
            chunk = f"{MAX_BODY + 1:x}\r\n".encode() + b" " * (MAX_BODY + 1)
            assert await raw_post(settings, chunk, given, chunked=True) == 413
            # The bot goes on.
            agent = api.user(4004, language_code="fr")
            await agent.send_command("/start")
            assert await api.post_update_to_webhook() == 1
            await agent.wait_for_message("Question 1 · ", timeout=5)


async def test_a_bad_request_from_telegram_gets_a_status_not_a_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with FakeBotAPI() as api:
        settings = webhook_settings(tmp_path, api, secret=CONFIGURED_SECRET)
        async with webhook_bot(api, settings):
            given = {SECRET_HEADER: CONFIGURED_SECRET.encode()}
            assert await raw_post(settings, b"not json", given) == 400
            assert await raw_post(settings, b"[1, 2]", given) == 400
            nested = b"[" * 100_000 + b"]" * 100_000
            assert await raw_post(settings, nested, given) == 400
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.exc_info]
