"""Load benchmark: the survey bot against the limit bot, many agents, no think time.

    .venv/bin/python -m benchmarks.load [--agents 200] [--latency-ms 0 50] [--concurrency 64]
                                        [--think-ms 0] [--rate-limiter on|off] [--duration 60]

For each Bot API latency, the fake Bot API is started with that per-call latency, then
(a) the survey bot (``python -m bot run``, a child process: its peak memory is its own VmHWM)
and (b) the limit bot (`benchmarks.limit_bot`: the same Bot API calls per action, no survey
logic, no storage) are each driven by N agents at once; each agent waits for the bot's reply
before its next action. An answer is one agent action (a button or a typed message) and the
bot's reply to it; its latency runs from the action to the bot's next screen. The limit bot's
agents replay the survey agents' sequence of actions (buttons, ticks, typed answers).

Prints one JSON line per run, then a short table with the ratios survey bot / limit bot.
`--concurrency 1` runs the bots with one update processed at a time (each until its replies
are sent); `--think-ms 1000` gives agents about a second of think time between actions
(responsiveness rather than throughput). Each run is cut after --duration seconds.

Then, for memory with many responses open at once (launch day: the link mailed to everyone),
`--in-progress` agents (default 2,000) each start the survey and answer a few questions
(`--in-progress-actions`), leaving their response in progress; the run reports the bot's peak
memory and how many responses the database holds in progress at the end. That run measures
memory, not pace: it uses the shipped concurrency and lifts Telegram's 30 messages/s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.agents import ActionRecord, SurveyAgent, percentile
from benchmarks.common import (
    REPO,
    SHIPPED_SURVEY,
    BotProcess,
    child_env,
    log_summary,
    our_bot_argv,
    write_config,
)
from benchmarks.profiled import summary
from bot.app.settings import TelegramSettings
from bot.core.questionnaire import load_questionnaire
from bot.telegram.runner import HTTP_CONNECTIONS
from fakebotapi import BotMessage, FakeBotAPI, FakeUser, NoMessageError

REPLY_METHODS = frozenset(
    {"sendMessage", "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery"}
)
DEFAULT_PROFILE = (
    "start",
    "click",  # begin
    *("click",) * 3,
    "typed",
    "click",
    "click",
    "typed",
    "click",
    "click",
    "toggle",
    "toggle",
    "click",  # confirm
    *("click",) * 3,
    "typed",
    "click",  # submit
)


@dataclass
class RunResult:
    """One run's figures (one JSON line)."""

    bot: str
    latency_ms: float
    concurrency: int
    think_ms: float
    rate_limiter: str
    agents: int
    finished: int
    answers: int
    elapsed_s: float
    answers_per_s: float
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    errors: int
    bot_log_errors: int
    peak_rss_mb: float | None
    bot_cpu_s: float | None
    startup_cpu_s: float | None
    """The bot's CPU time from its start until it first polled (not in `bot_cpu_s`)."""
    cpu_ms_per_action: float | None
    """The bot's CPU time over the run divided by the actions answered."""
    driver_cpu_s: float
    calls_per_answer: float
    in_progress: int | None
    """Responses in progress in the database when the run ended (survey bot only)."""


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time of a running process."""

    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def simple_kind(kind: str) -> str:
    """What an action of the survey agent is for the limit bot: a tick, a typed text, a button."""
    if kind in ("toggle", "language"):
        return "toggle"
    if kind in ("typed", "other"):
        return "typed"
    return "start" if kind == "start" else "click"


def profile_of(actions: Sequence[ActionRecord]) -> tuple[str, ...]:
    """The sequence of actions to replay (the /start of resyncs left out)."""
    kinds = [simple_kind(a.kind) for a in actions]
    return ("start", *(k for k in kinds[1:] if k != "start"))


class LimitAgent:
    """Drives the limit bot through a sequence of actions, timing each reply."""

    def __init__(
        self,
        user: FakeUser,
        profile: Sequence[str],
        *,
        seed: int,
        think: tuple[float, float],
        reply_timeout: float,
    ) -> None:
        self.user = user
        self.profile = profile
        self._rng = random.Random(seed)
        self._think = think
        self._timeout = reply_timeout
        self.actions: list[ActionRecord] = []
        self.errors = 0
        self.finished = False

    def _keyboard(self) -> BotMessage | None:
        for message in reversed(self.user.messages):
            if message.buttons:
                return message
        return None

    async def _wait(self, ready: Any) -> bool:
        if ready():
            return True
        try:
            await self.user.wait_for_message(lambda _: ready(), timeout=self._timeout)
        except NoMessageError:
            return bool(ready())
        return True

    async def run(self) -> None:
        for kind in self.profile:
            current = self._keyboard()
            if kind != "start" and current is None:
                kind = "start"
            low, high = self._think
            if high > 0 and kind != "start":
                await asyncio.sleep(self._rng.uniform(low, high))
            last_id = max((m.message_id for m in self.user.messages), default=0)
            record = ActionRecord(kind)
            self.actions.append(record)
            begun = time.perf_counter()
            if kind == "start":
                await self.user.send_command("/start")
            elif kind == "typed":
                await self.user.send_text("12")
            elif kind == "toggle":
                assert current is not None
                await self.user.click_data(current.message_id, "t|q|1")
            else:
                assert current is not None
                await self.user.click_data(current.message_id, "a|q|1")

            def ready(
                before: BotMessage | None = current, last: int = last_id, kind: str = kind
            ) -> bool:
                newest = self._keyboard()
                if newest is None:
                    return False
                if newest.message_id > last:
                    return True
                return (
                    kind == "toggle"
                    and before is not None
                    and newest.message_id == before.message_id
                    and newest.reply_markup != before.reply_markup
                )

            if await self._wait(ready):
                record.latency = time.perf_counter() - begun
            else:
                self.errors += 1
        self.finished = True


def our_profiles(agents: Sequence[SurveyAgent]) -> list[tuple[str, ...]]:
    return [profile_of(agent.result.actions) for agent in agents]


def responses_in_progress(database: Path) -> int:
    """How many responses the survey bot's database holds in progress."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        (count,) = db.execute(
            "SELECT count(*) FROM sessions WHERE submitted_day IS NULL"
        ).fetchone()
    return int(count)


