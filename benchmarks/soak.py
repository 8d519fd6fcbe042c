"""Soak test: the real bot as a child process, many agents, random faults and SIGKILL restarts.

    .venv/bin/python -m benchmarks.soak [--agents 200] [--restarts 4] [--duration 330]

Starts the fake Bot API here, writes a config (shipped survey, temporary database, the fake
API's address) and runs ``python -m bot --config CFG run`` with the token in SURVEY_BOT_TOKEN.
Agents answer the survey concurrently while faults are injected on the fly (429 with
retry_after 1, 500, 502, dropped connections, some after the call was carried out, timeouts,
latency) and the bot is SIGKILLed and restarted at random moments under load. Then the bot is
stopped with SIGTERM (it must exit 0 within --stop-timeout), the responses are exported with
``python -m bot --config CFG export --format json`` and compared with what the agents answered.

Prints one line; the exit code is 1 when an answer is lost or doubled, an agent could not
finish, or the bot did not stop cleanly.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.agents import AgentResult, SurveyAgent, percentile
from benchmarks.common import (
    SHIPPED_SURVEY,
    BotProcess,
    child_env,
    log_summary,
    our_bot_argv,
    write_config,
)
from bot.core.questionnaire import load_questionnaire
from fakebotapi import FakeBotAPI, FaultKind

FAULT_METHODS = (
    "getUpdates",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
)
MIN_ACTIONS_PER_AGENT = 14  # /start excluded: begin, 12 answers at least, submit


@dataclass
class Progress:
    """Counts the agents' actions; lets a task wait until a number of them is reached."""

    actions: int = 0
    _waiters: list[tuple[int, asyncio.Future[None]]] = field(default_factory=list)

    def tick(self, kind: str) -> None:
        if kind == "start":
            return
        self.actions += 1
        for waiter in [w for w in self._waiters if w[0] <= self.actions]:
            self._waiters.remove(waiter)
            if not waiter[1].done():
                waiter[1].set_result(None)

    async def reach(self, count: int) -> None:
        if self.actions >= count:
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append((count, future))
        await future


@dataclass
class Restarts:
    """What the restarts did."""

    done: int = 0
    startup_seconds: list[float] = field(default_factory=list)
    moments: list[float] = field(default_factory=list)
    """time.perf_counter() of each SIGKILL."""
    unexpected_exits: int = 0


def inject_one(api: FakeBotAPI, rng: random.Random, method: str) -> None:
    """Schedule one random fault on the next call of `method`."""
    roll = rng.random()
    if roll < 0.22:
        api.inject(method, FaultKind.TOO_MANY_REQUESTS, retry_after=1)
    elif roll < 0.36:
        api.inject(method, FaultKind.SERVER_ERROR)
    elif roll < 0.50:
        api.inject(method, FaultKind.BAD_GATEWAY)
    elif roll < 0.64:
        api.inject(method, FaultKind.DROP_CONNECTION)
    elif roll < 0.80:
        # Carried out, but the bot never hears back ("sent but unacknowledged").
        api.inject(method, FaultKind.DROP_CONNECTION, process=True)
    elif roll < 0.92:
        api.inject(method, FaultKind.LATENCY, delay=rng.uniform(0.2, 2.0))
    else:
        # Longer than python-telegram-bot's 5 s read timeout, then dropped unanswered.
        api.inject(method, FaultKind.TIMEOUT, delay=6.0)


async def inject_faults(
    api: FakeBotAPI,
    rng: random.Random,
    ratio: float,
    stop: asyncio.Event,
    *,
    max_pending: int = 2,
    tick: float = 0.1,
) -> None:
    """Fault about `ratio` of the bot's calls, on the fly; now and then slow every call down.

    Faults follow the traffic: each new call of a per-update method (getUpdates, sends, edits,
    callback answers) draws a fault for a later call of the same method with probability
    `ratio`. At most `max_pending` faults wait at a time, so that they never pile up into long
    runs of failures of one method.
    """
    if ratio <= 0:
        return
    seen = len(api.calls)
    slow_until = 0.0
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=tick)
        calls = api.calls
        fresh, seen = calls[seen:], len(calls)
        for call in fresh:
            wanted = call.method in FAULT_METHODS and rng.random() < ratio
            if wanted and api.faults.pending() < max_pending:
                inject_one(api, rng, call.method)
        now = loop.time()
        if slow_until and now > slow_until:
            api.set_latency(0.0)
            slow_until = 0.0
        elif not slow_until and rng.random() < 0.002:
            api.set_latency(rng.uniform(0.02, 0.1))
            slow_until = now + rng.uniform(2.0, 6.0)
    api.set_latency(0.0)


