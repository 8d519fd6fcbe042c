"""Launch-day benchmark: hundreds of agents arriving within a minute, at Telegram's real limits.

    .venv/bin/python -m benchmarks.launch [--agents 300] [--arrival 60] [--think 3]
                                          [--latency-ms 20] [--configs free paid]
                                          [--order in-progress-first round-robin]
                                          [--closed-loop 200] [--surveys 1] [--both 0.2]
                                          [--max-per-hour N] [--max-total N]

The fake Bot API enforces Telegram's limits: 30 free messages a second for the whole bot (429
with `retry_after` beyond), 1,000 a second for messages sent with `allow_paid_broadcast`, with
`--latency-ms` per call. The bot (`python -m bot run`, a child process) runs the shipped
configuration, with `telegram.paid_broadcast = true` for the paid one. Each agent arrives at a
random moment within `--arrival` seconds, then answers the shipped survey as a reader does,
pausing about `--think` seconds (0.5x to 1.5x) before each action.

For each configuration and queue order, one JSON line and a table row: the wait from an action
to the bot's next screen (p50/p90/p99/max), the wait until a button press is acknowledged
(answerCallbackQuery, p50/p99), the time to complete the survey (p50/p90), rate-limited calls
(sends and edits) per answered question and per action, paid messages and their cost in Stars,
and the agents who did not finish. `--max-per-hour` and `--max-total` set the paid broadcasts'
budget (the shipped defaults otherwise).

`--surveys 2` runs each configuration twice, back to back: with the shipped survey alone (as
without the option), then with two surveys open at once, the shipped one and a copy under
another id. The same agents (seeds, languages, moments of arrival) give the same number of
responses to both runs: with two surveys, every other response is to the copy, each opened
with its link (`/start <survey id>`), and a share `--both` of the people answer both, one
after the other (the second response of such a pair starts when the first is done, instead of
at its own moment). Each run prints its figures, then a line per configuration compares the
two: the ratio of each wait and of the calls per action.

Then the closed loop: `--closed-loop` agents answering with no pause, Telegram's limit lifted
(fake and bot), to show what the bot itself holds up: wait p50 and p99.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.agents import AgentResult, SurveyAgent, percentile
from benchmarks.common import (
    SHIPPED_SURVEY,
    BotProcess,
    child_env,
    log_summary,
    our_bot_argv,
    write_config,
)
from bot.core.questionnaire import Questionnaire, load_questionnaire
from fakebotapi import FakeBotAPI
from fakebotapi.ratelimit import LIMITED_METHODS


@dataclass
class LaunchResult:
    """One run's figures (one JSON line)."""

    config: str
    order: str
    surveys: int
    agents: int
    """Responses started (with two surveys, a person answering both counts twice)."""
    people: int
    arrival_s: float
    think_s: float
    latency_ms: float
    wait_p50_s: float | None
    wait_p90_s: float | None
    wait_p99_s: float | None
    wait_max_s: float | None
    ack_p50_s: float | None
    ack_p99_s: float | None
    survey_p50_min: float | None
    survey_p90_min: float | None
    calls_per_answer: float
    calls_per_action: float
    actions: int
    paid_messages: int
    stars: float
    refused_429: int
    not_finished: int
    bot_log_errors: int
    elapsed_s: float


SECOND_SURVEY_ID = "telephonie-crm-2020-bis"


def second_survey(folder: Path) -> Path:
    """A copy of the shipped questionnaire written in `folder`, under another id and with
    thanks of its own, so that an agent finishes only if the bot opened the survey its link
    named."""
    shipped = load_questionnaire(SHIPPED_SURVEY)
    copy = SHIPPED_SURVEY.read_text(encoding="utf-8")
    copy = copy.replace(f'id = "{shipped.id}"', f'id = "{SECOND_SURVEY_ID}"', 1)
    for code in shipped.languages:
        head = shipped.text(shipped.thanks, code).strip()[:24]
        copy = copy.replace(head, f"(2) {head}", 1)
    path = folder / "second-survey.toml"
    path.write_text(copy, encoding="utf-8")
    second = load_questionnaire(path)
    assert second.id == SECOND_SURVEY_ID
    assert all(
        second.text(second.thanks, code) != shipped.text(shipped.thanks, code)
        for code in shipped.languages
    )
    return path