async def run_once(
    bot_kind: str,
    args: argparse.Namespace,
    latency_ms: float,
    profiles: Sequence[Sequence[str]] | None,
    *,
    agents: int,
    duration: float,
    concurrency: int,
    rate_limiter: str,
    stop_after: int | None = None,
    profile: Path | None = None,
) -> tuple[RunResult, list[tuple[str, ...]]]:
    """Run one bot under load; its figures and the agents' action sequences.

    With `stop_after`, each agent leaves its response in progress after that many actions;
    with `profile`, the survey bot runs under `benchmarks.profiled`, which writes it there.
    """
    questionnaire = load_questionnaire(SHIPPED_SURVEY)
    rng = random.Random(args.seed)
    think = (args.think_ms * 0.5 / 1000, args.think_ms * 1.5 / 1000)
    rate = 30.0 if rate_limiter == "on" else 0.0
    with tempfile.TemporaryDirectory(prefix="survey-load-") as folder:
        tmp = Path(folder)
        log_path = tmp / "bot.log"
        async with FakeBotAPI() as api:
            if not rate:
                api.limits.set(0, 0)
            env = child_env(api)
            if bot_kind == "ours":
                config = write_config(
                    tmp,
                    api,
                    concurrency=concurrency,
                    max_messages_per_second=rate,
                    log_level="WARNING",
                )
                argv = our_bot_argv(config)
                if profile is not None:
                    argv = profiled_argv(argv, profile)
            else:
                argv = [
                    sys.executable,
                    "-m",
                    "benchmarks.limit_bot",
                    "--base-url",
                    api.base_url,
                    "--base-file-url",
                    api.base_file_url,
                    "--concurrency",
                    str(concurrency),
                    "--max-messages-per-second",
                    str(rate),
                    "--pool",
                    str(HTTP_CONNECTIONS),
                ]
            with log_path.open("ab") as log:
                bot = BotProcess(argv, env, log)
                await bot.start(api)
                api.set_latency(latency_ms / 1000)
                calls_before = sum(1 for c in api.calls if c.method in REPLY_METHODS)
                users = [
                    api.user(200_000 + n, f"Agent{n}", language_code=rng.choice(["fr", "nl"]))
                    for n in range(agents)
                ]
                seeds = [rng.randrange(2**32) for _ in users]
                survey_agents: list[SurveyAgent] = []
                limit_agents: list[LimitAgent] = []
                runs: list[Any]
                if bot_kind == "ours":
                    survey_agents = [
                        SurveyAgent(
                            user,
                            questionnaire,
                            seed=seed,
                            think=think,
                            reply_timeout=args.reply_timeout,
                            back_rate=0.0,
                            stop_after=stop_after,
                        )
                        for user, seed in zip(users, seeds, strict=True)
                    ]
                    runs = [agent.run() for agent in survey_agents]
                else:
                    chosen = profiles or [DEFAULT_PROFILE] * len(users)
                    limit_agents = [
                        LimitAgent(
                            user,
                            chosen[n % len(chosen)],
                            seed=seed,
                            think=think,
                            reply_timeout=args.reply_timeout,
                        )
                        for n, (user, seed) in enumerate(zip(users, seeds, strict=True))
                    ]
                    runs = [agent.run() for agent in limit_agents]
                if profile is not None:
                    os.kill(bot.pid, signal.SIGUSR1)  # the profile starts afresh
                cpu_before = bot_cpu = cpu_seconds(bot.pid)
                driver_before = time.process_time()
                begun = time.perf_counter()
                tasks = [asyncio.create_task(run) for run in runs]
                _, pending = await asyncio.wait(tasks, timeout=duration)
                elapsed = time.perf_counter() - begun
                for task in pending:
                    task.cancel()
                await asyncio.gather(*pending, return_exceptions=True)
                driver_cpu = time.process_time() - driver_before
                cpu_after = cpu_seconds(bot.pid)
                if cpu_before is not None and cpu_after is not None:
                    bot_cpu = cpu_after - cpu_before
                peak = bot.peak_rss_mb()
                calls = sum(1 for c in api.calls if c.method in REPLY_METHODS) - calls_before
                api.set_latency(0.0)
                # A profiled bot writes its profile as it exits: that takes a while.
                await bot.terminate(10.0 if profile is None else 120.0)
            in_progress = (
                responses_in_progress(tmp / "survey.sqlite3") if bot_kind == "ours" else None
            )
        errors_in_log = sum(n for k, n in log_summary(log_path).items() if k.startswith("ERROR"))
    if bot_kind == "ours":
        actions = [a for agent in survey_agents for a in agent.result.actions]
        finished = sum(agent.result.finished for agent in survey_agents)
        errors = sum(agent.result.resyncs + bool(agent.result.error) for agent in survey_agents)
        profiles_out = our_profiles(survey_agents)
    else:
        actions = [a for agent in limit_agents for a in agent.actions]
        finished = sum(agent.finished for agent in limit_agents)
        errors = sum(agent.errors for agent in limit_agents)
        profiles_out = []
    latencies = [a.latency for a in actions if a.latency is not None]
    answers = len(latencies)

    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000, 1)

    result = RunResult(
        bot=bot_kind,
        latency_ms=latency_ms,
        concurrency=concurrency,
        think_ms=args.think_ms,
        rate_limiter=rate_limiter,
        agents=agents,
        finished=finished,
        answers=answers,
        elapsed_s=round(elapsed, 2),
        answers_per_s=round(answers / elapsed, 1) if elapsed > 0 else 0.0,
        p50_ms=ms(percentile(latencies, 0.50)),
        p95_ms=ms(percentile(latencies, 0.95)),
        p99_ms=ms(percentile(latencies, 0.99)),
        errors=errors,
        bot_log_errors=errors_in_log,
        peak_rss_mb=None if peak is None else round(peak, 1),
        bot_cpu_s=None if bot_cpu is None else round(bot_cpu, 2),
        startup_cpu_s=None if cpu_before is None else round(cpu_before, 2),
        cpu_ms_per_action=None
        if bot_cpu is None or not answers
        else round(bot_cpu / answers * 1000, 3),
        driver_cpu_s=round(driver_cpu, 2),
        calls_per_answer=round(calls / answers, 2) if answers else 0.0,
        in_progress=in_progress,
    )
    return result, profiles_out