async def restart_under_load(
    kills: asyncio.Queue[None],
    progress: Progress,
    thresholds: Sequence[int],
    rng: random.Random,
) -> None:
    """Ask for a SIGKILL restart when the agents' actions reach each threshold."""
    for threshold in thresholds:
        await progress.reach(threshold)
        await asyncio.sleep(rng.uniform(0.0, 0.5))  # a random moment, not an action boundary
        await kills.put(None)


async def supervise(
    bot: BotProcess, api: FakeBotAPI, kills: asyncio.Queue[None], restarts: Restarts
) -> None:
    """Own the bot process: SIGKILL and start it again on request (right away), and start it
    again if it dies by itself (counted: that is a finding)."""
    while True:
        process = bot.process
        assert process is not None
        exited = asyncio.ensure_future(process.wait())
        killing = asyncio.ensure_future(kills.get())
        try:
            await asyncio.wait([exited, killing], return_when=asyncio.FIRST_COMPLETED)
        finally:
            exited.cancel()
            killing.cancel()
        if killing.done() and not killing.cancelled():
            if process.returncode is not None:
                restarts.unexpected_exits += 1
            restarts.moments.append(time.perf_counter())
            await bot.kill()
            restarts.startup_seconds.append(await bot.start(api))
            restarts.done += 1
        else:
            restarts.unexpected_exits += 1
            await bot.start(api)


def resyncs_after_restarts(
    results: Sequence[AgentResult], moments: Sequence[float], timeout: float
) -> int:
    """How many /start an agent had to send because a restart lost the reply it waited for."""
    count = 0
    for result in results:
        actions = result.actions
        for previous, action in itertools.pairwise(actions):
            if action.kind == "start" and previous.latency is None:
                waited = (previous.sent_at, previous.sent_at + timeout + 1)
                count += any(waited[0] < moment < waited[1] for moment in moments)
    return count


def canonical(response: dict[str, Any]) -> str:
    """A response as a comparable string (language and answers)."""
    return json.dumps(
        {"language": response.get("language"), "answers": response.get("answers", {})},
        sort_keys=True,
        ensure_ascii=False,
    )


def compare(results: Sequence[AgentResult], exported: Sequence[dict[str, Any]]) -> tuple[int, int]:
    """(lost, doubled): answers of finished agents missing or different; extra responses."""
    expected = Counter(canonical(r.response) for r in results if r.finished)
    actual = Counter(canonical(r) for r in exported)
    lost = sum((expected - actual).values())
    doubled = sum((actual - expected).values())
    return lost, doubled


