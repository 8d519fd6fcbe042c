"""Presses the flood guard dropped are answered silently, a few at a time, up to a bound."""

from __future__ import annotations

import asyncio
from typing import cast

from telegram import Bot, CallbackQuery

from bot.telegram.outbox import Outbox
from bot.telegram.sending import DROPPED_ANSWERS_AT_ONCE, DROPPED_ANSWERS_WAITING, Sender


class Presses:
    """Callback queries whose answers wait until released, counting those in flight."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.full = asyncio.Event()
        self.answers: list[str | None] = []
        self.in_flight = 0
        self.most_in_flight = 0

    def query(self) -> CallbackQuery:
        presses = self

        class Query:
            async def answer(self, text: str | None = None, *, show_alert: bool = False) -> bool:
                presses.in_flight += 1
                presses.most_in_flight = max(presses.most_in_flight, presses.in_flight)
                if presses.in_flight == DROPPED_ANSWERS_AT_ONCE:
                    presses.full.set()
                await presses.release.wait()
                presses.in_flight -= 1
                presses.answers.append(text)
                return True

        return cast(CallbackQuery, Query())


async def test_dropped_presses_are_answered_silently_within_a_bound() -> None:
    sender = Sender(cast(Bot, None), Outbox())
    presses = Presses()
    extra = 50
    for _ in range(DROPPED_ANSWERS_WAITING + extra):
        sender.answer_dropped(presses.query())
    assert sender.dropped_unanswered == extra
    async with asyncio.timeout(5):
        await presses.full.wait()
    presses.release.set()
    await sender.finish_answers()
    assert presses.answers == [None] * DROPPED_ANSWERS_WAITING
    assert presses.most_in_flight == DROPPED_ANSWERS_AT_ONCE
    # Once those are answered, a new dropped press is answered again.
    sender.answer_dropped(presses.query())
    await sender.finish_answers()
    assert len(presses.answers) == DROPPED_ANSWERS_WAITING + 1
