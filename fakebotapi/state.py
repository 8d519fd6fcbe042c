"""In-memory state of the fake Telegram world: chats, users, the update queue."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import deque
from dataclasses import dataclass, field

from .models import JSON, ApiCall, ApiError, BotMessage, CallbackAnswer, StoredFile, WebhookState


class Signal:
    """Broadcast wake-up: every ``notify`` releases all current waiters (no lost wake-ups
    as long as the waiter checks its condition and calls ``wait`` without awaiting between)."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seconds: float) -> None:
        """Return on the next ``notify`` or after ``seconds``, whichever is first."""
        if seconds <= 0:
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._event.wait()


@dataclass(slots=True)
class ChatState:
    """One chat: all its messages (current state), the bot's outputs and their cursor."""

    chat: JSON
    instance: str
    next_message_id: int = 1
    messages: dict[int, JSON] = field(default_factory=dict)
    outputs: list[BotMessage] = field(default_factory=list)
    cursor: int = 0
    signal: Signal = field(default_factory=Signal)
    blocked: bool = False
    documents: list[StoredFile] = field(default_factory=list)
    photos: list[StoredFile] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(self.chat["id"])

    def new_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def record_output(self, message: JSON, *, edited: bool = False) -> None:
        """Store the bot message's new state and wake chat waiters."""
        self.messages[int(message["message_id"])] = message
        self.outputs.append(BotMessage(message, edited=edited))
        self.signal.notify()


@dataclass(slots=True)
class UserState:
    """A simulated user: the ``User`` JSON and the callback answers it received."""

    user: JSON
    answers: list[CallbackAnswer] = field(default_factory=list)
    last_query_id: str | None = None
    signal: Signal = field(default_factory=Signal)


@dataclass(slots=True)
class CallbackQueryState:
    user_id: int
    answered: bool = False


class UpdateQueue:
    """Telegram's per-bot update queue with ``getUpdates`` offset semantics."""

    def __init__(self, first_update_id: int) -> None:
        self._pending: deque[JSON] = deque()
        self._next_id = first_update_id
        self.allowed: frozenset[str] | None = None
        self.arrived = Signal()
        self.confirmed = Signal()
        self.poll_generation = 0
        self.total = 0

    def push(self, kind: str, payload: JSON) -> JSON | None:
        """Enqueue an update of type ``kind``; None if filtered out by ``allowed_updates``."""
        if self.allowed is not None and kind not in self.allowed:
            return None
        update: JSON = {"update_id": self._next_id, kind: payload}
        self._next_id += 1
        self.total += 1
        self._pending.append(update)
        self.arrived.notify()
        return update

    def confirm(self, offset: int) -> None:
        """Apply a ``getUpdates`` offset: forget confirmed (or, if negative, older) updates."""
        pending = self._pending
        if offset < 0:
            while len(pending) > -offset:
                pending.popleft()
        else:
            while pending and pending[0]["update_id"] < offset:
                pending.popleft()
        self.confirmed.notify()

    def drop_all(self) -> None:
        self._pending.clear()
        self.confirmed.notify()

    def peek(self, limit: int) -> list[JSON]:
        return list(itertools.islice(self._pending, limit))

    def __len__(self) -> int:
        return len(self._pending)


class World:
    """Everything the server knows. Methods are synchronous and O(1) unless noted."""

    def __init__(self, token: str, bot_user: JSON, first_update_id: int) -> None:
        self.token = token
        self.bot_user = bot_user
        self.bot_id = int(bot_user["id"])
        self.chats: dict[int, ChatState] = {}
        self.users: dict[int, UserState] = {}
        self.updates = UpdateQueue(first_update_id)
        self.calls: list[ApiCall] = []
        self.call_signal = Signal()
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.menu_buttons: dict[int | None, JSON] = {}
        self.profile: dict[tuple[str, str], str] = {}
        self.files: dict[str, StoredFile] = {}
        self.file_paths: dict[str, StoredFile] = {}
        self.queries: dict[str, CallbackQueryState] = {}
        self.webhook = WebhookState()
        self.closing = asyncio.Event()
        self._ids = itertools.count(1)

    def next_id(self) -> int:
        """A fresh number for file and callback-query identifiers."""
        return next(self._ids)

    def chat_for_send(self, chat_id: object) -> ChatState:
        """The target chat of a send/edit call, or the error Telegram would return."""
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        if chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    async def pause(self, seconds: float) -> None:
        """Sleep ``seconds`` (fault injection), cut short when the server closes."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self.closing.wait()
