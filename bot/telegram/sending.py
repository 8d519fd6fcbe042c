"""The one way the bot talks to Telegram: every reply, edit and upload goes through the outbox.

The respondents' handlers, the admin handlers and the runner all send through one `Sender`, so
they share its cache of what each chat's step message shows.

Button presses are answered at once, outside the outbox: `answerCallbackQuery` is not subject
to Telegram's 30 messages a second, and a person should never watch a spinning button while
replies queue. A press that the flood guard dropped is answered too, silently, a few at a time
(`answer_dropped`).

The handler says whether a reply moves a survey forward (`advances`: the next step, the
recap, the thanks); only such a message carries a paid form (`allow_paid_broadcast`) for the
outbox to use when the free rate is spent, never a reply to a stranger, a refusal, a notice or
an admin's command. An edit cannot be paid for, so a step edited in place may go out as a new
paid message instead, and later edits of the old message follow it to the new one.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, InputFile, InputMediaPhoto, Message
from telegram.constants import MessageLimit
from telegram.error import TelegramError

from bot.core.characters import portable
from bot.i18n import text as bot_text
from bot.rendering.shorten import shorten
from bot.telegram.outbox import OnSent, Outbox

logger = logging.getLogger(__name__)

BUSY_AFTER = 2.0
"""Seconds of expected wait from which a press's acknowledgement says the reply is coming."""
MOVES_KEPT = 8
"""Replaced step messages remembered per chat: enough for the calls queued at the time."""
DROPPED_ANSWERS_AT_ONCE = 4
"""Answers to dropped presses in flight at once: half the connections the outbox leaves to
acknowledgements (`SPARE_CONNECTIONS` in the runner), so that presses being processed always
find one."""
DROPPED_ANSWERS_WAITING = 100
"""Dropped presses waiting for an answer at most; beyond, a press is left to Telegram's own
timeout (the spinner stops after some seconds). Someone mashing a button drops a few presses a
second past the flood guard's burst, and 4 answers at a time clear dozens a second: only a
scripted flood reaches this bound, and then costs the bot no more than 4 calls at a time and
100 small waiting tasks."""

DELETED_AT_ONCE = 100
"""Message ids per `deleteMessages` call: Telegram's most."""
ALBUM_MOST = 10
"""Photos in one album (`sendMediaGroup`): Telegram's most."""


