"""The test side: simulated users and groups that send updates and observe the bot."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from .models import (
    JSON,
    BotMessage,
    ButtonMatch,
    CallbackAnswer,
    StoredFile,
    now,
    utf16_len,
)
from .state import CallbackQueryState, ChatState, UserState, World

#: A bot message is selected by a substring of its text/caption or by a predicate.
MessageMatch = str | Callable[[BotMessage], bool] | None


class NoMessageError(AssertionError):
    """``wait_for_message`` timed out; the message lists what the chat did receive."""


def _as_predicate(match: MessageMatch) -> Callable[[BotMessage], bool]:
    if match is None:
        return lambda message: True
    if isinstance(match, str):
        return lambda message: match in message.text
    return match


def _text_fields(text: str) -> JSON:
    fields: JSON = {"text": text}
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        fields["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
    return fields


class ChatView:
    """Read access to one chat's bot messages, plus sending helpers shared by subclasses."""

    def __init__(self, world: World, chat: ChatState) -> None:
        self._world = world
        self._chat = chat

    @property
    def chat_id(self) -> int:
        return self._chat.id

    @property
    def chat(self) -> JSON:
        """The ``Chat`` JSON object."""
        return self._chat.chat

    @property
    def messages(self) -> list[BotMessage]:
        """All bot messages still in the chat, in order, with edits applied."""
        bot_id = self._world.bot_id
        return [
            BotMessage(m)
            for m in self._chat.messages.values()
            if m.get("from", {}).get("id") == bot_id
        ]

    @property
    def message_ids(self) -> list[int]:
        """The ids of every message still in the chat, the bot's and the user's, in order."""
        return sorted(self._chat.messages)

    def backdate(self, message_id: int, seconds: int) -> None:
        """Make a message of the chat `seconds` older (for Telegram's 48-hour rule)."""
        message = self._chat.messages[message_id]
        message["date"] = int(message["date"]) - seconds

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``condition()`` holds, checked whenever the chat changes."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"chat {self.chat_id}: condition not met within {timeout}s")
            await self._chat.signal.wait(remaining)

    @property
    def last_message(self) -> BotMessage | None:
        """The most recent bot message (current state), or None."""
        bot_id = self._world.bot_id
        for message in reversed(self._chat.messages.values()):
            if message.get("from", {}).get("id") == bot_id:
                return BotMessage(message)
        return None

    @property
    def documents(self) -> list[StoredFile]:
        return list(self._chat.documents)

    @property
    def photos(self) -> list[StoredFile]:
        return list(self._chat.photos)

    def unread(self) -> list[BotMessage]:
        """Bot outputs (sends and edits) not yet consumed by ``wait_for_message``."""
        return self._chat.outputs[self._chat.cursor :]

    @property
    def outputs(self) -> list[BotMessage]:
        """Every bot output (sends and edits, each as it left the message), read or not."""
        return list(self._chat.outputs)

    def mark_read(self) -> None:
        """Consume all outputs so far."""
        self._chat.cursor = len(self._chat.outputs)

    async def wait_for_message(
        self,
        predicate: MessageMatch = None,
        timeout: float = 5.0,
    ) -> BotMessage:
        """Next bot output (new message or edit) after the cursor that matches ``predicate``
        (a substring of the text/caption, or a callable on :class:`BotMessage`).

        Outputs before the match are consumed. Raises :class:`NoMessageError` after
        ``timeout`` seconds, listing what was received.
        """
        accept = _as_predicate(predicate)
        chat = self._chat
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        skipped: list[BotMessage] = []
        while True:
            while chat.cursor < len(chat.outputs):
                output = chat.outputs[chat.cursor]
                chat.cursor += 1
                if accept(output):
                    return output
                skipped.append(output)
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise NoMessageError(
                    f"chat {chat.id}: no bot message matching {predicate!r} within {timeout}s; "
                    f"skipped while waiting: {skipped}; chat now holds: {self.messages}"
                )
            await chat.signal.wait(remaining)

    def _user_message(self, user: UserState, fields: JSON) -> JSON:
        message: JSON = {
            "message_id": self._chat.new_message_id(),
            "from": user.user,
            "chat": self._chat.chat,
            "date": now(),
        }
        message.update(fields)
        self._chat.messages[message["message_id"]] = message
        return message

    def _push(self, kind: str, payload: JSON) -> JSON:
        update = self._world.updates.push(kind, payload)
        return update if update is not None else {kind: payload}

    def _send(self, user: UserState, fields: JSON) -> JSON:
        return self._push("message", self._user_message(user, fields))

    def _find_button(self, match: ButtonMatch, message: BotMessage | int | None) -> BotMessage:
        if message is None:
            candidates = [m for m in reversed(self.messages) if m.buttons]
            if not candidates:
                raise AssertionError(f"chat {self.chat_id}: no bot message with inline buttons")
            return candidates[0]
        message_id = message if isinstance(message, int) else message.message_id
        current = self._chat.messages.get(message_id)
        if current is None:
            raise AssertionError(f"chat {self.chat_id}: message {message_id} does not exist")
        return BotMessage(current)

    def _callback(self, user: UserState, message: JSON, data: str) -> JSON:
        query_id = str(4_000_000_000_000_000_000 + self._world.next_id())
        self._world.queries[query_id] = CallbackQueryState(int(user.user["id"]))
        user.last_query_id = query_id
        query: JSON = {
            "id": query_id,
            "from": user.user,
            "message": message,
            "chat_instance": self._chat.instance,
            "data": data,
        }
        return self._push("callback_query", query)

    def _click(
        self, user: UserState, match: ButtonMatch, message: BotMessage | int | None
    ) -> JSON:
        target = self._find_button(match, message)
        button = target.button(match)
        if "callback_data" not in button:
            raise AssertionError(f"button {button!r} has no callback_data")
        return self._callback(user, target.raw, str(button["callback_data"]))

    def _click_data(self, user: UserState, message_id: int, data: str) -> JSON:
        message = self._chat.messages.get(message_id)
        if message is None:  # an InaccessibleMessage, as for deleted/very old messages
            message = {"chat": self._chat.chat, "message_id": message_id, "date": 0}
        return self._callback(user, message, data)


