"""The limit bot: the smallest python-telegram-bot program making the survey bot's Bot API calls.

No survey logic, no storage: for every action it makes the calls the survey bot makes for it,
so that `benchmarks.load` can compare the survey bot with what python-telegram-bot itself
allows on the same machine and the same fake Bot API:

- a button (answer, confirm, skip, back, begin, submit): answerCallbackQuery, editMessageText
  (the question, without its buttons), sendMessage (the next question, with buttons);
- a tick of a multiple-choice option: answerCallbackQuery, editMessageReplyMarkup;
- a typed answer: editMessageReplyMarkup (the buttons of the question go) and sendMessage;
- /start: sendMessage.

It uses python-telegram-bot's own polling (`Application.run_polling`) with handlers that await
their calls, and the survey bot's `concurrent_updates`, connection pool and AIORateLimiter
(overall rate as given; 0: none). That is the fairer minimal program: PTB's polling is what a
minimal bot uses, and it fetches the next updates while handlers still run, where the survey
bot's confirm-after-process intake waits for a whole batch before it fetches again (the price
of never losing an update); copying that intake would no longer be the minimal program.

    SURVEY_BOT_TOKEN=... python -m benchmarks.limit_bot --base-url URL --base-file-url URL \
        --pool 32 [--concurrency 64]
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

QUESTION = (
    "Question {n}/14\n\nÀ quelle fréquence assurez-vous une permanence téléphonique ? "
    "Une estimation suffit ; les réponses sont anonymes et ne sont jamais liées à votre compte."
)
CHECKED = "✅ "
UNCHECKED = "▫️ "

last_keyboard: dict[int, int] = {}
"""Per chat, the last message with buttons (to take its buttons away, as the survey bot does)."""


def keyboard(ticked: frozenset[str] = frozenset()) -> InlineKeyboardMarkup:
    """A question's buttons: options, ticks, confirm, back and skip."""
    rows = [
        [InlineKeyboardButton(f"Option {v}", callback_data=f"a|q|{v}")] for v in ("1", "2", "3")
    ]
    rows += [
        [
            InlineKeyboardButton(
                (CHECKED if v in ticked else UNCHECKED) + f"Choice {v}", callback_data=f"t|q|{v}"
            )
        ]
        for v in ("1", "2")
    ]
    rows.append([InlineKeyboardButton("Confirm ✔", callback_data="c|q")])
    rows.append(
        [
            InlineKeyboardButton("◀ Back", callback_data="b|q"),
            InlineKeyboardButton("Skip ▶", callback_data="s|q"),
        ]
    )
    return InlineKeyboardMarkup(rows)


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the next question with its buttons."""
    assert update.effective_chat is not None
    chat_id = update.effective_chat.id
    sent = await context.bot.send_message(
        chat_id, QUESTION.format(n=update.update_id % 14 + 1), reply_markup=keyboard()
    )
    last_keyboard[chat_id] = sent.message_id


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: the first question."""
    await ask(update, context)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button: tick in place, or mark the question answered and ask the next."""
    query = update.callback_query
    assert query is not None and isinstance(query.data, str)
    await query.answer()
    if query.data.startswith("t|"):
        message = query.message
        markup = getattr(message, "reply_markup", None)
        ticked = {
            str(b.callback_data).rsplit("|", 1)[1]
            for row in (markup.inline_keyboard if markup else ())
            for b in row
            if str(b.callback_data).startswith("t|") and b.text.startswith(CHECKED)
        }
        await query.edit_message_reply_markup(keyboard(frozenset(ticked ^ {query.data[-1]})))
        return
    await query.edit_message_text("→ answered")
    await ask(update, context)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed answer: the question loses its buttons, the next one comes."""
    assert update.effective_chat is not None
    message_id = last_keyboard.pop(update.effective_chat.id, None)
    if message_id is not None:
        await context.bot.edit_message_reply_markup(update.effective_chat.id, message_id)
    await ask(update, context)


def build(
    token: str,
    base_url: str,
    base_file_url: str,
    concurrency: int,
    max_messages_per_second: float,
    pool: int,
) -> Application:  # type: ignore[type-arg]
    """The application, built as the survey bot builds its own."""
    limiter: Any = AIORateLimiter(overall_max_rate=max_messages_per_second, max_retries=0)
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .concurrent_updates(concurrency)
        .connection_pool_size(pool)
        .rate_limiter(limiter)
    )
    application = builder.build()
    application.add_handler(CommandHandler("start", on_start))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    return application


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The limit bot (see the module's docstring).")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--base-file-url", required=True)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument(
        "--max-messages-per-second", type=float, default=30.0, help="0: no overall limit"
    )
    parser.add_argument(
        "--pool", type=int, required=True, help="HTTP connections (as the survey bot)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    application = build(
        os.environ["SURVEY_BOT_TOKEN"],
        args.base_url,
        args.base_file_url,
        args.concurrency,
        args.max_messages_per_second,
        args.pool,
    )
    application.run_polling(
        allowed_updates=["message", "callback_query"],
        stop_signals=(signal.SIGINT, signal.SIGTERM),
        close_loop=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
