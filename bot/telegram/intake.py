"""Update intake: updates confirmed to Telegram only once processed.

python-telegram-bot's own polling asks for the next offset while handlers still run, so a
crash at that moment loses those updates. Here the intake keeps fetching while updates are in
flight, so that one slow chat holds up no other, but the offset it asks with stays at the
lowest update not yet processed: Telegram keeps that one and those after it, and sends them
again after a crash. Updates already in flight when they come again are skipped.

In webhook mode Telegram posts each update, and is answered once it is processed. Both ways,
a flood guard drops a chat's flood before it is processed, and an update that
python-telegram-bot cannot read is skipped and confirmed (logged by its id alone): left
unconfirmed, it would come again on every fetch and after every restart.

Processing an update runs its handlers (in order within each chat, concurrently across chats,
`telegram.concurrency` at once); their replies go to the outbox, which sends them at
Telegram's pace without holding the update up.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
FETCH_PAUSE = 0.05
"""Seconds between fetches while updates are in flight. Each such fetch brings those updates
again (Telegram keeps them until confirmed), so fetching at once would spend the bot's time
reading them; 50 ms is little next to a person's pace."""
DROP_LOG_INTERVAL = 60.0
"""Seconds between two log lines about dropped updates: a flood gives a line a minute, not a
line per update."""


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


@dataclass(frozen=True)
class Unreadable:
    """An update that python-telegram-bot cannot read: skipped, and confirmed, by its id."""

    update_id: int


def read_update(data: Mapping[str, Any], bot: Bot) -> Update | None:
    """The update in Telegram's JSON; None when python-telegram-bot cannot read it.

    Such an update is logged by its id alone: its content may hold an answer.
    """
    try:
        update = Update.de_json(dict(data), bot)
    except Exception as error:
        # Whatever the library raises on one update (TypeError, ValueError, AttributeError,
        # OverflowError, RecursionError...) must not stop the bot.
        update_id = data.get("update_id")
        logger.warning(
            "update %s cannot be read (%s); skipped",
            update_id if isinstance(update_id, int) else "without an id",
            type(error).__name__,
        )
        return None
    return update


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
        flood_guard: FloodGuard | None = None,
        on_drop: Callable[[Update], None] | None = None,
    ) -> None:
        """Args:
        application: runs the handlers.
        flood_guard: drops a chat's flood (a `FloodGuard()` if not given).
        on_drop: called with each update the flood guard drops (to answer a button press).
        """
        self._application = application
        self._on_drop = on_drop
        self._tails: dict[int, asyncio.Future[None]] = {}
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        """Updates fetched and not yet processed, by update id."""
        self._fetched: int | None = None
        """The highest update id fetched so far."""
        self._all_done = asyncio.Event()
        self.flood_guard = flood_guard or FloodGuard()
        self._unlogged_drops = 0
        self._drops_logged_at: float | None = None

    @property
    def offset(self) -> int | None:
        """What to confirm with: the lowest update still in flight, else past the last one."""
        if self._in_flight:
            return min(self._in_flight)
        return None if self._fetched is None else self._fetched + 1

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
                update, self._application.process_update(update)
            )
        finally:
            mine.set_result(None)
            if self._tails.get(key) is mine:
                del self._tails[key]

    async def _fetch(self, timeout: int) -> list[Update | Unreadable]:
        """The updates Telegram holds that were not fetched before.

        Those in flight come again with each fetch: they are left unread (the lower-case
        method name, which Telegram accepts as any, gives its JSON as it came).
        """
        bot = self._application.bot
        asked: dict[str, object] = {"allowed_updates": ALLOWED_UPDATES}
        # With updates in flight, Telegram answers at once (it still holds them).
        asked["timeout"] = 0 if self._in_flight else timeout
        offset = self.offset
        if offset is not None:
            asked["offset"] = offset
        raw = await bot.do_api_request("getupdates", api_kwargs=asked, read_timeout=timeout + 10)
        assert isinstance(raw, list)
        fetched = self._fetched
        updates: list[Update | Unreadable] = []
        for item in raw:
            update_id = item["update_id"]
            if fetched is None or update_id > fetched:
                update = read_update(item, bot)
                updates.append(Unreadable(update_id) if update is None else update)
        return updates

    def take(self, updates: Sequence[Update | Unreadable]) -> None:
        """Start processing the updates not fetched before (the others are in flight or done).

        An unreadable update, and one the flood guard drops, is done with at once: the next
        fetch confirms it (unless an earlier one is still in flight).
        """
        for update in updates:
            if self._fetched is not None and update.update_id <= self._fetched:
                continue
            self._fetched = update.update_id
            if isinstance(update, Unreadable) or not self._admit(update):
                continue
            task = asyncio.get_running_loop().create_task(self.process(update))
            self._in_flight[update.update_id] = task
            task.add_done_callback(functools.partial(self._done, update.update_id))

    async def receive(self, data: Mapping[str, Any]) -> None:
        """Process one update that Telegram posted (webhook mode), as `take` would: unless it
        cannot be read or the flood guard drops it. Returns once it is processed."""
        update = read_update(data, self._application.bot)
        if update is not None and self._admit(update):
            await self.process(update)

    def _admit(self, update: Update) -> bool:
        """Whether the flood guard lets the update through; a dropped one is counted, logged
        (a line a minute at most) and handed to `on_drop`."""
        if self.flood_guard.allow(chat_key(update)):
            return True
        self._unlogged_drops += 1
        now = time.monotonic()
        last = self._drops_logged_at
        if last is None or now - last >= DROP_LOG_INTERVAL:
            logger.info("dropped %d update(s) of flooding chats", self._unlogged_drops)
            self._unlogged_drops = 0
            self._drops_logged_at = now
        if self._on_drop is not None:
            self._on_drop(update)
        return False

    def _done(self, update_id: int, task: asyncio.Task[None]) -> None:
        del self._in_flight[update_id]
        if not self._in_flight:
            self._all_done.set()
        if not task.cancelled() and task.exception() is not None:
            logger.error("an update failed outside its handlers", exc_info=task.exception())

    async def _between_fetches(self) -> None:
        """With updates in flight, Telegram answers a fetch at once, with those updates again:
        fetch again after a moment, or once none is in flight (and a long poll can wait)."""
        if not self._in_flight:
            return
        self._all_done.clear()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(FETCH_PAUSE):
                await self._all_done.wait()

    async def poll(self, stop: asyncio.Event, *, timeout: int = 10) -> None:
        """Fetch and process updates until `stop` is set, then confirm what was processed."""
        failures = 0
        while not stop.is_set():
            fetch = asyncio.ensure_future(self._fetch(timeout))
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
            self.take(updates)
            await self._between_fetches()
        if self._in_flight:
            await asyncio.wait(list(self._in_flight.values()))
        await self.confirm()

    async def confirm(self) -> None:
        """Tell Telegram that every processed update is done with (best effort)."""
        offset = self.offset
        if offset is None:
            return
        try:
            await self._application.bot.get_updates(
                offset=offset, timeout=0, limit=1, allowed_updates=ALLOWED_UPDATES
            )
        except TelegramError as error:
            logger.warning("could not confirm the last updates (%s); they may come again", error)


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
