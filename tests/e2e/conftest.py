"""Fixtures of the end-to-end tests: the fake Bot API and the real bot polling it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fakebotapi import FakeBotAPI
from tests.support.botharness import RunningBot, make_settings, running_bot


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    """A fake Bot API server on 127.0.0.1."""
    async with FakeBotAPI() as fake:
        yield fake


@pytest.fixture
async def running(api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The real bot, on the tests' own survey, polling the fake Bot API."""
    async with running_bot(api, make_settings(tmp_path, api)) as bot:
        yield bot
