"""Spam against paid broadcasts: what strangers flooding the bot cost in Telegram Stars.

    .venv/bin/python -m benchmarks.spam [--accounts 10] [--rate 10] [--seconds 10]
                                        [--agents 0] [--max-per-hour N] [--max-total N]

The bot (`python -m bot run`, a child process) runs with `telegram.paid_broadcast = true`
against a fake Bot API that enforces Telegram's 30 free messages a second and 1,000 paid ones.
`--accounts` strangers (no survey begun) each send `--rate` messages a second for `--seconds`
seconds, "hello" and stickers in turn: their replies alone are more than the free 30 a second,
so the free rate is saturated. With `--agents`, that many people answer the survey at the same
time, pausing about a second before each action.

One JSON line: the messages sent, the replies the strangers got, the paid messages (the fake's
own count) and what they cost, split into those to the strangers and those to the agents, and
the agents who finished. `--max-per-hour` and `--max-total` set the paid-broadcast budget.
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

from benchmarks.agents import SurveyAgent
from benchmarks.common import SHIPPED_SURVEY, BotProcess, child_env, our_bot_argv, write_config
from bot.core.questionnaire import load_questionnaire
from fakebotapi import FakeBotAPI, FakeUser

STARS_PER_PAID_MESSAGE = 0.1
QUIET = 3.0
"""Seconds without a message from the bot after which its queue is taken as drained."""


@dataclass
class SpamResult:
    """One run's figures (one JSON line)."""

    accounts: int
    rate: float
    seconds: float
    agents: int
    max_per_hour: int | None
    max_total: int | None
    spam_sent: int
    spam_replies: int
    paid_messages: int
    stars: float
    paid_to_strangers: int
    paid_to_agents: int
    agents_finished: int
    elapsed_s: float


async def flood(user: FakeUser, rate: float, seconds: float) -> int:
    """Send "hello" and stickers in turn, `rate` a second for `seconds`; how many were sent."""
    sent = 0
    begun = time.perf_counter()
    while (elapsed := time.perf_counter() - begun) < seconds:
        if sent % 2:
            await user.send_sticker()
        else:
            await user.send_text("hello")
        sent += 1
        await asyncio.sleep(max(0.0, sent / rate - elapsed))
    return sent


async def drained(api: FakeBotAPI, deadline: float) -> None:
    """Wait until the bot sent nothing for `QUIET` seconds (or `deadline` seconds passed)."""
    end = time.perf_counter() + deadline
    seen = len(api.calls)
    quiet_since = time.perf_counter()
    while time.perf_counter() < end:
        await asyncio.sleep(0.5)
        if len(api.calls) != seen:
            seen, quiet_since = len(api.calls), time.perf_counter()
        elif time.perf_counter() - quiet_since >= QUIET:
            return


async def run(args: argparse.Namespace) -> SpamResult:
    with tempfile.TemporaryDirectory(prefix="survey-spam-") as folder:
        tmp = Path(folder)
        async with FakeBotAPI() as api:
            path = write_config(
                tmp,
                api,
                log_level="WARNING",
                paid_broadcast=True,
                paid_max_per_hour=args.max_per_hour,
                paid_max_total=args.max_total,
            )
            with (tmp / "bot.log").open("ab") as log:
                bot = BotProcess(our_bot_argv(path), child_env(api), log)
                await bot.start(api)
                strangers = [
                    api.user(900_000 + n, f"Stranger{n}", language_code="fr")
                    for n in range(args.accounts)
                ]
                rng = random.Random(args.seed)
                questionnaire = load_questionnaire(SHIPPED_SURVEY)
                agents = [
                    SurveyAgent(
                        api.user(700_000 + n, f"Agent{n}", language_code="fr"),
                        questionnaire,
                        seed=rng.randrange(2**32),
                        think=(0.5, 1.5),
                        reply_timeout=60.0,
                        back_rate=0.0,
                    )
                    for n in range(args.agents)
                ]
                paid_before = api.limits.paid_messages
                mark = len(api.calls)
                begun = time.perf_counter()
                runs = [asyncio.create_task(agent.run()) for agent in agents]
                sent = await asyncio.gather(
                    *(flood(user, args.rate, args.seconds) for user in strangers)
                )
                await asyncio.wait(runs, timeout=args.deadline) if runs else None
                await drained(api, args.deadline)
                elapsed = time.perf_counter() - begun
                for task in runs:
                    task.cancel()
                await asyncio.gather(*runs, return_exceptions=True)
                paid = api.limits.paid_messages - paid_before
                chats = [
                    call.params.get("chat_id")
                    for call in api.calls[mark:]
                    if call.params.get("allow_paid_broadcast") in (True, "true", 1)
                ]
                await bot.terminate(15.0)
    stranger_ids = {user.id for user in strangers}
    to_strangers = sum(int(str(chat)) in stranger_ids for chat in chats if chat is not None)
    return SpamResult(
        accounts=args.accounts,
        rate=args.rate,
        seconds=args.seconds,
        agents=args.agents,
        max_per_hour=args.max_per_hour,
        max_total=args.max_total,
        spam_sent=sum(sent),
        spam_replies=sum(len(user.messages) for user in strangers),
        paid_messages=paid,
        stars=round(paid * STARS_PER_PAID_MESSAGE, 1),
        paid_to_strangers=to_strangers,
        paid_to_agents=len(chats) - to_strangers,
        agents_finished=sum(agent.result.finished for agent in agents),
        elapsed_s=round(elapsed, 1),
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--accounts", type=int, default=10)
    parser.add_argument("--rate", type=float, default=10.0, help="messages a second per account")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--agents", type=int, default=0, help="people answering meanwhile")
    parser.add_argument("--max-per-hour", type=int, default=None)
    parser.add_argument("--max-total", type=int, default=None)
    parser.add_argument("--deadline", type=float, default=300.0, help="seconds to drain, at most")
    parser.add_argument("--seed", type=int, default=22)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    result = asyncio.run(run(parse_args(argv)))
    print(json.dumps(asdict(result)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
