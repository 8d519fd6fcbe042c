"""Outgoing Bot API calls: paced to Telegram's limits, fair across chats, in order per chat.

Telegram takes about 30 messages a second from a whole bot (and 20 a minute in a group); beyond
that it answers 429. Handlers commit first and post their replies here; they never wait for
them. One scheduler starts the calls: a token bucket keeps the pace, each waiting chat gets one
call per turn (round-robin, so nobody waits behind another person's burst), and a chat has one
call in flight at a time, so its replies arrive in the order they were posted. A call to be
retried (429, 5xx, a timeout) goes back to the head of its chat's queue, to start again after
the wait, and holds up no other chat.

Albums: a call may carry several messages (`messages`: an album of photos sent by one
`sendMediaGroup` is a message per photo). Telegram does not document how it counts them; bot
authors who counted an album as one call report 429s, so the outbox takes a token per message,
from the bot's pace and a group's alike, and starts the call once that many are there.

Superseded calls: a call may name what it makes obsolete (the buttons of a message, say). When
the last call still waiting in its chat is such a call, the new one takes its place: the
person sees the same in the end, one call sooner (quick ticks while replies queue go as one).

Paid broadcasts: a call posted with a `paid` form (a message sent with `allow_paid_broadcast`,
0.1 Star each, up to 1,000 a second) may take it once the free rate is used up and the call
has waited `PAID_AFTER`; never while the free rate keeps up, nor once the `PaidBudget` is
spent. Whoever posts a call decides whether it may be paid for: only replies that move a
survey forward (`advances`) get a paid form. Edits cannot be paid for; while paid turns are to
be had, free turns go first to calls that advance a survey and have no paid form, and other
calls take theirs in turn with everyone's.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.telegram.budget import PaidBudget, stars
from bot.telegram.pacing import NEWCOMER_WAIT, Bucket, QueueOrder

logger = logging.getLogger(__name__)

Send = Callable[[], Awaitable[Any]]
OnSent = Callable[[Any], Awaitable[None] | None]
"""Called with a call's result; what it returns is awaited before the chat's next call."""

PAID_AFTER = 0.2
"""Seconds a call waits for a free turn before it may be paid for."""
WARN_AFTER = 10.0
"""A reply that waited longer than this is worth a warning in the log (once)."""
GROUP_PER_MINUTE = 20
"""Telegram's limit in one group."""
FREE_BURST = 10
"""Free calls started at once after a pause (a third of a second's worth, below that rate).
Telegram allows about a second's worth; ours is less, so that calls bunched up on their way
there (latency varies) still keep to it."""


@dataclass(slots=True)
class _Call:
    send: Send
    on_sent: OnSent | None
    paid: Send | None
    on_paid: OnSent | None
    first: bool
    posted: float
    advances: bool = False
    replaceable: Hashable | None = None
    attempts: int = 0
    messages: int = 1
    """Messages the call sends (an album's photos), each counted against the limits."""


@dataclass(slots=True)
class _Chat:
    calls: deque[_Call] = field(default_factory=deque)
    busy: bool = False
    """A call of this chat is in flight, or waits to be retried."""
    group: Bucket | None = None


