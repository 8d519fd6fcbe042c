"""Telegram handlers for respondents: translate updates into service calls and replies.

Handlers decide nothing themselves: the service (and its engine) decides, the store persists,
and replies go through the sender (and its outbox) once the effect is committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.app.clock import Clock
from bot.app.respondents import Progress, Refusal, RespondentService, Result
from bot.core.answers import Invalid
from bot.core.engine import Accepted, Ask, AskOther, Review, Stale, Step
from bot.core.questionnaire import Questionnaire
from bot.core.schedule import Phase
from bot.i18n import text
from bot.rendering.questions import (
    invalid_text,
    other_text,
    preamble_text,
    question_text,
    review_text,
)
from bot.telegram.keyboards import (
    Action,
    Callback,
    decode,
    language_keyboard,
    other_keyboard,
    question_keyboard,
    review_keyboard,
    selected_options,
    ticked,
    yes_no_keyboard,
)
from bot.telegram.language import format_moment, reply_language
from bot.telegram.sending import Sender

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE

REVIEW_ANSWER_LIMIT = 150
MAX_TOLD_GROUPS = 10_000


class RespondentHandlers:
    """The respondents' side of the bot, in private chats."""

    def __init__(
        self,
        service: RespondentService,
        sender: Sender,
        clock: Clock,
        *,
        min_group_size: int,
        bot_username: Callable[[], str],
    ) -> None:
        self.service = service
        self.questionnaire = service.questionnaire
        self.sender = sender
        self.clock = clock
        self.min_group_size = min_group_size
        self._bot_username = bot_username
        self._told_groups: set[int] = set()

    def register(self, application: Application) -> None:  # type: ignore[type-arg]
        """Add the respondents' handlers (admin commands are added before these)."""
        # Commands too: a CommandHandler given filters also sees edited messages otherwise.
        private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
        groups = filters.ChatType.GROUPS | filters.ChatType.CHANNEL
        application.add_handler(MessageHandler(groups & ~filters.UpdateType.EDITED, self.on_group))
        application.add_handler(CommandHandler("start", self.on_start, filters=private))
        application.add_handler(CommandHandler("back", self.on_back_command, filters=private))
        application.add_handler(CommandHandler("cancel", self.on_cancel, filters=private))
        application.add_handler(CommandHandler("help", self.on_help, filters=private))
        application.add_handler(CommandHandler("privacy", self.on_privacy, filters=private))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(MessageHandler(private & filters.COMMAND, self.on_unknown_command))
        application.add_handler(MessageHandler(private & filters.TEXT, self.on_text))
        application.add_handler(MessageHandler(private, self.on_unsupported))

    # -- helpers --------------------------------------------------------------------------

    def _language(self, update: Update, current: Result | None = None) -> str:
        return reply_language(self.questionnaire, update, current)

    async def _current_language(self, update: Update) -> str:
        """The reply language, with the person's survey in progress looked up."""
        user = update.effective_user
        current = await self.service.current(user.id, self.clock()) if user is not None else None
        return self._language(update, current)

    def send_step(self, chat_id: int, progress: Progress) -> None:
        """Send what the engine says comes next."""
        self.sender.strip_buttons(chat_id)
        step = progress.step
        language = progress.state.language
        if isinstance(step, Ask):
            answers = progress.state.answers
            stem = preamble_text(self.questionnaire, step, language, answers)
            if stem is not None and step.current is None:
                self.sender.send(chat_id, stem)
            selected = selected_options(step.current)
            markup = question_keyboard(self.questionnaire, step, language, selected)
            body = question_text(self.questionnaire, step, language, answers)
        elif isinstance(step, AskOther):
            markup = other_keyboard(step, language)
            body = other_text(self.questionnaire, step, language)
        else:
            markup = review_keyboard(language)
            body = review_text(self.questionnaire, step, language, REVIEW_ANSWER_LIMIT)
        # A long recap goes out whole, in several messages; the buttons come with the last.
        self.sender.send_long(chat_id, body, markup, keyboard=markup is not None)

    async def refusal_text(self, refusal: Refusal, language: str) -> str:
        """Say why nothing was done."""
        if refusal is Refusal.CLOSED:
            closed = (await self.service.schedule()).closed_since(self.clock())
            if closed is None:
                return text(language, "closed_now")
            return text(language, "closed", date=format_moment(closed, self.service, language))
        if refusal is Refusal.ALREADY_SUBMITTED:
            return text(language, "already_done")
        return text(language, "not_started")

    async def reply_result(self, chat_id: int, result: Result, language: str) -> None:
        """Reply to a refusal, or send the next step."""
        if isinstance(result, Refusal):
            if result is Refusal.DUPLICATE:
                current = await self.service.current(chat_id, self.clock())
                if isinstance(current, Progress):
                    self.send_step(chat_id, current)
                return
            self.sender.send(chat_id, await self.refusal_text(result, language))
            return
        self.send_step(chat_id, result)

    # -- commands -------------------------------------------------------------------------

    async def on_group(self, update: Update, context: Context) -> None:
        """In a group or channel: point once to the private chat; store nothing."""
        chat = update.effective_chat
        if chat is None or chat.id in self._told_groups:
            return
        if len(self._told_groups) >= MAX_TOLD_GROUPS:
            self._told_groups.clear()
        self._told_groups.add(chat.id)
        link = f"https://t.me/{self._bot_username()}?start=survey"
        if chat.type != ChatType.CHANNEL:
            self.sender.send(chat.id, text(self._language(update), "private_only", link=link))

    async def on_start(self, update: Update, context: Context) -> None:
        """Show the intro and the language choice, or resume, or say why not."""
        user, chat = update.effective_user, update.effective_chat
        assert user is not None and chat is not None
        now = self.clock()
        current = await self.service.current(user.id, now)
        language = self._language(update, current)
        if isinstance(current, Progress):
            self.sender.send(chat.id, text(language, "resume"))
            self.send_step(chat.id, current)
            return
        if current is Refusal.NOT_STARTED and await self.service.phase(now) is Phase.OPEN:
            self.sender.send(
                chat.id,
                await self.intro(language),
                language_keyboard(self.questionnaire, language),
            )
            return
        refusal = Refusal.CLOSED if current is Refusal.NOT_STARTED else current
        self.sender.send(chat.id, await self.refusal_text(refusal, language))

    async def intro(self, language: str) -> str:
        """The welcome text: title, intro, anonymity promise, deadline, language prompt."""
        deadline = (await self.service.schedule()).deadline
        moment = None if deadline is None else format_moment(deadline, self.service, language)
        return intro_text(self.questionnaire, language, moment)

    async def on_back_command(self, update: Update, context: Context) -> None:
        """/back: re-open the previous question."""
        user = update.effective_user
        assert user is not None
        await self._back(user.id, self._language(update), update.update_id)

    async def _back(self, user_id: int, language: str, update_id: int) -> None:
        result = await self.service.back(user_id, self.clock(), update_id)
        if isinstance(result, Progress) and isinstance(result.outcome, Stale):
            self.sender.send(user_id, text(result.state.language, "no_back"))
        await self.reply_result(user_id, result, language)

    async def on_cancel(self, update: Update, context: Context) -> None:
        """/cancel: ask for confirmation before deleting the answers in progress."""
        user = update.effective_user
        assert user is not None
        current = await self.service.current(user.id, self.clock())
        language = self._language(update, current)
        if not isinstance(current, Progress):
            self.sender.send(user.id, await self.refusal_text(current, language))
            return
        markup = yes_no_keyboard(
            Action.CANCEL, text(language, "button_cancel_yes"), text(language, "button_cancel_no")
        )
        self.sender.send(user.id, text(language, "cancel_confirm"), markup)

    async def on_help(self, update: Update, context: Context) -> None:
        """/help: the commands."""
        assert update.effective_chat is not None
        self.sender.send(
            update.effective_chat.id, text(await self._current_language(update), "help")
        )

    async def on_privacy(self, update: Update, context: Context) -> None:
        """/privacy: what is stored and what is not."""
        assert update.effective_chat is not None
        message = text(await self._current_language(update), "privacy", group=self.min_group_size)
        self.sender.send(update.effective_chat.id, message)

    async def on_unknown_command(self, update: Update, context: Context) -> None:
        """A command the bot does not know."""
        assert update.effective_chat is not None
        language = await self._current_language(update)
        self.sender.send(update.effective_chat.id, text(language, "unknown_command"))

    async def on_unsupported(self, update: Update, context: Context) -> None:
        """Stickers, photos, voice...: say what the bot understands, show the question again."""
        user = update.effective_user
        assert user is not None
        current = await self.service.current(user.id, self.clock())
        language = self._language(update, current)
        self.sender.send(user.id, text(language, "unsupported"))
        if isinstance(current, Progress):
            self.send_step(user.id, current)

    # -- typed answers --------------------------------------------------------------------

    async def on_text(self, update: Update, context: Context) -> None:
        """A typed answer for the question being asked."""
        user, message = update.effective_user, update.effective_message
        assert user is not None and message is not None and message.text is not None
        result = await self.service.type_answer(
            user.id, None, message.text, self.clock(), update.update_id
        )
        language = self._language(update, result)
        if isinstance(result, Progress):
            if isinstance(result.outcome, Invalid):
                self.sender.send(
                    user.id, invalid_text(result.outcome, language, self.questionnaire)
                )
                return
            if isinstance(result.outcome, Stale):
                self.sender.send(user.id, text(language, "stale"))
        await self.reply_result(user.id, result, language)

    # -- buttons --------------------------------------------------------------------------

    async def on_button(self, update: Update, context: Context) -> None:
        """Any button: decode its data and act; forged data gets the current question."""
        query = update.callback_query
        assert query is not None
        callback = decode(query.data if isinstance(query.data, str) else None)
        # Admin confirmations (k|...) are handled before; a bare 'k' is forged like any other.
        if callback is None or query.message is None or callback.action is Action.CLOSE:
            await self._stale(query, update)
            return
        handler = {
            Action.LANGUAGE: self._on_language,
            Action.BEGIN: self._on_begin,
            Action.ANSWER: self._on_answer,
            Action.TOGGLE: self._on_toggle,
            Action.CONFIRM: self._on_confirm,
            Action.SKIP: self._on_skip,
            Action.BACK: self._on_back_button,
            Action.SUBMIT: self._on_submit,
            Action.CANCEL: self._on_cancel_button,
        }[callback.action]
        await handler(query, callback, update)

    async def _stale(self, query: CallbackQuery, update: Update) -> None:
        user_id = query.from_user.id
        current = await self.service.current(user_id, self.clock())
        language = self._language(update, current)
        self.sender.answer_query(query, text(language, "stale"))
        if isinstance(current, Progress):
            self.send_step(user_id, current)

    async def _on_language(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        language = callback.args[0] if callback.args else ""
        if language not in self.questionnaire.languages:
            await self._stale(query, update)
            return
        current = await self.service.current(query.from_user.id, self.clock())
        self.sender.answer_query(query)
        if isinstance(current, Progress):
            result = await self.service.set_language(
                query.from_user.id, language, self.clock(), update.update_id
            )
            await self.reply_result(query.from_user.id, result, language)
            return
        assert query.message is not None
        self.sender.edit(
            query.message.chat.id,
            query.message.message_id,
            await self.intro(language),
            language_keyboard(self.questionnaire, language),
        )

    async def _on_begin(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        language = callback.args[0] if callback.args else ""
        if language not in self.questionnaire.languages:
            await self._stale(query, update)
            return
        assert query.message is not None
        self.sender.answer_query(query)
        result = await self.service.begin(query.from_user.id, language, self.clock())
        if isinstance(result, Progress):
            self.sender.edit_query_buttons(query.message.chat.id, query)
            if result.resumed:
                self.sender.send(query.from_user.id, text(language, "resume"))
        await self.reply_result(query.from_user.id, result, language)

    async def _after_choice(self, query: CallbackQuery, result: Result, update: Update) -> None:
        """Reply to a button answer: mark the question answered, then what comes next."""
        user_id = query.from_user.id
        if isinstance(result, Refusal):
            self.sender.answer_query(query)
            await self.reply_result(user_id, result, self._language(update))
            return
        outcome, language = result.outcome, result.state.language
        if isinstance(outcome, Invalid):
            self.sender.answer_query(
                query, invalid_text(outcome, language, self.questionnaire), alert=True
            )
            return
        if isinstance(outcome, Stale):
            self.sender.answer_query(query, text(language, "stale"))
            self.send_step(user_id, result)
            return
        self.sender.answer_query(query)
        if isinstance(outcome, Accepted) and query.message is not None:
            question = self.questionnaire.question(outcome.question_id)
            answered = Ask(question, 0, 0, outcome.answer)
            answers = result.state.answers
            body = question_text(self.questionnaire, answered, language, answers)
            body = body.split("\n", 2)[-1]
            self.sender.edit(query.message.chat.id, query.message.message_id, body)
        self.send_step(user_id, result)

    async def _on_answer(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        if len(callback.args) != 2:
            await self._stale(query, update)
            return
        question_id, value = callback.args
        result = await self.service.choose(
            query.from_user.id, question_id, [value], self.clock(), update.update_id
        )
        await self._after_choice(query, result, update)

    async def _on_confirm(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        if len(callback.args) != 1 or query.message is None:
            await self._stale(query, update)
            return
        markup = query.message.reply_markup if isinstance(query.message, Message) else None
        selection = ticked(markup, callback.args[0])
        result = await self.service.choose(
            query.from_user.id, callback.args[0], selection, self.clock(), update.update_id
        )
        await self._after_choice(query, result, update)

    async def _on_skip(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        question_id = callback.args[0] if callback.args else ""
        result = await self.service.skip(
            query.from_user.id, question_id, self.clock(), update.update_id
        )
        await self._after_choice(query, result, update)

    async def _on_toggle(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        """Tick or untick an option: only the message's keyboard changes, nothing is stored.

        The question says what else a tick unticks (an exclusive option, the others).
        """
        message = query.message
        if len(callback.args) != 2 or not isinstance(message, Message):
            await self._stale(query, update)
            return
        question_id, option_id = callback.args
        current = await self.service.current(query.from_user.id, self.clock())
        step: Step | None = current.step if isinstance(current, Progress) else None
        if (
            not isinstance(current, Progress)
            or not isinstance(step, Ask)
            or step.question.id != question_id
            or not _toggles(step, option_id)
        ):
            await self._stale(query, update)
            return
        question = step.question
        buttons = question.buttons(step.seed)
        assert buttons is not None
        selection = question.toggle(ticked(message.reply_markup, question_id), option_id)
        language = current.state.language
        if len(selection) > buttons.most:
            notice = self.service.engine.choice(question, sorted(selection), language)
            self.sender.answer_query(
                query,
                invalid_text(notice, language, self.questionnaire)
                if isinstance(notice, Invalid)
                else None,
                alert=True,
            )
            return
        self.sender.answer_query(query)
        ordered = tuple(b.value for b in buttons.choices if b.value in selection)
        markup = question_keyboard(self.questionnaire, step, language, ordered)
        self.sender.edit_query_buttons(message.chat.id, query, markup)

    async def _on_back_button(
        self, query: CallbackQuery, callback: Callback, update: Update
    ) -> None:
        question_id = callback.args[0] if callback.args else ""
        current = await self.service.current(query.from_user.id, self.clock())
        if isinstance(current, Progress):
            step = current.step
            expected = "" if isinstance(step, Review) else step.question.id
            if question_id != expected:
                await self._stale(query, update)
                return
        self.sender.answer_query(query)
        await self._back(query.from_user.id, self._language(update), update.update_id)

    async def _on_submit(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        user_id = query.from_user.id
        result = await self.service.submit(user_id, self.clock(), update.update_id)
        if (
            isinstance(result, Progress)
            and isinstance(result.step, Review)
            and result.outcome is None
        ):
            language = result.state.language
            self.sender.answer_query(query, text(language, "submitted"))
            self.sender.forget_buttons(user_id)
            self.sender.edit_query_buttons(user_id, query)
            self.sender.send(user_id, self.questionnaire.text(self.questionnaire.thanks, language))
            logger.info("a response was submitted")
            return
        await self._after_choice(query, result, update)

    async def _on_cancel_button(
        self, query: CallbackQuery, callback: Callback, update: Update
    ) -> None:
        user_id = query.from_user.id
        current = await self.service.current(user_id, self.clock())
        language = self._language(update, current)
        self.sender.answer_query(query)
        self.sender.edit_query_buttons(user_id, query)
        if callback.args[:1] == ("y",) and await self.service.cancel(user_id):
            self.sender.forget_buttons(user_id)
            self.sender.send(user_id, text(language, "cancelled"))
            return
        if isinstance(current, Progress):
            self.sender.send(user_id, text(language, "cancel_kept"))
            self.send_step(user_id, current)


def intro_text(questionnaire: Questionnaire, language: str, deadline: str | None) -> str:
    """The welcome text: title, intro, anonymity promise, deadline, language prompt."""
    q = questionnaire
    parts = [q.text(q.title, language), q.text(q.intro, language), text(language, "anonymity")]
    if deadline is not None:
        parts.append(text(language, "deadline", date=deadline))
    if len(q.languages) > 1:
        parts.append(text(language, "choose_language"))
    return "\n\n".join(parts)


def _toggles(step: Ask, option_id: str) -> bool:
    """Whether the question asked is answered by ticking options, `option_id` among them."""
    buttons = step.question.buttons(step.seed)
    return (
        buttons is not None
        and buttons.several
        and any(b.value == option_id for b in buttons.choices)
    )
