"""The survey bot run under a CPU profile, and the profile read back grouped by library.

    python -m benchmarks.profiled run --out FILE -- --config CONFIG run
    python -m benchmarks.profiled show FILE [--actions N] [--top 25]

`run` runs `python -m bot ARGS` under yappi (CPU clock, every thread: the event loop and
aiosqlite's thread alike; a coroutine's own time is counted while it runs, not while it waits)
and, when the bot exits, writes the profile in pstats format to FILE and the SQLite statements
it ran to FILE.sql.json: statements, write transactions (BEGIN) and statements run outside one
(each its own transaction in autocommit mode). SIGUSR1 starts both afresh: `benchmarks.load
--profile FILE` sends it once the bot is ready, so that start-up (the questionnaire, the
translations) is left out of the profile.

`show` prints the CPU seconds by group (our modules, one line per layer, then
python-telegram-bot, httpx, aiosqlite and sqlite3, asyncio, Fluent and Babel, pydantic,
logging, JSON, the rest of the standard library), then the functions with the most own time
and our functions with the most cumulative time; with `--actions`, each also per action.
A profiled bot runs slower than an unprofiled one: compare CPU seconds per action between
unprofiled runs, and read the profile for where they go.
"""

from __future__ import annotations

import argparse
import json
import pstats
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("python-telegram-bot", ("/telegram/",)),
    ("httpx/httpcore/h11/anyio", ("/httpx/", "/httpcore/", "/h11/", "/anyio/", "/sniffio/")),
    ("aiosqlite", ("/aiosqlite/",)),
    ("sqlite3", ("/sqlite3/", "_sqlite3")),
    ("asyncio", ("/asyncio/", "selectors.py", "_asyncio")),
    ("fluent/babel", ("/fluent/", "/babel/")),
    ("pydantic", ("/pydantic/", "/pydantic_core/")),
    ("logging", ("/logging/",)),
    ("json", ("/json/", "_json")),
)
OURS = ("bot", "storage")


def group_of(filename: str) -> str:
    """The group a function's file belongs to: our layer, a library, or the standard library."""
    path = filename.replace("\\", "/")
    if "site-packages/" not in path:
        parts = path.split("/")
        for index in range(len(parts) - 1, -1, -1):
            if parts[index] in OURS and index + 1 < len(parts):
                if parts[index] == "storage":
                    return "ours: storage"
                return f"ours: bot/{parts[index + 1].removesuffix('.py')}"
    for name, markers in GROUPS:
        if any(marker in path for marker in markers):
            return name
    if path.startswith("~") or path in ("", "<string>"):
        return "builtins"
    if "site-packages/" in path:
        return "other libraries"
    return "stdlib (other)"


def is_ours(filename: str) -> bool:
    return group_of(filename).startswith("ours:")


class StatementCounter:
    """Counts the SQLite statements of every connection opened after `install`."""

    def __init__(self) -> None:
        self.statements = 0
        self.begins = 0
        self.autocommit = 0
        self._open: dict[int, bool] = {}
        self._lock = threading.Lock()

    def install(self) -> None:
        original: Callable[..., sqlite3.Connection] = sqlite3.connect

        def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            connection = original(*args, **kwargs)
            key = id(connection)
            self._open[key] = False
            connection.set_trace_callback(lambda sql: self._seen(key, sql))
            return connection

        sqlite3.connect = connect  # type: ignore[assignment]

    def _seen(self, key: int, sql: str) -> None:
        word = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        with self._lock:
            self.statements += 1
            if word == "BEGIN":
                self.begins += 1
                self._open[key] = True
            elif word in ("COMMIT", "END", "ROLLBACK"):
                self._open[key] = False
            elif not self._open.get(key, False):
                self.autocommit += 1

    def clear(self) -> None:
        with self._lock:
            self.statements = self.begins = self.autocommit = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "statements": self.statements,
            "write_transactions": self.begins,
            "autocommit_statements": self.autocommit,
        }


def run(out: Path, bot_args: Sequence[str]) -> int:
    """Run the bot's command line under yappi; write the profile when it returns."""
    import yappi

    from bot.cli import main as bot_main

    counter = StatementCounter()
    counter.install()
    yappi.set_clock_type("cpu")
    yappi.start(builtins=True, profile_threads=True)

    def afresh(signum: int, frame: object) -> None:
        yappi.clear_stats()
        counter.clear()

    signal.signal(signal.SIGUSR1, afresh)
    try:
        return bot_main(list(bot_args))
    finally:
        yappi.stop()
        yappi.get_func_stats().save(str(out), type="pstat")
        sql_path(out).write_text(json.dumps(counter.as_dict()), encoding="utf-8")


def sql_path(profile: Path) -> Path:
    return profile.with_name(profile.name + ".sql.json")


def summary(profile: Path, *, actions: int | None = None, top: int = 25) -> str:
    """The profile's CPU seconds by group, its top functions by own time, ours by cumulative."""
    stats = pstats.Stats(str(profile))
    entries: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    per = actions or 0

    def fmt(seconds: float) -> str:
        text = f"{seconds:9.3f} s"
        return text + (f" {seconds / per * 1e6:8.0f} µs/action" if per else "")

    total = sum(value[2] for value in entries.values())
    groups: dict[str, float] = {}
    for (filename, _, _), value in entries.items():
        groups[group_of(filename)] = groups.get(group_of(filename), 0.0) + value[2]
    lines = [f"profile {profile}: {fmt(total)} CPU in all (own time summed)"]
    if actions:
        lines[0] += f", {actions} actions"
    lines.append("by group (own time):")
    for name, seconds in sorted(groups.items(), key=lambda item: -item[1]):
        lines.append(f"  {name:28} {fmt(seconds)} {seconds / total:6.1%}")

    def label(key: tuple[str, int, str]) -> str:
        filename, line, name = key
        short = "/".join(filename.replace("\\", "/").split("/")[-2:])
        return f"{short}:{line} {name}"

    lines.append(f"top {top} by own time:")
    by_own = sorted(entries.items(), key=lambda item: -item[1][2])[:top]
    for key, value in by_own:
        lines.append(f"  {fmt(value[2])} {value[1]:9d} calls  {label(key)}")
    lines.append(f"top {top} of ours by cumulative time:")
    ours = [item for item in entries.items() if is_ours(item[0][0])]
    for key, value in sorted(ours, key=lambda item: -item[1][3])[:top]:
        lines.append(f"  {fmt(value[3])} {value[1]:9d} calls  {label(key)}")
    counts = sql_path(profile)
    if counts.exists():
        sql = json.loads(counts.read_text(encoding="utf-8"))
        text = ", ".join(
            f"{name.replace('_', ' ')} {value}" + (f" ({value / per:.2f}/action)" if per else "")
            for name, value in sql.items()
        )
        lines.append(f"SQLite: {text}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    running = commands.add_parser("run", help="run the bot under the profile")
    running.add_argument("--out", type=Path, required=True, help="the profile (pstats format)")
    running.add_argument("bot_args", nargs=argparse.REMAINDER, help="-- then the bot's arguments")
    showing = commands.add_parser("show", help="print a profile grouped by library")
    showing.add_argument("profile", type=Path)
    showing.add_argument("--actions", type=int, default=None, help="to give figures per action")
    showing.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    if args.command == "run":
        bot_args = list(args.bot_args)
        return run(args.out, bot_args[1:] if bot_args[:1] == ["--"] else bot_args)
    print(summary(args.profile, actions=args.actions, top=args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
