"""Plain data types shared by the fake Bot API server and the simulated users."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

JSON = dict[str, Any]

#: A button is selected by its exact text or by a predicate over the button dict.
ButtonMatch = str | Callable[[JSON], bool]


def now() -> int:
    """Unix time in seconds, as Telegram puts in ``date`` fields."""
    return int(time.time())


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (Telegram's entity unit)."""
    return len(text.encode("utf-16-le")) // 2


class ApiError(Exception):
    """A Bot API error response: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSON:
        """The JSON body Telegram would send for this error."""
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    """A 400 error with Telegram's ``Bad Request: `` prefix."""
    return ApiError(400, f"Bad Request: {detail}")


class ApiCall(NamedTuple):
    """One request received by the server: canonical method name and decoded parameters."""

    method: str
    params: JSON


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file the bot sent (document or photo), with its bytes."""

    file_id: str
    file_unique_id: str
    filename: str
    mime_type: str
    data: bytes
    chat_id: int
    message_id: int
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class CallbackAnswer:
    """One ``answerCallbackQuery`` call."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None = None
    cache_time: int | None = None
    at: float = field(default_factory=time.perf_counter)
    """When it came (``time.perf_counter()``)."""


@dataclass(frozen=True, slots=True)
class BotMessage:
    """Snapshot of a bot message (``raw`` is the Message JSON as Telegram returned it)."""

    raw: JSON
    edited: bool = False

    @property
    def message_id(self) -> int:
        return int(self.raw["message_id"])

    @property
    def chat_id(self) -> int:
        return int(self.raw["chat"]["id"])

    @property
    def text(self) -> str:
        """Message text, or caption for media messages, or ``""``."""
        return str(self.raw.get("text", self.raw.get("caption", "")))

    @property
    def entities(self) -> list[JSON]:
        entities: list[JSON] = self.raw.get("entities") or self.raw.get("caption_entities") or []
        return list(entities)

    @property
    def reply_markup(self) -> JSON | None:
        markup = self.raw.get("reply_markup")
        return dict(markup) if markup is not None else None

    @property
    def buttons(self) -> list[list[JSON]]:
        """Inline keyboard rows (empty if the message has no inline keyboard)."""
        markup = self.raw.get("reply_markup") or {}
        return [list(row) for row in markup.get("inline_keyboard", [])]

    @property
    def button_texts(self) -> list[str]:
        return [str(b["text"]) for row in self.buttons for b in row]

    @property
    def document(self) -> JSON | None:
        doc = self.raw.get("document")
        return dict(doc) if doc is not None else None

    @property
    def photo(self) -> list[JSON] | None:
        photo = self.raw.get("photo")
        return list(photo) if photo is not None else None

    def button(self, match: ButtonMatch) -> JSON:
        """Return the first inline button matching ``match``; AssertionError if none does."""
        for row in self.buttons:
            for button in row:
                if match(button) if callable(match) else button.get("text") == match:
                    return button
        raise AssertionError(
            f"no button matching {match!r} in message {self.message_id}; "
            f"buttons: {self.button_texts}"
        )

    def __repr__(self) -> str:
        kind = "edited" if self.edited else "message"
        extra = f", buttons={self.button_texts}" if self.buttons else ""
        if self.document:
            extra += f", document={self.document.get('file_name')!r}"
        return f"<{kind} #{self.message_id} {self.text!r}{extra}>"


@dataclass(slots=True)
class WebhookState:
    """What ``setWebhook`` recorded."""

    url: str = ""
    secret_token: str | None = None
    allowed_updates: list[str] | None = None
    max_connections: int = 40
    extra: JSON = field(default_factory=dict)