def profiled_argv(argv: Sequence[str], profile: Path) -> list[str]:
    """`python -m bot ARGS` as run under the profile: `python -m benchmarks.profiled run`."""
    python, flag, module, *rest = argv
    assert (flag, module) == ("-m", "bot"), argv
    return [python, "-m", "benchmarks.profiled", "run", "--out", str(profile), "--", *rest]


def cpu_lines(results: Sequence[RunResult]) -> list[str]:
    """Per latency, the CPU time per action of both bots under the same load, and their ratio."""
    lines = []
    for r in results:
        limit = next(
            (
                x
                for x in results
                if x.bot == "limit" and (x.latency_ms, x.agents) == (r.latency_ms, r.agents)
            ),
            None,
        )
        if r.bot != "ours" or limit is None:
            continue
        ours_ms, limit_ms = r.cpu_ms_per_action, limit.cpu_ms_per_action
        ratio = f"{ours_ms / limit_ms:.2f}" if ours_ms and limit_ms else "?"
        lines.append(
            f"cpu per action, {r.agents} agents, {r.latency_ms:.0f} ms latency: "
            f"bot {ours_ms} ms, limit bot {limit_ms} ms, ratio {ratio} "
            f"(bot {r.bot_cpu_s} s / {r.answers} actions, "
            f"limit {limit.bot_cpu_s} s / {limit.answers} actions; start-up "
            f"{r.startup_cpu_s} s and {limit.startup_cpu_s} s, not counted)"
        )
    return lines


