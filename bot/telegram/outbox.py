"""Outgoing Bot API calls: in order per chat, retried through Telegram's faults.

Handlers commit first and post their replies here, so that an update can be confirmed as soon
as its effect is stored; a slow or rate-limited chat never holds up the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

logger = logging.getLogger(__name__)

Send = Callable[[], Awaitable[Any]]
OnSent = Callable[[Any], None]


class Outbox:
    """Sends Bot API calls per chat, one after the other, retrying transient faults."""

    def __init__(
        self, *, attempts: int = 8, first_delay: float = 0.5, max_delay: float = 30.0
    ) -> None:
        self._attempts = attempts
        self._first_delay = first_delay
        self._max_delay = max_delay
        self._tails: dict[int, asyncio.Task[None]] = {}
        self.failures = 0
        """How many calls were given up (after retries, or refused by Telegram)."""

    def post(self, chat_id: int, send: Send, on_sent: OnSent | None = None) -> asyncio.Task[None]:
        """Queue a call for this chat; it runs once the chat's earlier calls are done."""
        previous = self._tails.get(chat_id)
        task = asyncio.get_running_loop().create_task(self._run(previous, send, on_sent))
        self._tails[chat_id] = task
        task.add_done_callback(lambda done: self._forget(chat_id, done))
        return task

    def _forget(self, chat_id: int, task: asyncio.Task[None]) -> None:
        if self._tails.get(chat_id) is task:
            del self._tails[chat_id]

    async def _run(
        self, previous: asyncio.Task[None] | None, send: Send, on_sent: OnSent | None
    ) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        result = await self._deliver(send)
        if result is not _FAILED and on_sent is not None:
            on_sent(result)

    async def _deliver(self, send: Send) -> Any:
        delay = self._first_delay
        for attempt in range(1, self._attempts + 1):
            try:
                return await send()
            except RetryAfter as error:
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