def export_json(config: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    """Run the real export command and return its responses."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(config), "export", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"export failed ({done.returncode}): {done.stderr.strip()}")
    document = json.loads(done.stdout)
    responses: list[dict[str, Any]] = document["responses"]
    return responses


async def soak(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    questionnaire = load_questionnaire(SHIPPED_SURVEY)
    begun = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="survey-soak-") as folder:
        tmp = Path(folder)
        log_path = tmp / "bot.log"
        async with FakeBotAPI() as api:
            config = write_config(tmp, api, log_level="INFO")
            env = child_env(api)
            with log_path.open("ab") as log:
                bot = BotProcess(our_bot_argv(config), env, log)
                await bot.start(api)
                progress = Progress()
                restarts = Restarts()
                low, high = args.think_ms
                agents = [
                    SurveyAgent(
                        api.user(
                            100_000 + number,
                            f"Agent{number}",
                            language_code=rng.choice(["fr", "nl", "en", None]),
                        ),
                        questionnaire,
                        seed=rng.randrange(2**32),
                        think=(low / 1000, high / 1000),
                        reply_timeout=args.reply_timeout,
                        on_action=progress.tick,
                    )
                    for number in range(args.agents)
                ]

                async def arrive(agent: SurveyAgent, delay: float) -> AgentResult:
                    await asyncio.sleep(delay)  # people do not all start at the same second
                    return await agent.run()

                tasks = [
                    asyncio.create_task(arrive(agent, rng.uniform(0, args.ramp)))
                    for agent in agents
                ]
                stop = asyncio.Event()
                expected_actions = args.agents * MIN_ACTIONS_PER_AGENT
                thresholds = sorted(
                    int(rng.uniform(0.1, 0.75) * expected_actions) for _ in range(args.restarts)
                )
                kills: asyncio.Queue[None] = asyncio.Queue()
                injector = asyncio.create_task(inject_faults(api, rng, args.fault_ratio, stop))
                restarter = asyncio.create_task(
                    restart_under_load(kills, progress, thresholds, rng)
                )
                supervisor = asyncio.create_task(supervise(bot, api, kills, restarts))
                _, pending = await asyncio.wait(tasks, timeout=args.duration)
                for task in pending:
                    task.cancel()
                await asyncio.gather(*pending, return_exceptions=True)
                stop.set()
                await injector
                restarter.cancel()
                await asyncio.gather(restarter, return_exceptions=True)
                api.faults.clear()
                faults = api.faults_injected
                supervisor.cancel()
                await asyncio.gather(supervisor, return_exceptions=True)
                peak = bot.peak_rss_mb()
                exit_code, stop_seconds = await bot.terminate(args.stop_timeout + 5)
        results = [agent.result for agent in agents]
        for result in results:
            if not result.finished and result.error is None:
                result.error = "still answering at the end of --duration"
        exported = export_json(config, env)
        logs = log_summary(log_path)
        if args.log:
            shutil.copyfile(log_path, args.log)
    lost, doubled = compare(results, exported)
    finished = sum(r.finished for r in results)
    latencies = [x for r in results for x in r.latencies]
    answers = sum(len(r.answers) for r in results if r.finished)
    clean_stop = exit_code == 0 and stop_seconds <= args.stop_timeout
    errors = sum(n for key, n in logs.items() if key.startswith("ERROR"))
    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
    after_restart = resyncs_after_restarts(results, restarts.moments, args.reply_timeout)
    print(
        f"soak agents={args.agents} finished={finished} answers={answers} "
        f"responses={len(exported)} actions={sum(len(r.actions) for r in results)} "
        f"faults={faults} restarts={restarts.done} "
        f"lost={lost} doubled={doubled} "
        f"resyncs={sum(r.resyncs for r in results)} "
        f"resyncs_after_restart={after_restart} stale={sum(r.stale for r in results)} "
        f"unexpected_exits={restarts.unexpected_exits} bot_log_errors={errors} "
        f"sigterm_exit={exit_code} stop_s={stop_seconds:.1f} "
        f"p50_s={p50 or 0:.2f} p99_s={p99 or 0:.2f} peak_rss_mb={peak or 0:.0f} "
        f"elapsed_s={time.perf_counter() - begun:.0f}",
        flush=True,
    )
    if args.verbose or lost or doubled or finished < args.agents:
        for result in results:
            if not result.finished or result.error:
                print(f"  agent {result.user_id}: unfinished: {result.error}", file=sys.stderr)
        for key, count in sorted(logs.items(), key=lambda kv: -kv[1])[:15]:
            print(f"  bot log x{count}: {key}", file=sys.stderr)
    ok = lost == 0 and doubled == 0 and finished == args.agents and clean_stop
    return 0 if ok else 1


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--restarts", type=int, default=4, help="SIGKILL restarts under load")
    parser.add_argument(
        "--fault-ratio", type=float, default=0.03, help="share of the bot's calls faulted"
    )
    parser.add_argument(
        "--duration", type=float, default=480.0, help="seconds the agents get, at most"
    )
    parser.add_argument("--ramp", type=float, default=10.0, help="agents arrive over this many s")
    parser.add_argument(
        "--think-ms",
        type=float,
        nargs=2,
        default=(4000.0, 12000.0),
        metavar=("MIN", "MAX"),
        help="think time between actions (the bot serves about 16 actions/s, so 200 agents "
        "need at least 4.5 min whatever their think time; 8 s on average keeps the queue short)",
    )
    parser.add_argument("--reply-timeout", type=float, default=30.0)
    parser.add_argument("--stop-timeout", type=float, default=8.0)
    parser.add_argument("--seed", type=int, default=20200211)
    parser.add_argument("--log", help="keep the bot's log in this file")
    parser.add_argument("--verbose", action="store_true")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    return asyncio.run(soak(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
