"""The one way the bot talks to Telegram: every reply, edit and upload goes through the outbox.

The respondents' handlers, the admin handlers and the runner all send through one `Sender`, so
they share its cache of each chat's last question message with buttons.
"""

from __future__ import annotations

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, InputFile, Message
from telegram.constants import MessageLimit

from bot.rendering.shorten import shorten
from bot.telegram.outbox import Outbox


def split_message(body: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Split a long text into messages at line ends."""
    parts: list[str] = []
    current = ""
    for line in body.split("\n"):
        while len(line) > limit:
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts


def query_chat(query: CallbackQuery) -> int:
    """The chat a callback query came from (its sender's, when the message is not known)."""
    return query.message.chat.id if query.message else query.from_user.id


class Sender:
    """Queues the bot's Bot API calls on the outbox, in order per chat."""

    def __init__(self, bot: Bot, outbox: Outbox) -> None:
        self.bot = bot
        self.outbox = outbox
        self._keyboard_messages: dict[int, int] = {}
        """Per chat, the last question message with buttons (a cache, lost on restart)."""

    def send(
        self,
        chat_id: int,
        message: str,
        markup: InlineKeyboardMarkup | None = None,
        *,
        keyboard: bool = False,
    ) -> None:
        """Queue a message; with `keyboard`, remember it as the chat's question message."""
        bot = self.bot
        body = shorten(message, MessageLimit.MAX_TEXT_LENGTH)

        def remember(sent: object) -> None:
            if keyboard and isinstance(sent, Message):
                self._keyboard_messages[chat_id] = sent.message_id

        self.outbox.post(
            chat_id,
            lambda: bot.send_message(chat_id, body, reply_markup=markup),
            remember,
        )

    def send_long(
        self,
        chat_id: int,
        body: str,
        markup: InlineKeyboardMarkup | None = None,
        *,
        keyboard: bool = False,
    ) -> None:
        """Queue a text of any length, as many messages as it takes (split at line ends).

        The buttons go with the last message; a text that fits is one message, as `send`.
        """
        *first, last = split_message(body) or [body]
        for part in first:
            self.send(chat_id, part)
        self.send(chat_id, last, markup, keyboard=keyboard)

    def send_file(
        self,
        chat_id: int,
        content: bytes,
        name: str,
        *,
        photo: bool = False,
        caption: str | None = None,
    ) -> None:
        """Queue a document (or a photo) for the chat, after the messages already queued."""
        bot = self.bot
        upload = InputFile(content, filename=name)
        if photo:
            self.outbox.post(chat_id, lambda: bot.send_photo(chat_id, upload, caption=caption))
        else:
            self.outbox.post(chat_id, lambda: bot.send_document(chat_id, upload, caption=caption))

    def edit(
        self,
        chat_id: int,
        message_id: int,
        message: str,
        markup: InlineKeyboardMarkup | None = None,
    ) -> None:
        """Queue an edit of an earlier message (its buttons go unless `markup` is given)."""
        bot = self.bot
        body = shorten(message, MessageLimit.MAX_TEXT_LENGTH)
        if self._keyboard_messages.get(chat_id) == message_id and markup is None:
            del self._keyboard_messages[chat_id]
        self.outbox.post(
            chat_id,
            lambda: bot.edit_message_text(
                body, chat_id=chat_id, message_id=message_id, reply_markup=markup
            ),
        )

    def strip_buttons(self, chat_id: int) -> None:
        """Remove the buttons of the chat's last question message, if it still has them."""
        message_id = self._keyboard_messages.pop(chat_id, None)
        if message_id is None:
            return
        bot = self.bot
        self.outbox.post(
            chat_id,
            lambda: bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id),
        )

    def forget_buttons(self, chat_id: int) -> None:
        """Forget the chat's question message: its buttons are gone or being removed."""
        self._keyboard_messages.pop(chat_id, None)

    def answer_query(
        self, query: CallbackQuery, notice: str | None = None, *, alert: bool = False
    ) -> None:
        """Answer a callback query (every query is answered, with a notice or silently)."""
        self.outbox.post(query_chat(query), lambda: query.answer(notice, show_alert=alert))

    def edit_query_buttons(
        self, chat_id: int, query: CallbackQuery, markup: InlineKeyboardMarkup | None = None
    ) -> None:
        """Queue, in this chat, new buttons for the query's message (none: remove them)."""
        self.outbox.post(chat_id, lambda: query.edit_message_reply_markup(markup))