def table(results: Sequence[RunResult]) -> str:
    """A short table; ratios compare the survey bot with the limit bot at the same latency."""
    limits = {(r.latency_ms, r.agents): r for r in results if r.bot == "limit"}
    header = (
        f"{'bot':6} {'agents':>6} {'lat ms':>6} {'conc':>4} {'think':>5} {'ans/s':>7} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'err':>4} {'open':>5} {'MiB':>6} "
        f"{'x thr':>6} {'x p99':>6}"
    )
    lines = [header]
    for r in results:
        limit = limits.get((r.latency_ms, r.agents))
        thr = p99 = ""
        in_progress = "" if r.in_progress is None else str(r.in_progress)
        if r.bot == "ours" and limit is not None and limit.answers_per_s:
            thr = f"{r.answers_per_s / limit.answers_per_s:.2f}"
            if r.p99_ms and limit.p99_ms:
                p99 = f"{r.p99_ms / limit.p99_ms:.2f}"
        lines.append(
            f"{r.bot:6} {r.agents:6d} {r.latency_ms:6.0f} {r.concurrency:4d} {r.think_ms:5.0f} "
            f"{r.answers_per_s:7.1f} {r.p50_ms or 0:8.1f} {r.p95_ms or 0:8.1f} "
            f"{r.p99_ms or 0:8.1f} {r.errors:4d} {in_progress:>5} "
            f"{r.peak_rss_mb or 0:6.1f} {thr:>6} {p99:>6}"
        )
    return "\n".join(lines)


async def load(args: argparse.Namespace) -> int:
    results: list[RunResult] = []
    profiled: list[tuple[Path, int]] = []
    for latency in args.latency_ms:
        profiles: list[tuple[str, ...]] | None = None
        for bot_kind in args.bots:
            profile: Path | None = None
            if args.profile is not None and bot_kind == "ours":
                profile = args.profile
                if len(args.latency_ms) > 1:
                    profile = profile.with_name(f"{profile.stem}-{latency:g}ms{profile.suffix}")
            result, produced = await run_once(
                bot_kind,
                args,
                latency,
                profiles,
                agents=args.agents,
                duration=args.duration,
                concurrency=args.concurrency,
                rate_limiter=args.rate_limiter,
                profile=profile,
            )
            if profile is not None:
                profiled.append((profile, result.answers))
            profiles = produced or profiles
            results.append(result)
            print(json.dumps(asdict(result)), flush=True)
    failed = any(r.errors or r.answers == 0 for r in results)
    if args.in_progress:
        # Memory, not pace: the shipped concurrency, and Telegram's 30 messages/s lifted (with
        # it, 2,000 agents would need 8 minutes to be all under way).
        result, _ = await run_once(
            "ours",
            args,
            args.latency_ms[0],
            None,
            agents=args.in_progress,
            duration=args.in_progress_duration,
            concurrency=TelegramSettings.model_fields["concurrency"].default,
            rate_limiter="off",
            stop_after=args.in_progress_actions,
        )
        results.append(result)
        print(json.dumps(asdict(result)), flush=True)
        failed = failed or result.errors > 0 or result.in_progress != args.in_progress
    print(table(results), flush=True)
    for line in cpu_lines(results):
        print(line, flush=True)
    for path, actions in profiled:
        if not path.exists():
            print(f"no profile in {path}: the bot did not exit in time", flush=True)
            failed = True
            continue
        print(
            "(the profiled bot runs slower: its CPU per action above includes the profile's cost)"
        )
        print(summary(path, actions=actions, top=args.profile_top), flush=True)
    return 1 if failed else 0


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[0.0, 50.0])
    parser.add_argument("--concurrency", type=int, default=64, help="telegram.concurrency")
    parser.add_argument("--think-ms", type=float, default=0.0, help="mean think time")
    parser.add_argument("--bots", nargs="+", choices=("ours", "limit"), default=["ours", "limit"])
    parser.add_argument(
        "--rate-limiter",
        choices=("on", "off"),
        default="on",
        help="on: Telegram's 30 messages/s, which the bot keeps to by default; off: "
        "telegram.max_messages_per_second = 0 (no overall limit), for both bots",
    )
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per run, at most")
    parser.add_argument(
        "--in-progress",
        type=int,
        default=2000,
        help="agents leaving their response in progress, for memory (0: no such run)",
    )
    parser.add_argument(
        "--in-progress-actions",
        type=int,
        default=4,
        help="actions of each of those agents: /start, begin, then answers",
    )
    parser.add_argument(
        "--in-progress-duration", type=float, default=180.0, help="seconds for that run, at most"
    )
    parser.add_argument("--reply-timeout", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        metavar="FILE",
        help="run the survey bot under a CPU profile (yappi), written to FILE in pstats format "
        "(one file per latency, named after it, when there are several); its summary is printed",
    )
    parser.add_argument("--profile-top", type=int, default=25, help="functions listed")
    args = parser.parse_args(argv)
    args.repo = REPO
    return args


def main(argv: Sequence[str] | None = None) -> int:
    return asyncio.run(load(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
