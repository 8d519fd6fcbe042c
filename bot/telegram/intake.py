"""Update intake: updates confirmed to Telegram only once processed.

python-telegram-bot's own polling asks for the next offset while handlers still run, so a
crash at that moment loses those updates. Here a batch is fetched, processed (in order within
each chat, concurrently across chats), and only then is the next offset asked for.

Processing an update runs its handlers and then waits for the first attempt at its replies
(`Outbox.settled`), inside python-telegram-bot's update processor: `telegram.concurrency`
updates at most are in that round trip at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence

from telegram import Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

from bot.telegram.outbox import Outbox

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


class FloodGuard:
    """A token bucket per chat: a burst of `burst` updates, then `rate` per second.

    Updates over the limit are dropped (confirmed, not processed), so that one person sending
    hundreds of messages neither slows the others nor has the flood taken as answers.
    """

    def __init__(
        self,
        *,
        burst: float = 40,
        rate: float = 4.0,
        clock: Callable[[], float] = time.monotonic,
        max_chats: int = 100_000,
    ) -> None:
        self._burst = burst
        self._rate = rate
        self._clock = clock
        self._max_chats = max_chats
        self._buckets: dict[int, tuple[float, float]] = {}
        self.dropped = 0

    def allow(self, key: int) -> bool:
        """Take one token for this chat; False when its bucket is empty."""
        now = self._clock()
        tokens, last = self._buckets.get(key, (self._burst, now))
        tokens = min(self._burst, tokens + (now - last) * self._rate)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            self.dropped += 1
            return False
        if len(self._buckets) >= self._max_chats and key not in self._buckets:
            self._buckets.clear()
        self._buckets[key] = (tokens - 1, now)
        return True


def chat_key(update: Update) -> int:
    """The key that orders updates: the chat, else the user, else the update itself."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return -update.update_id


class Intake:
    """Processes updates in order per chat and concurrently across chats."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        outbox: Outbox,
        flood_guard: FloodGuard | None = None,
    ) -> None:
        self._application = application
        self._outbox = outbox
        self._tails: dict[int, asyncio.Future[None]] = {}
        self.flood_guard = flood_guard or FloodGuard()
        self.offset: int | None = None

    async def process(self, update: Update) -> None:
        """Process one update after the earlier updates of its chat."""
        key = chat_key(update)
        previous = self._tails.get(key)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = mine
        try:
            if previous is not None:
                await asyncio.wait([previous])
            # A slot of the processor is taken only once the chat's earlier update is done.
            await self._application.update_processor.process_update(
                update, self._handle(update, key)
            )
        finally:
            mine.set_result(None)
            if self._tails.get(key) is mine:
                del self._tails[key]

    async def _handle(self, update: Update, key: int) -> None:
        await self._application.process_update(update)
        await self._outbox.settled(key)

    async def process_batch(self, updates: Sequence[Update]) -> None:
        """Process a batch; returns once every update of it is processed."""
        allowed = [u for u in updates if self.flood_guard.allow(chat_key(u))]
        if len(allowed) < len(updates):
            logger.info("dropped %d update(s) of a flooding chat", len(updates) - len(allowed))
        await asyncio.gather(*(self.process(update) for update in allowed))

    async def poll(self, stop: asyncio.Event, *, timeout: int = 10) -> None:
        """Fetch and process updates until `stop` is set, then confirm what was processed."""
        bot = self._application.bot
        failures = 0
        while not stop.is_set():
            fetch = asyncio.ensure_future(
                bot.get_updates(
                    offset=self.offset,
                    timeout=timeout,
                    allowed_updates=ALLOWED_UPDATES,
                    read_timeout=timeout + 10,
                )
            )
            stopping = asyncio.ensure_future(stop.wait())
            await asyncio.wait([fetch, stopping], return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if not fetch.done():
                fetch.cancel()
                await asyncio.gather(fetch, return_exceptions=True)
                break
            try:
                updates = fetch.result()
            except InvalidToken:
                raise
            except RetryAfter as error:
                await _pause(stop, _seconds(error.retry_after))
                continue
            except (TimedOut, NetworkError, TelegramError) as error:
                failures += 1
                delay = min(2.0**failures, 5.0)
                logger.warning("fetching updates failed (%s); retrying in %.0f s", error, delay)
                await _pause(stop, delay)
                continue
            failures = 0
            if updates:
                await self.process_batch(updates)
                self.offset = updates[-1].update_id + 1
        await self.confirm()

    async def confirm(self) -> None:
        """Tell Telegram that every processed update is done with (best effort)."""
        if self.offset is None:
            return
        try:
            await self._application.bot.get_updates(
                offset=self.offset, timeout=0, limit=1, allowed_updates=ALLOWED_UPDATES
            )
        except TelegramError as error:
            logger.warning("could not confirm the last updates (%s); they may come again", error)


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
