"""Outgoing Bot API calls: in order per chat, retried through Telegram's faults.

Handlers commit first and post their replies here. The intake counts an update's first attempt
at its replies as part of processing it (`settled`), so `telegram.concurrency` bounds the whole
round trip; a call that has to be retried goes on alone, so a chat that Telegram slows down (429)
or a failing call never holds up the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

logger = logging.getLogger(__name__)

Send = Callable[[], Awaitable[Any]]
OnSent = Callable[[Any], Awaitable[None] | None]
"""Called with a call's result; what it returns is awaited before the chat's next call."""


class Outbox:
    """Sends Bot API calls per chat, one after the other, retrying transient faults."""

    def __init__(
        self, *, attempts: int = 8, first_delay: float = 0.5, max_delay: float = 30.0
    ) -> None:
        self._attempts = attempts
        self._first_delay = first_delay
        self._max_delay = max_delay
        self._tails: dict[int, asyncio.Task[None]] = {}
        self._retrying: set[int] = set()
        self._settle_waiters: dict[int, asyncio.Future[None]] = {}
        self.failures = 0
        """How many calls were given up (after retries, or refused by Telegram)."""

    def post(self, chat_id: int, send: Send, on_sent: OnSent | None = None) -> asyncio.Task[None]:
        """Queue a call for this chat; it runs once the chat's earlier calls are done."""
        previous = self._tails.get(chat_id)
        task = asyncio.get_running_loop().create_task(self._run(chat_id, previous, send, on_sent))
        self._tails[chat_id] = task
        task.add_done_callback(lambda done: self._forget(chat_id, done))
        return task

    def _forget(self, chat_id: int, task: asyncio.Task[None]) -> None:
        if self._tails.get(chat_id) is task:
            del self._tails[chat_id]

    async def settled(self, chat_id: int) -> None:
        """Wait until the chat's queued calls are done, or one of them waits to be retried."""
        tail = self._tails.get(chat_id)
        if tail is None or chat_id in self._retrying:
            return
        waiter = asyncio.get_running_loop().create_future()
        self._settle_waiters[chat_id] = waiter
        try:
            await asyncio.wait([tail, waiter], return_when=asyncio.FIRST_COMPLETED)
        finally:
            if self._settle_waiters.get(chat_id) is waiter:
                del self._settle_waiters[chat_id]

    async def _run(
        self,
        chat_id: int,
        previous: asyncio.Task[None] | None,
        send: Send,
        on_sent: OnSent | None,
    ) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        try:
            result = await self._deliver(chat_id, send)
        finally:
            self._retrying.discard(chat_id)
        if result is not _FAILED and on_sent is not None:
            done = on_sent(result)
            if done is not None:
                await done

    def _retry_later(self, chat_id: int) -> None:
        """The chat's call failed once and will be retried: whoever waits for it goes on."""
        self._retrying.add(chat_id)
        waiter = self._settle_waiters.pop(chat_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def _deliver(self, chat_id: int, send: Send) -> Any:
        delay = self._first_delay
        for attempt in range(1, self._attempts + 1):
            try:
                return await send()
            except RetryAfter as error:
                self._retry_later(chat_id)
                wait = error.retry_after
                seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
                logger.info("Telegram asked to wait %.0f s (429); retrying then", seconds)
                await asyncio.sleep(seconds)
            except BadRequest as error:
                if "not modified" in error.message:
                    return None
                logger.warning("Telegram refused a call: %s", error.message)
                break
            except Forbidden:
                logger.info("a user blocked the bot; a message was not delivered")
                break
            except (TimedOut, NetworkError) as error:
                if attempt == self._attempts:
                    logger.warning("giving up a call after %d attempts: %s", attempt, error)
                    break
                self._retry_later(chat_id)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._max_delay)
        self.failures += 1
        return _FAILED

    async def drain(self, timeout: float) -> bool:
        """Wait until every queued call is done; False if some were still running at timeout."""
        pending = list(self._tails.values())
        if not pending:
            return True
        _, still = await asyncio.wait(pending, timeout=timeout)
        return not still

    @property
    def pending(self) -> int:
        """How many chats have calls waiting."""
        return len(self._tails)


_FAILED = object()
