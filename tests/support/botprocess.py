"""Starts the bot as a real process (`python -m bot run`), as an operator would."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from fakebotapi import FakeBotAPI
from tests.support.paths import FIXTURE_SURVEY, REPO


async def start_bot(
    config: Path, token: str, environ: Mapping[str, str] | None = None
) -> asyncio.subprocess.Process:
    env = {**os.environ, **(environ or {}), "SURVEY_BOT_TOKEN": token, "PYTHONUNBUFFERED": "1"}
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "--config",
        str(config),
        "run",
        cwd=REPO,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


def write_config(
    tmp_path: Path,
    api: FakeBotAPI | None,
    survey: Path = FIXTURE_SURVEY,
    *,
    database: str = "data/survey.sqlite3",
) -> Path:
    """A config whose deadline lies far ahead, pointed at the fake Bot API."""
    base = api.base_url if api else "http://127.0.0.1:9/bot"
    files = api.base_file_url if api else "http://127.0.0.1:9/file/bot"
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = tmp_path / "config.toml"
    config.write_text(
        f'survey = "{survey}"\n'
        f'database = "{database}"\n'
        "closes_at = 2100-01-01T00:00:00+01:00\n"
        "[telegram]\n"
        f'base_url = "{base}"\n'
        f'base_file_url = "{files}"\n',
        encoding="utf-8",
    )
    return config
