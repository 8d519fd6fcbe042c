"""The paid broadcasts' budget: so many an hour and so many in all, counted in the database
before they go, said in the log and in /stats."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.i18n import text
from bot.telegram.admin import budget_line
from bot.telegram.budget import AHEAD, HOUR, PaidBudget


class Ledger:
    """A store's count of paid messages, in memory; `written` lists every value written."""

    def __init__(self, count: int = 0) -> None:
        self.count = count
        self.written: list[int] = []
        self.changed = asyncio.Event()

    async def paid_messages(self) -> int:
        return self.count

    async def keep_paid_messages(self, count: int) -> None:
        self.count = count
        self.written.append(count)
        self.changed.set()


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


async def take(budget: PaidBudget, ledger: Ledger) -> bool:
    """Take a paid message, waiting for the ledger's write if the budget asks for one."""
    if not budget.available():
        return False
    if budget.take():
        return True
    await asyncio.wait_for(ledger.changed.wait(), 5)
    ledger.changed.clear()
    return budget.take()


async def test_the_hourly_budget_is_spent_said_once_and_refills_after_the_hour(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    budget = PaidBudget(per_hour=3, total=100, clock=clock)
    caplog.set_level(logging.INFO, logger="bot.telegram.budget")
    for _ in range(3):
        assert budget.available() and budget.take()
    assert not budget.available()
    assert budget.refills_in() == HOUR
    clock.now += HOUR / 2
    assert not budget.available()
    line = budget_line(budget, "en")
    assert text("en", "stats_paid_hour_spent", minutes="30") in line
    clock.now += HOUR / 2
    assert budget.available()
    assert budget.refills_in() is None
    assert budget.spent == 3 and budget.spent_this_hour == 0
    messages = [r.getMessage() for r in caplog.records]
    assert len([m for m in messages if "this hour's budget of 3" in m]) == 1
    assert len([m for m in messages if "hourly budget refills" in m]) == 1


async def test_the_total_budget_is_spent_for_good(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    budget = PaidBudget(per_hour=10, total=4, clock=clock)
    caplog.set_level(logging.INFO, logger="bot.telegram.budget")
    for _ in range(4):
        assert budget.available() and budget.take()
    clock.now += 5 * HOUR
    assert not budget.available()
    assert budget.spent_in_all
    assert text("en", "stats_paid_total_spent") in budget_line(budget, "en")
    spent = [r for r in caplog.records if "total budget of 4" in r.getMessage()]
    assert len(spent) == 1 and spent[0].levelno == logging.WARNING


async def test_a_refused_paid_message_is_given_back_and_the_log_told_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.telegram.budget")
    budget = PaidBudget(per_hour=1, total=5)
    assert budget.take()
    assert not budget.available()
    budget.refund()
    assert budget.spent == 0
    assert budget.available() and budget.take()
    assert len([r for r in caplog.records if "this hour's budget" in r.getMessage()]) == 1


async def test_paid_messages_are_counted_in_the_store_before_they_go() -> None:
    ledger = Ledger()
    budget = PaidBudget(per_hour=1_000, total=120, store=ledger)
    await budget.load()
    sent = 0
    while await take(budget, ledger):
        sent += 1
        # Whatever moment the process dies, the store holds at least what went.
        assert ledger.count >= sent
    assert sent == 120
    assert ledger.written == [AHEAD, 2 * AHEAD, 120]


async def test_a_restart_starts_from_the_count_kept_and_a_crash_never_gives_any_back() -> None:
    ledger = Ledger()
    budget = PaidBudget(per_hour=1_000, total=100, store=ledger)
    await budget.load()
    for _ in range(7):
        assert await take(budget, ledger)
    await budget.close()
    assert ledger.count == 7, "a clean stop gives back what was counted ahead and not sent"

    again = PaidBudget(per_hour=1_000, total=100, store=ledger)
    await again.load()
    assert again.spent == 7
    for _ in range(3):
        assert await take(again, ledger)
    # Killed here, without `close`: the count kept covers what went, and more.
    after_crash = PaidBudget(per_hour=1_000, total=100, store=ledger)
    await after_crash.load()
    assert after_crash.spent >= 10


async def test_a_budget_spent_in_earlier_runs_is_said_at_start(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.telegram.budget")
    budget = PaidBudget(per_hour=1_000, total=100, store=Ledger(100))
    await budget.load()
    assert not budget.available()
    assert any("total budget of 100" in r.getMessage() for r in caplog.records)