class Outbox:
    """Sends Bot API calls at Telegram's pace, a turn per chat, retrying transient faults."""

    def __init__(
        self,
        *,
        rate: float = 30.0,
        paid_rate: float = 0.0,
        budget: PaidBudget | None = None,
        order: QueueOrder = QueueOrder.ROUND_ROBIN,
        max_in_flight: int = 24,
        attempts: int = 8,
        first_delay: float = 0.5,
        max_delay: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Args:
        rate: free calls a second for the whole bot (0: no limit, for a test server).
        paid_rate: paid messages a second at most, beyond the free ones (0: never pay).
        budget: how many paid messages may go, an hour and in all (None: no limit).
        order: which waiting chat goes first.
        max_in_flight: calls in flight at once (fewer than the HTTP connections).
        """
        self._clock = clock
        self._free = Bucket(rate, min(FREE_BURST, rate / 3), clock)
        self._paid = Bucket(paid_rate, paid_rate / 10, clock) if paid_rate else None
        self.budget = budget
        self._order = order
        self._max_in_flight = max_in_flight
        self._attempts = attempts
        self._first_delay = first_delay
        self._max_delay = max_delay
        self._chats: dict[int, _Chat] = {}
        self._groups: dict[int, Bucket] = {}
        """Each group's own pace, kept while its chat has nothing queued."""
        self._lanes: tuple[OrderedDict[int, None], OrderedDict[int, None]] = (
            OrderedDict(),
            OrderedDict(),
        )
        """Chats with a call ready to start, in turn order: in-progress, then newcomers."""
        self._running: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        if budget is not None:
            budget.when_counted(self._wake.set)
        self._scheduler: asyncio.Task[None] | None = None
        self._warned = False
        self.queued = 0
        """Calls waiting for their turn (not in flight)."""
        self.failures = 0
        """How many calls were given up (after retries, or refused by Telegram)."""
        self.paid_messages = 0
        """Messages sent as paid broadcasts by this process."""
        self.superseded = 0
        """Calls replaced, before they were made, by a later call that made them obsolete."""

    @property
    def paying(self) -> bool:
        """Whether calls may be paid for when the free rate is used up."""
        return self._paid is not None

    @property
    def stars(self) -> float:
        """What the paid messages of this process cost, in Telegram Stars."""
        return stars(self.paid_messages)

    def post(
        self,
        chat_id: int,
        send: Send,
        on_sent: OnSent | None = None,
        *,
        paid: Send | None = None,
        on_paid: OnSent | None = None,
        first: bool = False,
        advances: bool = False,
        supersedes: Hashable | None = None,
        replaceable: Hashable | None = None,
        messages: int = 1,
    ) -> None:
        """Queue a call for this chat, after its earlier calls.

        Args:
            paid: the same reply as a paid broadcast, if it may be one.
            on_paid: called with what `paid` returned (`on_sent` when not given).
            first: a newcomer's first screen (see `QueueOrder.IN_PROGRESS_FIRST`).
            advances: the call moves a survey forward (without a paid form, an edit: it
                takes free turns first while paid turns are to be had).
            supersedes: this call takes the place of the chat's last waiting call if that
                call was posted `replaceable` by the same key.
            replaceable: a key by which a later call may supersede this one.
            messages: how many messages the call sends (an album's items), each counted
                against Telegram's limits; such a call is never paid for.
        """
        chat = self._chats.get(chat_id)
        if chat is None:
            group = None
            if chat_id < 0:
                group = self._groups.get(chat_id)
                if group is None:
                    group = Bucket(GROUP_PER_MINUTE / 60, GROUP_PER_MINUTE, self._clock)
                    self._groups[chat_id] = group
            chat = self._chats[chat_id] = _Chat(group=group)
        call = _Call(
            send,
            on_sent,
            paid if messages == 1 else None,
            on_paid or on_sent,
            first,
            self._clock(),
            advances,
            replaceable,
            messages=messages,
        )
        last = chat.calls[-1] if chat.calls else None
        if supersedes is not None and last is not None and last.replaceable == supersedes:
            # Not started yet (started calls leave the deque): it keeps its place and age.
            call.posted, call.first, call.attempts = last.posted, last.first, last.attempts
            call.advances = call.advances or last.advances
            chat.calls[-1] = call
            self.superseded += 1
            return
        chat.calls.append(call)
        self.queued += 1
        self._idle.clear()
        if len(chat.calls) == 1:
            self._mark_ready(chat_id, chat)
        self._wake.set()
        if self._scheduler is None or self._scheduler.done():
            self._scheduler = asyncio.get_running_loop().create_task(self._schedule())

    def wait(self) -> float:
        """Seconds the oldest waiting call has waited so far."""
        heads = [chat.calls[0].posted for chat in self._chats.values() if chat.calls]
        return self._clock() - min(heads) if heads else 0.0

    def expected_wait(self) -> float:
        """Seconds a call posted now can expect to wait for its turn."""
        rate = self._free.rate + (self._paid.rate if self._paid is not None else 0.0)
        if not rate or self._free.rate == 0:
            return 0.0
        return self.queued / rate

    def holds(self, chat_id: int) -> bool:
        """Whether calls of this chat are waiting or in flight."""
        return chat_id in self._chats

    @property
    def pending(self) -> int:
        """How many chats have calls waiting or in flight."""
        return len(self._chats)

    async def drain(self, timeout: float) -> bool:
        """Wait until every queued call is done; False if some were still waiting at timeout."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await self._idle.wait()
        return self._idle.is_set()

    async def close(self) -> None:
        """Stop the scheduler and the calls in flight (what is queued is dropped)."""
        tasks = [*self._running, *([self._scheduler] if self._scheduler else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._scheduler = None
        self._chats.clear()
        for lane in self._lanes:
            lane.clear()
        self.queued = 0
        self._idle.set()

    # -- turns ------------------------------------------------------------------------------

    def _lane(self, chat: _Chat) -> OrderedDict[int, None]:
        newcomer = self._order is QueueOrder.IN_PROGRESS_FIRST and chat.calls[0].first
        return self._lanes[1 if newcomer else 0]

    def _mark_ready(self, chat_id: int, chat: _Chat) -> None:
        if chat.calls and not chat.busy:
            self._lane(chat)[chat_id] = None

    def _ready(self) -> Iterator[tuple[int, _Chat]]:
        """Chats with a call ready, in turn order: first screens that have waited
        `NEWCOMER_WAIT`, then people under way, then the other newcomers."""
        in_progress, newcomers = self._lanes
        since = self._clock() - NEWCOMER_WAIT
        overdue = list(
            itertools.takewhile(lambda c: self._chats[c].calls[0].posted <= since, newcomers)
        )
        rest = itertools.islice(newcomers, len(overdue), None)
        for chat_id in itertools.chain(overdue, in_progress, rest):
            yield chat_id, self._chats[chat_id]

    async def _schedule(self) -> None:
        while True:
            self._wake.clear()
            delay = self._start_calls()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._wake.wait()

    def _start_calls(self) -> float | None:
        """Start every call whose turn it is; seconds until the next may start (None: when
        something changes)."""
        while len(self._running) < self._max_in_flight:
            choice = self._choose()
            if not isinstance(choice, tuple):
                return choice
            self._start(*choice)
        return None

    def _choose(self) -> tuple[int, bool] | float | None:
        """The next chat to serve and whether its call goes paid, or how long until one."""
        later: list[float] = []
        free = self._free.delay()
        paying = self._paid is not None and (self.budget is None or self.budget.available())
        if free == 0:
            chosen: int | None = None
            for chat_id, chat in self._ready():
                wait = chat.group.delay(chat.calls[0].messages) if chat.group is not None else 0.0
                if wait:
                    later.append(wait)
                    continue
                if chosen is None:
                    chosen = chat_id
                # While paid turns are to be had, a free turn goes first to a call that
                # advances a survey and cannot be paid for; the rest may go paid, or wait.
                call = chat.calls[0]
                if not paying or (call.advances and call.paid is None):
                    chosen = chat_id
                    break
            if chosen is not None:
                messages = self._chats[chosen].calls[0].messages
                wait = self._free.delay(messages)
                if wait:  # an album: its turn, once its messages' tokens are there
                    return wait
                self._free.take(messages)
                return chosen, False
            return min(later, default=None)
        later.append(free)
        if paying and self._paid is not None:
            paid = self._paid.delay()
            now = self._clock()
            for chat_id, chat in self._ready():
                call = chat.calls[0]
                if call.paid is None or (chat.group is not None and chat.group.delay()):
                    continue
                due = call.posted + PAID_AFTER - now
                if due <= 0 and paid == 0:
                    if self.budget is not None and not self.budget.take():
                        break  # counted in the database first: `when_counted` wakes us
                    self._paid.take()
                    return chat_id, True
                later.append(max(due, paid))
                break
        return min(later)

    def _start(self, chat_id: int, paid: bool) -> None:
        chat = self._chats[chat_id]
        self._lane(chat).pop(chat_id)
        call = chat.calls.popleft()
        self.queued -= 1
        chat.busy = True
        if chat.group is not None:
            chat.group.take(call.messages)
        self._note_wait(self._clock() - call.posted)
        task = asyncio.get_running_loop().create_task(self._deliver(chat_id, call, paid))
        self._running.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._running.discard(task)
        self._wake.set()

    def _note_wait(self, waited: float) -> None:
        if waited > WARN_AFTER and not self._warned:
            self._warned = True
            logger.warning(
                "replies wait %.0f s for Telegram's limit (%d calls queued)%s",
                waited,
                self.queued,
                "" if self._paid else "; telegram.paid_broadcast = true would pay to go faster",
            )
        elif waited < 1.0:
            self._warned = False

    def _done(self, chat_id: int) -> None:
        chat = self._chats[chat_id]
        chat.busy = False
        if chat.calls:
            self._mark_ready(chat_id, chat)
        else:
            del self._chats[chat_id]
            if not self._chats:
                self._idle.set()
        self._wake.set()

    def _again(self, chat_id: int, call: _Call, delay: float) -> None:
        """Put a call back at the head of its chat, to start again after `delay`."""
        self._chats[chat_id].calls.appendleft(call)
        self.queued += 1
        if delay > 0:
            asyncio.get_running_loop().call_later(delay, self._done, chat_id)
        else:
            self._done(chat_id)

    async def _deliver(self, chat_id: int, call: _Call, paid: bool) -> None:
        send = call.paid if paid and call.paid is not None else call.send
        try:
            result = await send()
        except RetryAfter as error:
            wait = error.retry_after
            seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
            # In that chat only: the pace keeps the bot as a whole under Telegram's limits.
            logger.info("Telegram asked to wait %.0f s (429); retrying then", seconds)
            if paid:
                self._refund()
            self._again(chat_id, call, seconds)
            return
        except BadRequest as error:
            if paid:
                # No Stars left, say: the reply waits for a free turn instead.
                logger.warning("Telegram refused a paid broadcast: %s", error.message)
                self._refund()
                call.paid = None
                self._again(chat_id, call, 0)
                return
            if "not modified" not in error.message:
                logger.warning("Telegram refused a call: %s", error.message)
                self._given_up(chat_id)
                return
            result = None
        except Forbidden:
            logger.info("a user blocked the bot; a message was not delivered")
            self._given_up(chat_id)
            return
        except (TimedOut, NetworkError) as error:
            call.attempts += 1
            if call.attempts >= self._attempts:
                logger.warning("giving up a call after %d attempts: %s", call.attempts, error)
                self._given_up(chat_id)
                return
            delay = min(self._first_delay * 2 ** (call.attempts - 1), self._max_delay)
            self._again(chat_id, call, delay)
            return
        except Exception as error:
            # A call that could not even be made: given up, or the chat would wait for ever.
            logger.error("a call could not be made: %s", type(error).__name__, exc_info=error)
            self._given_up(chat_id)
            return
        if paid:
            self._count_paid()
        on_sent = call.on_paid if paid else call.on_sent
        try:
            done = on_sent(result) if on_sent is not None else None
            if done is not None:
                await done
        finally:
            self._done(chat_id)

    def _refund(self) -> None:
        """A paid call refused: not sent, not paid. (A timeout is not refunded: it may have
        gone.)"""
        if self.budget is not None:
            self.budget.refund()

    def _given_up(self, chat_id: int) -> None:
        self.failures += 1
        self._done(chat_id)

    def _count_paid(self) -> None:
        self.paid_messages += 1
        if self.paid_messages == 1 or self.paid_messages % 100 == 0:
            logger.info(
                "paid broadcasts: %d message(s) beyond the free rate so far, %.1f Stars",
                self.paid_messages,
                self.stars,
            )
