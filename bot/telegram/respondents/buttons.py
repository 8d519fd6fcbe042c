"""The respondents' buttons: the callback data decoded and routed to one action each."""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import MessageLimit
from telegram.ext import ContextTypes

from bot import i18n
from bot.app.clock import Clock
from bot.app.respondents import Progress, Refusal, RespondentService, Result, Ticked
from bot.core.answers import Invalid
from bot.core.engine import Ask, Review, Stale
from bot.core.schedule import Phase
from bot.i18n import text
from bot.rendering.questions import invalid_text, review_text
from bot.telegram.keyboards import (
    Action,
    Callback,
    change_keyboard,
    clear_keyboard,
    decode,
    review_keyboard,
    share_url,
    ticked,
)
from bot.telegram.respondents.places import StepPlaces
from bot.telegram.respondents.screens import REVIEW_ANSWER_LIMIT, Screens
from bot.telegram.sending import Sender, query_chat

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE

CLEAR_MOST = 1_000
"""Messages deleted at most by "clear", back from the thanks: the whole survey, unless where it
began is not known (the bot restarted during it) or the button's data was forged."""


class Buttons:
    """Button presses: each action, and a stale or forged press answered as such."""

    def __init__(
        self,
        service: RespondentService,
        sender: Sender,
        clock: Clock,
        screens: Screens,
        places: StepPlaces,
        *,
        bot_username: Callable[[], str],
        survey_id: str,
    ) -> None:
        self.service = service
        self._bot_username = bot_username
        self.survey_id = survey_id
        """The survey's id: its link's start parameter."""
        self.questionnaire = service.questionnaire
        self.sender = sender
        self.clock = clock
        self.screens = screens
        self.places = places

    async def on_button(self, update: Update, context: Context) -> None:
        """Any button: decode its data and act; forged data gets the current question."""
        query = update.callback_query
        assert query is not None
        callback = decode(query.data if isinstance(query.data, str) else None)
        # Admin confirmations (k|...) are handled before; a bare 'k' is forged like any other.
        if callback is None or query.message is None or callback.action is Action.CLOSE:
            await self._stale(query, update)
            return
        user_id = query.from_user.id
        if callback.handle and await self.service.rejoin(
            user_id, callback.handle, query.message.message_id
        ):
            # After a restart: the tapped message is where their step is shown.
            self.places.drop(user_id)
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
            Action.CHANGE: self._on_change,
            Action.REVISIT: self._on_revisit,
            Action.RECAP: self._on_recap,
            Action.CLEAR: self._on_clear,
        }[callback.action]
        await handler(query, callback, update)

    async def _stale(self, query: CallbackQuery, update: Update) -> None:
        """A button of an earlier step (a second tap, an old message): say so in a notice;
        the step is shown again only when this process does not know it is in the chat."""
        user_id = query.from_user.id
        current = await self.service.current(user_id, self.clock())
        language = self.screens.language(update, current)
        if isinstance(current, Refusal) and current is not Refusal.NOT_STARTED:
            self.sender.answer_query(query)
            await self.screens.reply_result(user_id, current, language, unsent=True)
            return
        self.sender.answer_query(query, text(language, "stale"))
        if isinstance(current, Progress):
            await self._current_step(user_id, self._pressed(query), current)

    async def _current_step(
        self, user_id: int, pressed: Message | None, current: Progress
    ) -> None:
        """After a tap on a button of an earlier step: the pressed copy becomes the current
        step, or the step message is brought up to date, or the step is shown again when this
        process does not know it is in the chat."""
        if await self.screens.bring_up(user_id, pressed, current):
            return
        if not await self.screens.catch_up(user_id, pressed, current):
            await self.screens.show_again(user_id, current)

    def _pressed(self, query: CallbackQuery) -> Message | None:
        """The message a button was pressed on, when Telegram sent it whole."""
        return query.message if isinstance(query.message, Message) else None

    async def _on_language(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        language = callback.args[0] if callback.args else ""
        if language not in self.questionnaire.languages:
            await self._stale(query, update)
            return
        current = await self.service.current(query.from_user.id, self.clock())
        self.sender.acknowledge(query, language)
        if isinstance(current, Progress):
            if current.state.language == language:
                return
            result = await self.service.set_language(
                query.from_user.id, language, self.clock(), update.update_id
            )
            if isinstance(result, Progress):
                step_message = (await self.places.place(query.from_user.id)).message_id
                pressed = self._pressed(query)
                edit = pressed if pressed and pressed.message_id == step_message else None
                if edit is None and step_message is not None and pressed is not None:
                    # The intro's buttons: the question below follows the new language.
                    self.sender.edit_step(
                        query.from_user.id,
                        step_message,
                        await self.screens.whole(result),
                        self.screens.step_view(result)[2],
                        on_moved=self.places.follow(query.from_user.id, step_message),
                    )
                    return
                await self.screens.show_step(query.from_user.id, result, edit=edit)
                return
            await self.screens.reply_result(query.from_user.id, result, language, unsent=True)
            return
        if isinstance(current, Refusal) and current is not Refusal.NOT_STARTED:
            await self.screens.reply_result(query.from_user.id, current, language)
            return
        await self.screens.open(query.from_user.id, language, self._pressed(query))

    async def _on_begin(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        language = callback.args[0] if callback.args else ""
        if language not in self.questionnaire.languages:
            await self._stale(query, update)
            return
        assert query.message is not None
        user_id = query.from_user.id
        result = await self.service.begin(user_id, language, self.clock())
        if isinstance(result, Progress) and result.resumed:
            # A second tap, or the intro's button later on: the question is in the chat.
            if (await self.places.place(user_id)).message_id is not None:
                self.sender.answer_query(query, text(result.state.language, "resume"))
                return
            self.sender.acknowledge(query, result.state.language)
            await self.screens.show_step(
                user_id, result, lead=text(result.state.language, "resume")
            )
            return
        if isinstance(result, Progress):
            self.sender.acknowledge(query, result.state.language)
            self.places.forget(user_id)
            await self.screens.show_step(user_id, result, edit=self._pressed(query), advances=True)
            return
        self.sender.answer_query(query)
        await self.screens.reply_result(user_id, result, language)

    async def _after_choice(self, query: CallbackQuery, result: Result, update: Update) -> None:
        """Reply to a button answer: the pressed question becomes the answer given and what
        comes next."""
        user_id = query.from_user.id
        if isinstance(result, Refusal):
            self.sender.answer_query(query)
            if result is Refusal.DUPLICATE:
                # A redelivered update: its reply went out the first time, unless the bot
                # was killed while it was queued.
                current = await self.service.current(user_id, self.clock())
                if isinstance(current, Progress):
                    await self.screens.catch_up(user_id, self._pressed(query), current)
                return
            await self.screens.reply_result(
                user_id, result, self.screens.language(update), unsent=True
            )
            return
        outcome, language = result.outcome, result.state.language
        if isinstance(outcome, Invalid):
            self.sender.answer_query(
                query, invalid_text(outcome, language, self.questionnaire), alert=True
            )
            return
        if isinstance(outcome, Stale):
            self.sender.answer_query(query, text(language, "stale"))
            await self._current_step(user_id, self._pressed(query), result)
            return
        self.sender.acknowledge(query, language)
        pressed = self._pressed(query)
        edit = None if pressed is None or self.screens.holds_intro(pressed) else pressed
        await self.screens.show_step(
            user_id, result, lead=self.screens.answered_line(result), edit=edit, advances=True
        )

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
        pressed = self._pressed(query)
        if len(callback.args) != 1 or pressed is None:
            await self._stale(query, update)
            return
        question_id = callback.args[0]
        selection = ticked(self._markup(query.from_user.id, pressed), question_id)
        result = await self.service.confirm(
            query.from_user.id, question_id, selection, self.clock(), update.update_id
        )
        await self._after_choice(query, result, update)

    def _markup(self, chat_id: int, message: Message) -> InlineKeyboardMarkup | None:
        """A message's buttons as this process last set them (two quick ticks both count),
        else as Telegram sent them with the press."""
        showing = self.sender.showing(chat_id, message.message_id, message)
        return showing[1] if showing is not None else message.reply_markup

    async def _on_skip(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        question_id = callback.args[0] if callback.args else ""
        result = await self.service.skip(
            query.from_user.id, question_id, self.clock(), update.update_id
        )
        await self._after_choice(query, result, update)

    async def _on_toggle(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        """Tick or untick an option: only the message's keyboard changes, nothing is stored.

        The service says what the tick makes of the options ticked (an exclusive option
        unticks the others, another unticks it), or why it is refused.
        """
        message = self._pressed(query)
        if len(callback.args) != 2 or message is None:
            await self._stale(query, update)
            return
        question_id, option_id = callback.args
        shown = ticked(self._markup(query.from_user.id, message), question_id)
        result = await self.service.toggle(
            query.from_user.id, question_id, option_id, shown, self.clock()
        )
        if not isinstance(result, Progress) or isinstance(result.outcome, Stale):
            await self._stale(query, update)
            return
        outcome, step, language = result.outcome, result.step, result.state.language
        if isinstance(outcome, Invalid):
            refused = invalid_text(outcome, language, self.questionnaire)
            self.sender.answer_query(query, refused, alert=True)
            return
        if not isinstance(outcome, Ticked) or not isinstance(step, Ask):
            await self._stale(query, update)
            return
        self.sender.acknowledge(query, language)
        markup = self.screens.question_markup(result, step, outcome.selection)
        showing = self.sender.showing(message.chat.id, message.message_id, message)
        body = showing[0] if showing is not None else message.text or ""
        self.sender.edit_step(
            message.chat.id, message.message_id, body, markup, was=message, advances=True
        )

    async def _on_back_button(
        self, query: CallbackQuery, callback: Callback, update: Update
    ) -> None:
        question_id = callback.args[0] if callback.args else ""
        result = await self.service.back(
            query.from_user.id, self.clock(), update.update_id, question_id=question_id
        )
        if isinstance(result, Progress) and isinstance(result.outcome, Stale):
            await self._stale(query, update)
            return
        language = self.screens.language(update)
        self.sender.acknowledge(query, language)
        await self.screens.went_back(query.from_user.id, result, language, self._pressed(query))

    async def _review(
        self, query: CallbackQuery, update: Update
    ) -> tuple[Review, str, str] | None:
        """The recap the person is at, its language and its session's handle, or None (then
        the press was answered as stale)."""
        current = await self.service.current(query.from_user.id, self.clock())
        if not isinstance(current, Progress) or not isinstance(current.step, Review):
            await self._stale(query, update)
            return None
        return current.step, current.state.language, current.state.handle

    async def _on_change(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        """The recap's buttons become the list of its questions (a page of it)."""
        pressed = self._pressed(query)
        page = callback.args[0] if callback.args else ""
        review = await self._review(query, update)
        if review is None:
            return
        self.sender.answer_query(query)
        if pressed is None or not page.isdigit():
            return
        step, language, handle = review
        markup = change_keyboard(self.questionnaire, step, language, int(page), handle)
        self._edit_buttons(query.from_user.id, pressed, markup)

    async def _on_recap(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        """From the list of questions, back to the recap's own buttons."""
        pressed = self._pressed(query)
        review = await self._review(query, update)
        if review is None:
            return
        self.sender.answer_query(query)
        if pressed is not None:
            self._edit_buttons(query.from_user.id, pressed, review_keyboard(review[1], review[2]))

    def _edit_buttons(self, chat_id: int, message: Message, markup: InlineKeyboardMarkup) -> None:
        """New buttons under the recap (a page of its questions, its own buttons again)."""
        showing = self.sender.showing(chat_id, message.message_id, message)
        body = showing[0] if showing is not None else message.text or ""
        self.sender.edit_step(
            chat_id, message.message_id, body, markup, was=message, advances=True
        )

    async def _on_revisit(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        """A question picked in the recap's list: the recap becomes that question."""
        question_id = callback.args[0] if callback.args else ""
        result = await self.service.revisit(
            query.from_user.id, question_id, self.clock(), update.update_id
        )
        if isinstance(result, Progress) and result.outcome is None:
            self.sender.acknowledge(query, result.state.language)
            await self.screens.show_step(
                query.from_user.id, result, edit=self._pressed(query), advances=True
            )
            return
        await self._after_choice(query, result, update)

    async def _on_submit(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        user_id = query.from_user.id
        result = await self.service.submit(user_id, self.clock(), update.update_id)
        if isinstance(result, Progress) and isinstance(result.step, Review) and not result.outcome:
            await self._submitted(query, result.step, result.state.language)
            return
        if result is Refusal.ALREADY_SUBMITTED:
            # A second tap on Send: the answers went with the first.
            self.sender.answer_query(query, text(self.screens.language(update), "already_sent"))
            return
        await self._after_choice(query, result, update)

    async def _submitted(self, query: CallbackQuery, review: Review, language: str) -> None:
        """The recap becomes the answers as sent, and the thanks."""
        user_id = query.from_user.id
        self.sender.answer_query(query, text(language, "submitted"))
        sent = review_text(self.questionnaire, review, language, REVIEW_ANSWER_LIMIT, sent=True)
        thanks = await self.screens.thanks(language)
        pressed = self._pressed(query)
        whole = f"{sent}\n\n{thanks}"
        share = None
        if await self.service.phase(self.clock()) is Phase.OPEN:  # newcomers may begin
            title = self.questionnaire.text(self.questionnaire.title, language)
            share = share_url(self._bot_username(), self.survey_id, title)
        clear = clear_keyboard(language, self.places.began.pop(user_id, None), share)
        if pressed is not None and len(whole) <= MessageLimit.MAX_TEXT_LENGTH:
            self.sender.edit_step(
                user_id, pressed.message_id, whole, clear, was=pressed, advances=True
            )
        else:
            if pressed is not None:
                self._edit_buttons(user_id, pressed, InlineKeyboardMarkup([]))
            self.sender.send(user_id, thanks, clear, advances=True)
        self.places.forget(user_id)
        logger.info("a response was submitted")

    async def _on_cancel_button(
        self, query: CallbackQuery, callback: Callback, update: Update
    ) -> None:
        user_id = query.from_user.id
        current = await self.service.current(user_id, self.clock())
        language = self.screens.language(update, current)
        self.sender.answer_query(query)
        pressed = self._pressed(query)
        if callback.args[:1] == ("y",) and await self.service.cancel(user_id):
            self.places.forget(user_id)
            self.places.began.pop(user_id, None)
            if pressed is not None:
                self.sender.edit_step(user_id, pressed.message_id, text(language, "cancelled"))
            else:
                self.sender.send(user_id, text(language, "cancelled"))
            return
        if isinstance(current, Progress) and pressed is not None:
            self.sender.edit_step(user_id, pressed.message_id, text(language, "cancel_kept"))
            await self.screens.show_step(user_id, current)

    async def _on_clear(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        """Under the thanks: delete the survey's conversation, the person's messages and the
        bot's, from its first message to the thanks, so that whoever picks up the phone later
        does not see the answers. Telegram lets a bot delete messages of the last 48 hours
        only: the person is told to clear older ones themselves."""
        assert query.message is not None
        language = callback.args[1] if len(callback.args) > 1 else ""
        if not i18n.has(language) or language not in self.questionnaire.languages:
            language = self.screens.language(update)
        self.sender.answer_query(query, text(language, "clearing"), alert=True)
        last = query.message.message_id
        try:
            first = int(callback.args[0])
        except (IndexError, ValueError):
            first = 0
        if not 0 < first <= last or last - first >= CLEAR_MOST:
            first = max(1, last - CLEAR_MOST + 1)
        self.sender.delete_range(query_chat(query), first, last)