def album_sizes(count: int) -> list[int]:
    """How many photos each album holds: as few albums as Telegram allows, as even as can be
    (13 photos: 7 and 6, never 10 and a lone 3... or 1)."""
    if count <= 0:
        return []
    albums = -(-count // ALBUM_MOST)
    size, extra = divmod(count, albums)
    return [size + 1] * extra + [size] * (albums - extra)


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


def _fit(body: str) -> str:
    """A text as one message carries it: `portable` (a lone surrogate cannot even be encoded
    for the request), cut to Telegram's length."""
    return shorten(portable(body), MessageLimit.MAX_TEXT_LENGTH)


Shown = tuple[int, str, InlineKeyboardMarkup | None]
"""A message id, its text and its buttons (None for none)."""


def _buttons(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """The buttons as Telegram keeps them: a keyboard without a button is none."""
    return markup if markup is not None and any(markup.inline_keyboard) else None


def has_buttons(markup: InlineKeyboardMarkup | None) -> bool:
    """Whether a message with this markup shows any button."""
    return _buttons(markup) is not None


def same_buttons(shown: InlineKeyboardMarkup | None, markup: InlineKeyboardMarkup | None) -> bool:
    """Whether a message showing `shown` shows the buttons of `markup`."""
    return _buttons(shown) == _buttons(markup)


def query_chat(query: CallbackQuery) -> int:
    """The chat a callback query came from (its sender's, when the message is not known)."""
    return query.message.chat.id if query.message else query.from_user.id


class Sender:
    """Queues the bot's Bot API calls on the outbox, in order per chat."""

    def __init__(self, bot: Bot, outbox: Outbox) -> None:
        self.bot = bot
        self.outbox = outbox
        self._shown: dict[int, Shown] = {}
        """Per chat, the step message (question, recap, intro) and what it shows (a cache;
        the respondents' handlers keep in the database where the step is shown)."""
        self._moved: dict[int, dict[int, int]] = {}
        """Per chat, step messages that a paid new message took the place of: old id -> new."""
        self._answering: set[asyncio.Task[None]] = set()
        self._dropped_slots = asyncio.Semaphore(DROPPED_ANSWERS_AT_ONCE)
        self._dropped_waiting = 0
        self.dropped_unanswered = 0
        """Dropped presses left unanswered, over `DROPPED_ANSWERS_WAITING`."""

    def send(
        self,
        chat_id: int,
        message: str,
        markup: InlineKeyboardMarkup | None = None,
        *,
        first: bool = False,
        advances: bool = False,
    ) -> None:
        """Queue a message; `first`: a newcomer's first screen; `advances`: it moves a survey
        forward (it may be paid for)."""
        self._post_message(chat_id, _fit(message), markup, None, first=first, advances=advances)

    def _post_message(
        self,
        chat_id: int,
        body: str,
        markup: InlineKeyboardMarkup | None,
        on_sent: OnSent | None,
        *,
        first: bool = False,
        advances: bool = False,
    ) -> None:
        """Queue a message; one that advances a survey with its paid form, for when the free
        rate is spent."""
        send = functools.partial(self.bot.send_message, chat_id, body, reply_markup=markup)
        paid = functools.partial(send, allow_paid_broadcast=True) if advances else None
        self.outbox.post(chat_id, send, on_sent, paid=paid, first=first, advances=advances)

    def send_long(
        self, chat_id: int, body: str, markup: InlineKeyboardMarkup | None = None
    ) -> None:
        """Queue a text of any length, as many messages as it takes (split at line ends).

        The buttons go with the last message; a text that fits is one message, as `send`.
        """
        *first, last = split_message(body) or [body]
        for part in first:
            self.send(chat_id, part)
        self.send(chat_id, last, markup)

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
        upload = InputFile(content, filename=name)
        method = self.bot.send_photo if photo else self.bot.send_document
        shown = None if caption is None else portable(caption)
        self.outbox.post(chat_id, functools.partial(method, chat_id, upload, caption=shown))

    def send_photos(self, chat_id: int, photos: Sequence[tuple[bytes, str, str | None]]) -> None:
        """Queue images (content, file name, caption) as albums of up to ten photos, one tap
        to open and a swipe to the next: 13 charts arrive in two messages, not 13 files.
        Each album counts a message per photo against Telegram's limits; a lone image is one
        photo."""
        start = 0
        for size in album_sizes(len(photos)):
            chunk = photos[start : start + size]
            start += size
            if size == 1:
                ((content, name, caption),) = chunk
                self.send_file(chat_id, content, name, photo=True, caption=caption)
                continue
            album = [
                InputMediaPhoto(
                    content, caption=None if caption is None else portable(caption), filename=name
                )
                for content, name, caption in chunk
            ]
            self.outbox.post(
                chat_id,
                functools.partial(self.bot.send_media_group, chat_id, album),
                messages=size,
            )

    def answer_query(
        self, query: CallbackQuery, notice: str | None = None, *, alert: bool = False
    ) -> None:
        """Answer a callback query now (every query is answered, with a notice or silently)."""
        task = asyncio.get_running_loop().create_task(self._answer(query, notice, alert))
        self._answering.add(task)
        task.add_done_callback(self._answering.discard)

    def answer_dropped(self, query: CallbackQuery) -> None:
        """Answer, silently, a press the flood guard dropped, so that its spinner stops; a few
        at a time, and none past `DROPPED_ANSWERS_WAITING` waiting."""
        if self._dropped_waiting >= DROPPED_ANSWERS_WAITING:
            self.dropped_unanswered += 1
            return
        self._dropped_waiting += 1
        task = asyncio.get_running_loop().create_task(self._answer_dropped(query))
        self._answering.add(task)
        task.add_done_callback(self._answering.discard)

    async def _answer_dropped(self, query: CallbackQuery) -> None:
        try:
            async with self._dropped_slots:
                await self._answer(query, None, alert=False)
        finally:
            self._dropped_waiting -= 1

    def acknowledge(self, query: CallbackQuery, language: str) -> None:
        """Answer a press whose reply follows: silently, or, when replies wait for Telegram's
        limit, saying that the next step is coming."""
        busy = self.outbox.expected_wait() >= BUSY_AFTER
        self.answer_query(query, bot_text(language, "busy") if busy else None)

    async def _answer(self, query: CallbackQuery, notice: str | None, alert: bool) -> None:
        try:
            await query.answer(notice, show_alert=alert)
        except TelegramError as error:
            # Too old a query, or Telegram unreachable: the reply itself still follows.
            logger.info("a button press could not be acknowledged: %s", error)

    async def finish_answers(self) -> None:
        """Wait for the acknowledgements under way."""
        await asyncio.gather(*self._answering, return_exceptions=True)

    def delete_range(self, chat_id: int, first: int, last: int) -> None:
        """Queue the deletion of the chat's messages `first` to `last`, a hundred a call (what
        Telegram no longer lets a bot delete, or never existed, it skips)."""
        self._shown.pop(chat_id, None)
        self._moved.pop(chat_id, None)
        for start in range(first, last + 1, DELETED_AT_ONCE):
            ids = list(range(start, min(start + DELETED_AT_ONCE, last + 1)))
            self.outbox.post(chat_id, functools.partial(self.bot.delete_messages, chat_id, ids))

    def edit_query_buttons(
        self, chat_id: int, query: CallbackQuery, markup: InlineKeyboardMarkup | None = None
    ) -> None:
        """Queue, in this chat, new buttons for the query's message (none: remove them)."""
        self.outbox.post(chat_id, lambda: query.edit_message_reply_markup(markup))

    def take_buttons(self, chat_id: int, message_id: int) -> None:
        """Queue the removal of a message's buttons, leaving its text and the step message
        as they are (an older copy of a step, out of date once another copy moved on)."""
        bot = self.bot
        self.outbox.post(
            chat_id,
            lambda: bot.edit_message_reply_markup(
                chat_id=chat_id, message_id=self._latest(chat_id, message_id)
            ),
        )

    def send_step(
        self,
        chat_id: int,
        body: str,
        markup: InlineKeyboardMarkup | None = None,
        *,
        on_sent: Callable[[int], Awaitable[None]] | None = None,
        first: bool = False,
        advances: bool = False,
    ) -> None:
        """Queue a step (a question, the recap, the intro) as a new message, or several for a
        long text (the buttons with the last), and remember it as the chat's step message.

        `on_sent` is given the new message's id, and awaited before the chat's next call.
        `first`: a newcomer's first screen; `advances`: it moves the survey forward.
        """
        *parts, last = split_message(body) or [body]
        for part in parts:
            self.send(chat_id, part, first=first, advances=advances)
        text = _fit(last)
        buttons = _buttons(markup)

        def remember(sent: object) -> Awaitable[None] | None:
            if not isinstance(sent, Message):
                return None
            self._shown[chat_id] = (sent.message_id, text, buttons)
            return None if on_sent is None else on_sent(sent.message_id)

        self._post_message(chat_id, text, markup, remember, first=first, advances=advances)

    def edit_step(
        self,
        chat_id: int,
        message_id: int,
        body: str,
        markup: InlineKeyboardMarkup | None = None,
        *,
        was: Message | None = None,
        on_moved: Callable[[int], Awaitable[None]] | None = None,
        advances: bool = False,
    ) -> bool:
        """Queue an edit of a message into a step, and remember it as the chat's step message.

        No call is made when the message shows that already, as far as this process saw it or
        as `was` (the message a button was pressed on, as Telegram sent it) says; only the
        buttons are edited when the text stays. With `advances` (the edit moves the survey
        forward), the edit may go as a paid new message: `on_moved` is then given the new
        message's id, and awaited before the chat's next call.
        Returns whether a call was queued.
        """
        text = _fit(body)
        buttons = _buttons(markup)
        message_id = self._latest(chat_id, message_id)
        before = self.showing(chat_id, message_id, was)
        self._shown[chat_id] = (message_id, text, buttons)
        if before == (text, buttons):
            return False
        bot = self.bot
        # A later edit of the message makes a buttons-only edit still waiting obsolete.
        buttons_of = ("buttons", message_id)
        if before is not None and before[0] == text:
            # Only the buttons change (a tick): never worth a new message.
            self.outbox.post(
                chat_id,
                lambda: bot.edit_message_reply_markup(
                    chat_id=chat_id,
                    message_id=self._latest(chat_id, message_id),
                    reply_markup=markup,
                ),
                advances=advances,
                supersedes=buttons_of,
                replaceable=buttons_of,
            )
            return True

        def replaced(sent: object) -> Awaitable[None] | None:
            if not isinstance(sent, Message):
                return None
            self._replace(chat_id, self._latest(chat_id, message_id), sent.message_id)
            return None if on_moved is None else on_moved(sent.message_id)

        # Paid, the step becomes a new message; the old one keeps what it showed: tidying it
        # would cost a free call, the very thing that was short.
        self.outbox.post(
            chat_id,
            lambda: bot.edit_message_text(
                text,
                chat_id=chat_id,
                message_id=self._latest(chat_id, message_id),
                reply_markup=markup,
            ),
            paid=functools.partial(
                bot.send_message, chat_id, text, reply_markup=markup, allow_paid_broadcast=True
            )
            if advances
            else None,
            on_paid=replaced,
            advances=advances,
            supersedes=buttons_of,
        )
        return True

    def _latest(self, chat_id: int, message_id: int) -> int:
        """The message that took the place of this one, if a paid new message did."""
        moved = self._moved.get(chat_id, {})
        while message_id in moved:
            message_id = moved[message_id]
        return message_id

    def _replace(self, chat_id: int, old: int, new: int) -> None:
        moved = self._moved.setdefault(chat_id, {})
        moved[old] = new
        if len(moved) > MOVES_KEPT:
            del moved[next(iter(moved))]
        shown = self._shown.get(chat_id)
        if shown is not None and shown[0] == old:
            self._shown[chat_id] = (new, shown[1], shown[2])

    def showing(
        self, chat_id: int, message_id: int, was: Message | None = None
    ) -> tuple[str, InlineKeyboardMarkup | None] | None:
        """What a message shows: as this process last made it, else as `was` says."""
        shown = self._shown.get(chat_id)
        if shown is not None and shown[0] == message_id:
            return shown[1], shown[2]
        if was is not None and was.message_id == message_id and was.text is not None:
            return was.text, _buttons(was.reply_markup)
        return None
