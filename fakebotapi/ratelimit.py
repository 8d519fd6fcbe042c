"""Telegram's flood limits for a whole bot: about 30 free messages a second, 1,000 paid.

A message sent with ``allow_paid_broadcast`` may go beyond the free limit, up to 1,000 a
second, for 0.1 Star each (Bot API 7.11). Only sending methods take that parameter: an edit
counts against the free limit whatever it says. Over a limit the call gets a 429 with
``retry_after``, as on Telegram. An album (``sendMediaGroup``) counts a message per item:
Telegram sends each as a message of its own, and bots that count it as one call meet 429s
(the limits are not documented; this is what bot authors report)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

LIMITED_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendAudio",
        "sendVideo",
        "sendAnimation",
        "sendVoice",
        "sendSticker",
        "sendMediaGroup",
        "sendLocation",
        "sendPoll",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "editMessageCaption",
        "editMessageMedia",
    }
)
"""Calls that count as messages (answerCallbackQuery, getUpdates and the like do not)."""
PAYABLE_METHODS = frozenset(m for m in LIMITED_METHODS if not m.startswith("edit"))
"""Calls that ``allow_paid_broadcast`` applies to."""
STARS_PER_PAID_MESSAGE = 0.1


class Bucket:
    """A token bucket: `burst` calls at once, then `rate` a second."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float]) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = burst
        self._last = clock()

    def take(self, count: int = 1) -> float:
        """Take `count` tokens: 0 if they were there, else the seconds until they will be."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens >= count:
            self._tokens -= count
            return 0.0
        return (count - self._tokens) / self.rate


class FloodLimits:
    """The fake's limits; a rate of 0 lifts one."""

    def __init__(
        self,
        free_per_second: float = 30.0,
        paid_per_second: float = 1000.0,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self.set(free_per_second, paid_per_second)
        self.paid_messages = 0
        """Messages sent with ``allow_paid_broadcast`` and accepted."""
        self.refused = 0
        """Calls answered with 429 for going over a limit."""

    def set(self, free_per_second: float, paid_per_second: float) -> None:
        """Change the limits (a full second's burst of each)."""
        self._free = self._bucket(free_per_second)
        self._paid = self._bucket(paid_per_second)

    def _bucket(self, rate: float) -> Bucket | None:
        return Bucket(rate, rate, self._clock) if rate else None

    @property
    def stars(self) -> float:
        """What the paid messages cost, in Telegram Stars."""
        return round(self.paid_messages * STARS_PER_PAID_MESSAGE, 1)

    def check(self, method: str, paid: bool, messages: int = 1) -> int | None:
        """Count a call of `messages` messages (an album's items are a message each); the
        `retry_after` to answer with when it is over its limit."""
        if method not in LIMITED_METHODS:
            return None
        paid = paid and method in PAYABLE_METHODS
        bucket = self._paid if paid else self._free
        if bucket is None:
            self.paid_messages += paid * messages
            return None
        wait = bucket.take(messages)
        if wait > 0:
            self.refused += 1
            return max(1, math.ceil(wait))
        self.paid_messages += paid * messages
        return None
