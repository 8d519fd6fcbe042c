"""Starts the bot as a real process (`python -m bot run`), as an operator would."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tests.support.paths import REPO


async def start_bot(config: Path, token: str) -> asyncio.subprocess.Process:
    env = {**os.environ, "SURVEY_BOT_TOKEN": token, "PYTHONUNBUFFERED": "1"}
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