def seconds(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


async def run_agents(
    api: FakeBotAPI,
    agents: int,
    *,
    arrival: float,
    think: float,
    seed: int,
    reply_timeout: float,
    deadline: float,
    surveys: Sequence[Questionnaire] = (),
    both: float = 0.0,
) -> tuple[list[SurveyAgent], float]:
    """Run the agents, each starting at its moment of arrival; the agents and the time taken.

    Without `surveys` each agent answers the shipped survey and sends a plain /start. With
    several surveys, agent n opens survey n modulo their number with its link, and with
    probability `both` agents 2k and 2k+1 are one person, who answers the second survey once
    done with the first. The random draws do not depend on `surveys`: the same seed gives the
    same agents either way.
    """
    questionnaires = list(surveys) or [load_questionnaire(SHIPPED_SURVEY)]
    rng = random.Random(seed)
    users, seeds = [], []
    for n in range(agents):
        users.append(api.user(300_000 + n, f"Agent{n}", language_code=rng.choice(["fr", "nl"])))
        seeds.append(rng.randrange(2**32))
    arrivals = [rng.uniform(0, arrival) for _ in users]
    paired = [n % 2 == 1 and rng.random() < both for n in range(agents)]
    if len(surveys) < 2:
        paired = [False] * agents
    survey_agents = [
        SurveyAgent(
            users[n - 1] if paired[n] else users[n],
            questionnaires[n % len(questionnaires)],
            seed=seeds[n],
            think=(think * 0.5, think * 1.5),
            reply_timeout=reply_timeout,
            back_rate=0.0,
            survey=surveys[n % len(surveys)].id if surveys else None,
        )
        for n in range(agents)
    ]

    async def arrive(agent: SurveyAgent, at: float) -> AgentResult:
        await asyncio.sleep(at)
        return await agent.run()

    async def after(agent: SurveyAgent, first: asyncio.Task[AgentResult]) -> AgentResult:
        await asyncio.shield(first)
        return await agent.run()

    begun = time.perf_counter()
    tasks: list[asyncio.Task[AgentResult]] = []
    for n, (agent, at) in enumerate(zip(survey_agents, arrivals, strict=True)):
        if paired[n]:
            tasks.append(asyncio.create_task(after(agent, tasks[n - 1])))
        else:
            tasks.append(asyncio.create_task(arrive(agent, at)))
    _, pending = await asyncio.wait(tasks, timeout=deadline)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return survey_agents, time.perf_counter() - begun


def press_acks(agents: Sequence[SurveyAgent]) -> list[float]:
    """Seconds from each button press to its answerCallbackQuery."""
    acks: list[float] = []
    for agent in agents:
        answered = {a.callback_query_id: a.at for a in agent.user.answered_callbacks}
        for action in agent.result.actions:
            if action.query_id is not None and action.query_id in answered:
                acks.append(answered[action.query_id] - action.sent_at)
    return acks


def durations(agents: Sequence[SurveyAgent]) -> list[float]:
    """Minutes from /start to the thanks, for the agents who finished."""
    spans: list[float] = []
    for agent in agents:
        actions = agent.result.actions
        if agent.result.finished and actions and actions[-1].latency is not None:
            end = actions[-1].sent_at + actions[-1].latency
            spans.append((end - actions[0].sent_at) / 60)
    return spans


async def launch(
    args: argparse.Namespace, config: str, order: str, surveys: int = 1
) -> LaunchResult:
    """One run with `surveys` surveys open (1: the shipped one; 2: it and its copy)."""
    with tempfile.TemporaryDirectory(prefix="survey-launch-") as folder:
        tmp = Path(folder)
        log_path = tmp / "bot.log"
        files = [SHIPPED_SURVEY, second_survey(tmp)][:surveys] if surveys > 1 else []
        questionnaires = [load_questionnaire(file) for file in files]
        async with FakeBotAPI() as api:
            path = write_config(
                tmp,
                api,
                surveys=files,
                log_level="WARNING",
                paid_broadcast=config == "paid",
                queue_order=order,
                paid_max_per_hour=args.max_per_hour,
                paid_max_total=args.max_total,
            )
            with log_path.open("ab") as log:
                bot = BotProcess(our_bot_argv(path), child_env(api), log)
                await bot.start(api)
                api.set_latency(args.latency_ms / 1000)
                mark = len(api.calls)
                paid_before, refused_before = api.limits.paid_messages, api.limits.refused
                agents, elapsed = await run_agents(
                    api,
                    args.agents,
                    arrival=args.arrival,
                    think=args.think,
                    seed=args.seed,
                    reply_timeout=args.reply_timeout,
                    deadline=args.deadline,
                    surveys=questionnaires,
                    both=args.both,
                )
                calls = sum(1 for c in api.calls[mark:] if c.method in LIMITED_METHODS)
                paid = api.limits.paid_messages - paid_before
                refused = api.limits.refused - refused_before
                api.set_latency(0.0)
                await bot.terminate(15.0)
        errors = sum(n for k, n in log_summary(log_path).items() if k.startswith("ERROR"))
    waits = [w for agent in agents for w in agent.result.latencies]
    acks = press_acks(agents)
    spans = durations(agents)
    answered = sum(len(agent.result.answers) for agent in agents)
    actions = sum(len(agent.result.actions) for agent in agents)
    return LaunchResult(
        config=config,
        order=order,
        surveys=max(surveys, 1),
        agents=args.agents,
        people=len({agent.user.id for agent in agents}),
        arrival_s=args.arrival,
        think_s=args.think,
        latency_ms=args.latency_ms,
        wait_p50_s=seconds(percentile(waits, 0.50)),
        wait_p90_s=seconds(percentile(waits, 0.90)),
        wait_p99_s=seconds(percentile(waits, 0.99)),
        wait_max_s=seconds(max(waits, default=None)),
        ack_p50_s=seconds(percentile(acks, 0.50), 3),
        ack_p99_s=seconds(percentile(acks, 0.99), 3),
        survey_p50_min=seconds(percentile(spans, 0.50)),
        survey_p90_min=seconds(percentile(spans, 0.90)),
        calls_per_answer=round(calls / answered, 2) if answered else 0.0,
        calls_per_action=round(calls / actions, 2) if actions else 0.0,
        actions=actions,
        paid_messages=paid,
        stars=round(paid * 0.1, 1),
        refused_429=refused,
        not_finished=sum(not agent.result.finished for agent in agents),
        bot_log_errors=errors,
        elapsed_s=round(elapsed, 1),
    )


@dataclass
class ClosedLoopResult:
    """The closed loop's figures."""

    agents: int
    latency_ms: float
    wait_p50_s: float | None
    wait_p99_s: float | None
    p99_over_p50: float | None
    answers_per_s: float
    not_finished: int
    driver_cpu_s: float
    """CPU time of this process (agents and fake Bot API): near the elapsed time, the
    driver, not the bot, set the pace."""
    elapsed_s: float


async def closed_loop(args: argparse.Namespace) -> ClosedLoopResult:
    with tempfile.TemporaryDirectory(prefix="survey-closed-") as folder:
        tmp = Path(folder)
        async with FakeBotAPI() as api:
            api.limits.set(0, 0)
            path = write_config(tmp, api, log_level="WARNING", max_messages_per_second=0)
            with (tmp / "bot.log").open("ab") as log:
                bot = BotProcess(our_bot_argv(path), child_env(api), log)
                await bot.start(api)
                api.set_latency(args.latency_ms / 1000)
                cpu = time.process_time()
                agents, elapsed = await run_agents(
                    api,
                    args.closed_loop,
                    arrival=0.0,
                    think=0.0,
                    seed=args.seed,
                    reply_timeout=args.reply_timeout,
                    deadline=args.deadline,
                )
                cpu = time.process_time() - cpu
                api.set_latency(0.0)
                await bot.terminate(15.0)
    waits = [w for agent in agents for w in agent.result.latencies]
    p50, p99 = percentile(waits, 0.50), percentile(waits, 0.99)
    return ClosedLoopResult(
        agents=args.closed_loop,
        latency_ms=args.latency_ms,
        wait_p50_s=seconds(p50, 3),
        wait_p99_s=seconds(p99, 3),
        p99_over_p50=round(p99 / p50, 2) if p50 and p99 else None,
        answers_per_s=round(len(waits) / elapsed, 1) if elapsed else 0.0,
        not_finished=sum(not agent.result.finished for agent in agents),
        driver_cpu_s=round(cpu, 1),
        elapsed_s=round(elapsed, 1),
    )


def ratio(two: float | None, one: float | None) -> str:
    """`two` over `one`, for the comparison line."""
    return "-" if two is None or not one else f"{two / one:.2f}"


def comparison(one: LaunchResult, two: LaunchResult) -> str:
    """How the run with several surveys compares with the one-survey run."""
    return (
        f"{two.config} {two.order}: {two.surveys} surveys / 1 survey: wait p50 "
        f"{ratio(two.wait_p50_s, one.wait_p50_s)}, p90 {ratio(two.wait_p90_s, one.wait_p90_s)}"
        f", p99 {ratio(two.wait_p99_s, one.wait_p99_s)}, max "
        f"{ratio(two.wait_max_s, one.wait_max_s)}; ack p50 "
        f"{ratio(two.ack_p50_s, one.ack_p50_s)}; calls per action {one.calls_per_action}"
        f" -> {two.calls_per_action}; actions {one.actions} -> {two.actions}"
    )


def row(r: LaunchResult) -> str:
    return (
        f"{r.config:5} {r.order:18} {r.surveys:>7} "
        f"{r.wait_p50_s}/{r.wait_p90_s}/{r.wait_p99_s}/{r.wait_max_s} s"
        f" | ack {r.ack_p50_s}/{r.ack_p99_s} s | survey {r.survey_p50_min}/{r.survey_p90_min} min"
        f" | {r.calls_per_answer} calls/answer, {r.calls_per_action}/action"
        f" | paid {r.paid_messages} ({r.stars} Stars) | 429: {r.refused_429}"
        f" | not finished {r.not_finished} of {r.agents} ({r.people} people)"
    )


async def main_async(args: argparse.Namespace) -> int:
    results: list[LaunchResult] = []
    pairs: list[tuple[LaunchResult, LaunchResult]] = []
    for config in args.configs:
        for order in args.order:
            result = await launch(args, config, order)
            results.append(result)
            print(json.dumps(asdict(result)), flush=True)
            if args.surveys > 1:
                several = await launch(args, config, order, args.surveys)
                results.append(several)
                pairs.append((result, several))
                print(json.dumps(asdict(several)), flush=True)
    loop = None
    if args.closed_loop:
        loop = await closed_loop(args)
        print(json.dumps(asdict(loop)), flush=True)
    print(
        "config order              surveys wait p50/p90/p99/max | ack p50/p99 | survey p50/p90"
        " | ..."
    )
    for result in results:
        print(row(result), flush=True)
    for one, several in pairs:
        print(comparison(one, several), flush=True)
    if loop is not None:
        print(
            f"closed loop, {loop.agents} agents, no limit: wait p50 {loop.wait_p50_s} s, "
            f"p99 {loop.wait_p99_s} s (p99/p50 {loop.p99_over_p50}), {loop.answers_per_s} "
            f"answers/s, not finished {loop.not_finished}",
            flush=True,
        )
    failed = any(r.not_finished for r in results) or (loop is not None and loop.not_finished)
    return 1 if failed else 0


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--agents", type=int, default=300)
    parser.add_argument("--arrival", type=float, default=60.0, help="seconds they arrive within")
    parser.add_argument("--think", type=float, default=3.0, help="mean pause per action, s")
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--configs", nargs="*", choices=("free", "paid"), default=["free", "paid"])
    parser.add_argument(
        "--order",
        nargs="+",
        choices=("in-progress-first", "round-robin"),
        default=["round-robin"],
        help="telegram.queue_order values to run",
    )
    parser.add_argument(
        "--max-per-hour", type=int, default=None, help="telegram.paid_broadcast_max_per_hour"
    )
    parser.add_argument(
        "--max-total", type=int, default=None, help="telegram.paid_broadcast_max_total"
    )
    parser.add_argument(
        "--surveys",
        type=int,
        choices=(1, 2),
        default=1,
        help="2: each configuration with one survey, then with two open at once",
    )
    parser.add_argument(
        "--both",
        type=float,
        default=0.2,
        help="with two surveys, the chance that two agents are one person answering both",
    )
    parser.add_argument("--closed-loop", type=int, default=200, help="agents (0: no such run)")
    parser.add_argument("--reply-timeout", type=float, default=60.0)
    parser.add_argument("--deadline", type=float, default=900.0, help="seconds per run, at most")
    parser.add_argument("--seed", type=int, default=14)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