class FakeUser(ChatView):
    """A Telegram user talking to the bot in a private chat (chat id == user id)."""

    def __init__(self, world: World, state: UserState, chat: ChatState) -> None:
        super().__init__(world, chat)
        self._state = state

    @property
    def id(self) -> int:
        return int(self._state.user["id"])

    @property
    def user(self) -> JSON:
        """The ``User`` JSON object."""
        return self._state.user

    @property
    def answered_callbacks(self) -> list[CallbackAnswer]:
        """``answerCallbackQuery`` calls for this user's callback queries, in order."""
        return list(self._state.answers)

    async def send_text(self, text: str) -> JSON:
        """Send a text message; returns the enqueued Update."""
        return self._send(self._state, _text_fields(text))

    async def send_command(self, command: str, payload: str | None = None) -> JSON:
        """Send ``/command [payload]`` (the leading slash is optional)."""
        text = command if command.startswith("/") else f"/{command}"
        return await self.send_text(f"{text} {payload}" if payload else text)

    async def send_sticker(self, emoji: str = "👍") -> JSON:
        serial = self._world.next_id()
        sticker: JSON = {
            "file_id": f"CAACAgIAAxkBAAI{serial:08d}",
            "file_unique_id": f"AgADs{serial:06d}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._send(self._state, {"sticker": sticker})

    async def send_photo(self, caption: str | None = None) -> JSON:
        serial = self._world.next_id()
        sizes = [
            {
                "file_id": f"AgACAgIAAxkBAAI{serial:08d}{side}",
                "file_unique_id": f"AQADp{serial:06d}{side}",
                "file_size": side * 40,
                "width": side,
                "height": side,
            }
            for side in (90, 320)
        ]
        fields: JSON = {"photo": sizes}
        if caption:
            fields["caption"] = caption
        return self._send(self._state, fields)

    async def send_voice(self, duration: int = 2) -> JSON:
        serial = self._world.next_id()
        voice: JSON = {
            "file_id": f"AwACAgIAAxkBAAI{serial:08d}",
            "file_unique_id": f"AgADv{serial:06d}",
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": duration * 4000,
        }
        return self._send(self._state, {"voice": voice})

    async def send_message_fields(self, **fields: Any) -> JSON:
        """Send a message with arbitrary content fields (e.g. ``location={...}``)."""
        return self._send(self._state, fields)

    async def edit_message(self, message_id: int, new_text: str) -> JSON:
        """Edit one of this user's own text messages (``edited_message`` update)."""
        old = self._chat.messages.get(message_id)
        if old is None or old.get("from", {}).get("id") != self.id:
            raise AssertionError(f"user {self.id} has no message {message_id} to edit")
        new = {k: v for k, v in old.items() if k != "entities"}
        new.update(_text_fields(new_text), edit_date=now())
        self._chat.messages[message_id] = new
        return self._push("edited_message", new)

    async def click(self, button: ButtonMatch, message: BotMessage | int | None = None) -> JSON:
        """Press an inline button (by text or predicate over the button dict) in ``message``,
        default: the latest bot message with an inline keyboard. Returns the Update."""
        return self._click(self._state, button, message)

    async def click_data(self, message_id: int, data: str) -> JSON:
        """Send a callback query with arbitrary (possibly forged) ``data``."""
        return self._click_data(self._state, message_id, data)

    async def wait_for_callback_answer(
        self,
        update: JSON | None = None,
        timeout: float = 5.0,
    ) -> CallbackAnswer:
        """Wait until the bot answers the callback query of ``update`` (a ``click`` result;
        default: this user's latest click) and return the answer."""
        query_id = update["callback_query"]["id"] if update else self._state.last_query_id
        if query_id is None:
            raise AssertionError(f"user {self.id} has not clicked anything")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            for answer in self._state.answers:
                if answer.callback_query_id == query_id:
                    return answer
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    f"user {self.id}: callback query {query_id} not answered within {timeout}s"
                )
            await self._state.signal.wait(remaining)

    async def block_bot(self) -> JSON:
        """Block the bot: sends fail with 403 and a ``my_chat_member`` update is enqueued."""
        self._chat.blocked = True
        return self._member_update("member", "kicked")

    async def unblock_bot(self) -> JSON:
        self._chat.blocked = False
        return self._member_update("kicked", "member")

    def _member_update(self, old: str, new: str) -> JSON:
        bot = self._world.bot_user
        payload: JSON = {
            "chat": self._chat.chat,
            "from": self.user,
            "date": now(),
            "old_chat_member": {"user": bot, "status": old},
            "new_chat_member": {
                "user": bot,
                "status": new,
                **({"until_date": 0} if new == "kicked" else {}),
            },
        }
        return self._push("my_chat_member", payload)


class FakeGroup(ChatView):
    """A group or supergroup containing the bot; members are :class:`FakeUser` objects."""

    def _state(self, user: FakeUser) -> UserState:
        return self._world.users[user.id]

    async def send_text(self, user: FakeUser, text: str) -> JSON:
        return self._send(self._state(user), _text_fields(text))

    async def send_command(self, user: FakeUser, command: str, payload: str | None = None) -> JSON:
        text = command if command.startswith("/") else f"/{command}"
        return await self.send_text(user, f"{text} {payload}" if payload else text)

    async def click(
        self, user: FakeUser, button: ButtonMatch, message: BotMessage | int | None = None
    ) -> JSON:
        return self._click(self._state(user), button, message)

    async def click_data(self, user: FakeUser, message_id: int, data: str) -> JSON:
        return self._click_data(self._state(user), message_id, data)
