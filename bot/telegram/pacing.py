"""The pace Telegram allows: token buckets, and the order in which waiting chats are served."""

from __future__ import annotations

import enum
from collections.abc import Callable


class QueueOrder(enum.StrEnum):
    """Which waiting chat the outbox serves next."""

    ROUND_ROBIN = "round-robin"
    """Each chat in turn, one call per turn, in the order they began to wait."""
    IN_PROGRESS_FIRST = "in-progress-first"
    """The same, but people in the middle of the survey before newcomers' first screens, as
    long as no first screen has waited `NEWCOMER_WAIT` seconds."""


NEWCOMER_WAIT = 10.0
"""Seconds a newcomer's first screen may wait behind people under way, at most: /start gets no
acknowledgement of its own, so longer would look like a bot that does not answer."""


class Bucket:
    """A token bucket: `burst` calls at once, then `rate` a second; a rate of 0 is no limit."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float]) -> None:
        self.rate = rate
        self.burst = max(burst, 1.0)
        self._clock = clock
        self._tokens = self.burst
        self._last = clock()

    def delay(self, count: int = 1) -> float:
        """Seconds until `count` tokens are there (0: now); never more than a full bucket's
        worth is waited for, so that a call of more messages than the burst still goes."""
        if not self.rate:
            return 0.0
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        needed = min(count, self.burst)
        return 0.0 if self._tokens >= needed else (needed - self._tokens) / self.rate

    def take(self, count: int = 1) -> None:
        """Spend `count` tokens (after `delay` said they are there); beyond a full bucket,
        the next calls wait for the rest."""
        if self.rate:
            self._tokens -= count
