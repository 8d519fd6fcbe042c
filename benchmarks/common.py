"""Shared pieces of the benchmarks: the config file, the bot as a child process, its memory."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from fakebotapi import FakeBotAPI

REPO = Path(__file__).resolve().parent.parent
SHIPPED_SURVEY = REPO / "surveys" / "telephonie-crm.toml"
READY_TIMEOUT = 30.0


def write_config(
    folder: Path,
    api: FakeBotAPI,
    *,
    concurrency: int = 64,
    max_messages_per_second: float | None = None,
    log_level: str = "INFO",
    survey: Path = SHIPPED_SURVEY,
    surveys: Sequence[Path] = (),
    paid_broadcast: bool = False,
    queue_order: str | None = None,
    paid_max_per_hour: int | None = None,
    paid_max_total: int | None = None,
) -> Path:
    """Write a config for a bot in `folder` talking to `api`; the survey closes in 30 days.

    The shipped survey closed in 2020 and the child runs on the real clock, so the deadline is
    moved. The token is not written: the child gets it in SURVEY_BOT_TOKEN. Given `surveys`
    (several questionnaire files), the bot runs them all, each with its database in
    `folder`/data, and `survey` is not written.
    """
    closes_at = (datetime.now(UTC) + timedelta(days=30)).replace(microsecond=0)
    if surveys:
        files = ", ".join(json.dumps(str(path)) for path in surveys)
        head = [f"surveys = [{files}]"]
    else:
        head = [
            f"survey = {json.dumps(str(survey))}",
            f"database = {json.dumps(str(folder / 'survey.sqlite3'))}",
        ]
    lines = [
        *head,
        f"closes_at = {closes_at.isoformat()}",
        f"log_level = {json.dumps(log_level)}",
        "admins = []",
        "",
        "[telegram]",
        f"base_url = {json.dumps(api.base_url)}",
        f"base_file_url = {json.dumps(api.base_file_url)}",
        f"concurrency = {concurrency}",
    ]
    if max_messages_per_second is not None:
        lines.append(f"max_messages_per_second = {max_messages_per_second}")
    if paid_broadcast:
        lines.append("paid_broadcast = true")
    if paid_max_per_hour is not None:
        lines.append(f"paid_broadcast_max_per_hour = {paid_max_per_hour}")
    if paid_max_total is not None:
        lines.append(f"paid_broadcast_max_total = {paid_max_total}")
    if queue_order is not None:
        lines.append(f"queue_order = {json.dumps(queue_order)}")
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def child_env(api: FakeBotAPI) -> dict[str, str]:
    """The environment of a bot child: ours, plus the token and the repository on the path."""
    env = dict(os.environ)
    env["SURVEY_BOT_TOKEN"] = api.token
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.setdefault("PTB_TIMEDELTA", "true")
    return env


def peak_rss_mb(pid: int) -> float | None:
    """The peak resident memory (VmHWM) of a running process, in MiB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


class BotProcess:
    """A bot (ours or the limit bot) run as a child process against the fake API."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], log: IO[bytes]) -> None:
        self.argv = list(argv)
        self.env = env
        self.log = log
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    async def start(self, api: FakeBotAPI, timeout: float = READY_TIMEOUT) -> float:
        """Start the child; return once it polls for updates (seconds it took to get there)."""
        polls = len(api.calls_to("getUpdates"))
        begun = time.perf_counter()
        self.process = await asyncio.create_subprocess_exec(
            *self.argv,
            env=self.env,
            cwd=REPO,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=self.log,
            stderr=self.log,
        )
        self.starts += 1
        deadline = begun + timeout
        while True:
            try:
                await api.wait_for_call("getUpdates", polls + 1, timeout=0.5)
                return time.perf_counter() - begun
            except AssertionError:
                if self.process.returncode is not None:
                    raise RuntimeError(
                        f"the bot exited with code {self.process.returncode} while starting"
                    ) from None
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"the bot did not poll within {timeout:.0f} s") from None

    async def kill(self) -> None:
        """SIGKILL the child and reap it."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def terminate(self, timeout: float) -> tuple[int | None, float]:
        """SIGTERM the child; its exit code (None: killed after `timeout`) and the time taken."""
        assert self.process is not None
        begun = time.perf_counter()
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code: int | None = await asyncio.wait_for(self.process.wait(), timeout)
        except TimeoutError:
            await self.kill()
            code = None
        return code, time.perf_counter() - begun

    def peak_rss_mb(self) -> float | None:
        """Peak resident memory of the running child (VmHWM), in MiB."""
        return peak_rss_mb(self.pid)


def our_bot_argv(config: Path) -> list[str]:
    """The command that runs the real bot."""
    return [sys.executable, "-m", "bot", "--config", str(config), "run"]


def log_summary(path: Path) -> dict[str, int]:
    """Count the log lines that matter: errors, warnings, tracebacks, per first words."""
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        for level in ("ERROR", "WARNING", "CRITICAL"):
            marker = f" {level} "
            if marker in line:
                message = line.split(marker, 1)[1]
                key = f"{level} {message[:90]}"
                counts[key] = counts.get(key, 0) + 1
        if line.startswith("Traceback"):
            counts["Traceback"] = counts.get("Traceback", 0) + 1
    return counts
