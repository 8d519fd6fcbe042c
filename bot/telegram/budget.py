"""The budget of paid broadcasts: so many paid messages an hour, so many in the whole survey.

Counted in paid messages (0.1 Telegram Star each). An hour begins with its first paid message;
once that hour's budget is spent, nothing more is paid until the hour is over. The total is the
survey's, restarts included: the database counts paid messages before they go, `AHEAD` at a
time, so that a crash may leave up to that many counted and never sent, never more sent than
counted. Once a budget is spent, replies wait for free turns; one log line says so, and one
when the hourly budget refills.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from bot.core.stores import SpendingStore, StoreFailure

logger = logging.getLogger(__name__)

STARS_PER_PAID_MESSAGE = 0.1
"""What Telegram charges for a message beyond the free limit (Bot API 7.11)."""
HOUR = 3600.0
AHEAD = 50
"""Paid messages counted in the database before they go (5 Stars): one write per that many."""
RETRY_AFTER = 10.0
"""Seconds before counting in the database is tried again after it failed."""


def stars(messages: int) -> float:
    """What so many paid messages cost, in Telegram Stars."""
    return round(messages * STARS_PER_PAID_MESSAGE, 1)


class PaidBudget:
    """How many paid messages may still go: `per_hour` in an hour, `total` in all."""

    def __init__(
        self,
        *,
        per_hour: int,
        total: int,
        store: SpendingStore | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Args:
        store: where the count is kept across restarts (None: in this process only).
        """
        self.per_hour = per_hour
        self.total = total
        self._store = store
        self._clock = clock
        self.spent = 0
        """Paid messages counted against the total (earlier runs' too)."""
        self.spent_this_hour = 0
        self._hour_began: float | None = None
        self._counted = 0 if store is not None else total
        """What the database counts: paid messages may go up to there."""
        self._writing: asyncio.Task[None] | None = None
        self._retry_at = 0.0
        self._refill: asyncio.TimerHandle | None = None
        self._told: set[str] = set()
        """Which budgets the log was told are spent (once each, though a refund and a
        message more may spend one again)."""
        self._listeners: list[Callable[[], None]] = []

    def when_counted(self, listener: Callable[[], None]) -> None:
        """Call `listener` when more paid messages are counted in the database (and may go)."""
        self._listeners.append(listener)

    async def load(self) -> None:
        """Read what earlier runs spent; say so if the total budget is spent already."""
        if self._store is not None:
            self.spent = self._counted = await self._store.paid_messages()
        if self.spent >= self.total:
            self._total_spent()

    async def close(self) -> None:
        """Record what was really spent (messages counted ahead and unsent are given back)."""
        if self._refill is not None:
            self._refill.cancel()
        if self._writing is not None:
            await asyncio.gather(self._writing, return_exceptions=True)
        if self._store is not None and self._counted != self.spent:
            try:
                await self._store.keep_paid_messages(self.spent)
            except StoreFailure as error:
                logger.warning("could not record the paid messages: %s", error)

    @property
    def spent_in_all(self) -> bool:
        """Whether the total budget is spent."""
        return self.spent >= self.total

    def refills_in(self) -> float | None:
        """Seconds until this hour's budget, spent, refills (None: it is not spent)."""
        self._roll()
        if self._hour_began is None or self.spent_this_hour < self.per_hour:
            return None
        return max(0.0, self._hour_began + HOUR - self._clock())

    def available(self) -> bool:
        """Whether neither budget is spent."""
        self._roll()
        return self.spent < self.total and self.spent_this_hour < self.per_hour

    def take(self) -> bool:
        """Count a paid message about to go, if one may (after `available`); False while the
        database has yet to count it."""
        self._count_ahead()
        if self.spent >= self._counted:
            return False
        now = self._clock()
        if self._hour_began is None:
            self._hour_began = now
        self.spent += 1
        self.spent_this_hour += 1
        if (
            self.spent_this_hour == self.per_hour
            and self.spent < self.total
            and self._tell("hour")
        ):
            left = self._hour_began + HOUR - now
            logger.warning(
                "paid broadcasts: this hour's budget of %d paid messages (%.1f Stars) is spent; "
                "replies wait for free turns for %.0f min",
                self.per_hour,
                stars(self.per_hour),
                left / 60,
            )
            loop = asyncio.get_running_loop()
            self._refill = loop.call_later(left + 1, self._roll)  # past the hour, by any clock
        if self.spent == self.total:
            self._total_spent()
        self._count_ahead()
        return True

    def refund(self) -> None:
        """Give back a paid message that Telegram refused: it was not sent."""
        self.spent = max(0, self.spent - 1)
        self.spent_this_hour = max(0, self.spent_this_hour - 1)

    def _tell(self, budget: str) -> bool:
        """Whether the log has yet to be told that this budget is spent (it is told now)."""
        told = budget in self._told
        self._told.add(budget)
        return not told

    def _total_spent(self) -> None:
        if not self._tell("total"):
            return
        logger.warning(
            "paid broadcasts: the total budget of %d paid messages (%.1f Stars) is spent; "
            "replies wait for free turns from now on (telegram.paid_broadcast_max_total)",
            self.total,
            stars(self.total),
        )

    def _roll(self) -> None:
        """Begin a new hour once the last one is over."""
        if self._hour_began is None or self._clock() - self._hour_began < HOUR:
            return
        if self.spent_this_hour >= self.per_hour and self.spent < self.total:
            logger.info(
                "paid broadcasts: the hourly budget refills (%d paid messages)", self.per_hour
            )
            for listener in self._listeners:
                listener()
        self._hour_began, self.spent_this_hour = None, 0
        self._told.discard("hour")

    def _count_ahead(self) -> None:
        """Count the next paid messages in the database before they go, when few are left."""
        if (
            self._store is None
            or self._writing is not None
            or self._counted >= self.total
            or self._counted - self.spent > AHEAD // 2
            or self._clock() < self._retry_at
        ):
            return
        count = min(self.total, self._counted + AHEAD)
        self._writing = asyncio.get_running_loop().create_task(self._count(count))

    async def _count(self, count: int) -> None:
        assert self._store is not None
        try:
            await self._store.keep_paid_messages(count)
        except StoreFailure as error:
            logger.warning(
                "could not count paid messages in the database (%s): none go until it can",
                error,
            )
            self._retry_at = self._clock() + RETRY_AFTER
            return
        finally:
            self._writing = None
        self._counted = count
        for listener in self._listeners:
            listener()
