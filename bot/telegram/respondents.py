"""Telegram handlers for respondents: translate updates into service calls and replies.

Handlers decide nothing themselves: the service (and its engine) decides, the store persists,
and replies go through the sender (and its outbox) once the effect is committed.

Each reply says whether it moves a survey forward (`advances`): the first step of a survey
just begun, the step after an answer taken, /back, a question picked in the recap, the thanks.
Only those may go as paid broadcasts. A reply to a stranger, a refusal, a notice, a step shown
again (after /start, a sticker, a stale press), a language switch or a cancellation never is:
whoever floods the bot costs no Star.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, MessageLimit
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import i18n
from bot.app.clock import Clock
from bot.app.respondents import Progress, Refusal, RespondentService, Result
from bot.core.answers import Invalid
from bot.core.engine import Accepted, Ask, AskOther, Review, Stale, Step
from bot.core.questionnaire import Questionnaire
from bot.core.questions.multiple import MultipleChoice
from bot.core.schedule import Phase
from bot.core.stores import UNKNOWN_INPUT, StepMessage
from bot.i18n import text
from bot.rendering.privacy import PrivacyTerms, privacy_text
from bot.rendering.questions import (
    answered_text,
    invalid_text,
    other_text,
    preamble_text,
    question_text,
    review_text,
    thanks_text,
)
from bot.telegram.keyboards import (
    Action,
    Callback,
    change_keyboard,
    clear_keyboard,
    decode,
    language_keyboard,
    opening_keyboard,
    other_keyboard,
    question_keyboard,
    review_keyboard,
    selected_options,
    start_over_keyboard,
    ticked,
    yes_no_keyboard,
)
from bot.telegram.language import format_moment, reply_language
from bot.telegram.sending import Sender, has_buttons, query_chat, same_buttons

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE

REVIEW_ANSWER_LIMIT = 150
MAX_TOLD_GROUPS = 10_000
CLEAR_MOST = 1_000
"""Messages deleted at most by "clear", back from the thanks: the whole survey, unless where it
began is not known (the bot restarted during it) or the button's data was forged."""


class RespondentHandlers:
    """The respondents' side of the bot, in private chats."""

    def __init__(
        self,
        service: RespondentService,
        sender: Sender,
        clock: Clock,
        *,
        privacy: PrivacyTerms,
        bot_username: Callable[[], str],
    ) -> None:
        self.service = service
        self.questionnaire = service.questionnaire
        self.sender = sender
        self.clock = clock
        self.privacy = privacy
        self._bot_username = bot_username
        self._told_groups: set[int] = set()
        self._places: dict[int, StepMessage] = {}
        """Per chat, where the current step is shown and the person's latest message seen."""
        self._kept: dict[int, StepMessage] = {}
        """Per chat, the same as the database holds it (a restart reads it from there)."""
        self._began: dict[int, int] = {}
        """Per chat, the first message of the survey in progress (the /start, or the first
        screen): in memory only, and carried by the thanks' "clear" button once sent."""

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
        edited = filters.ChatType.PRIVATE & filters.UpdateType.EDITED_MESSAGE
        application.add_handler(MessageHandler(edited, self.on_edited))
        application.add_handler(MessageHandler(private, self.on_unsupported))

    # -- helpers --------------------------------------------------------------------------

    def _language(self, update: Update, current: Result | None = None) -> str:
        return reply_language(self.questionnaire, update, current)

    async def _current_language(self, update: Update) -> str:
        """The reply language, with the person's survey in progress looked up."""
        user = update.effective_user
        current = await self.service.current(user.id, self.clock()) if user is not None else None
        return self._language(update, current)

    def step_view(self, progress: Progress) -> tuple[str | None, str, InlineKeyboardMarkup | None]:
        """What the engine says comes next: the text before it (a section, notes, a battery's
        stem) if any, its text and its buttons."""
        step = progress.step
        language = progress.state.language
        if isinstance(step, Ask):
            answers = progress.state.answers
            stem = preamble_text(self.questionnaire, step, language, answers)
            markup = self.question_markup(progress, step, selected_options(step.current))
            body = question_text(self.questionnaire, step, language, answers)
            return (stem if step.current is None else None), body, markup
        handle = progress.state.handle
        if isinstance(step, AskOther):
            return (
                None,
                other_text(self.questionnaire, step, language),
                other_keyboard(step, language, handle),
            )
        body = review_text(self.questionnaire, step, language, REVIEW_ANSWER_LIMIT)
        return None, body, review_keyboard(language, handle)

    def question_markup(
        self, progress: Progress, step: Ask, selected: tuple[str, ...]
    ) -> InlineKeyboardMarkup | None:
        """A question's buttons, `selected` ticked; under the intro, the languages too."""
        language, handle = progress.state.language, progress.state.handle
        markup = question_keyboard(self.questionnaire, step, language, selected, handle)
        if self.opening(progress):
            return opening_keyboard(self.questionnaire, markup, language, handle)
        return markup

    def opening(self, progress: Progress) -> bool:
        """Whether nothing is answered yet. The first question then comes under the intro,
        with the language buttons, in one message: no start button between them, so a tap
        and a rate-limited call fewer for everyone."""
        return isinstance(progress.step, Ask) and not progress.state.answers

    async def _intro_above(self, progress: Progress) -> str | None:
        """The intro, while nothing is answered: the first question comes under it."""
        return await self.intro(progress.state.language) if self.opening(progress) else None

    async def show_step(
        self,
        chat_id: int,
        progress: Progress,
        *,
        lead: str | None = None,
        edit: Message | None = None,
        first: bool = False,
        advances: bool = False,
    ) -> None:
        """Show what comes next, after `lead` (the answer just given, a notice), under the
        intro while nothing is answered.

        With `edit` (the step message a button was pressed on), that message becomes the next
        step: one call, and no trail of old questions. What opens a section or a battery stays
        a message of its own, so that it remains in sight for the questions under it.
        `first`: a newcomer's first screen; `advances`: the survey moved forward (the reply
        may be paid for), rather than a step shown again.
        """
        stem, body, markup = self.step_view(progress)
        intro = await self._intro_above(progress)
        if intro is not None:
            # One message, which stays in sight as what opens a section would.
            lead, stem = "\n\n".join(part for part in (intro, lead, stem) if part), None
        head = "\n\n".join(part for part in (lead, stem) if part)
        if edit is not None:
            whole = f"{head}\n\n{body}" if head and stem is None else body
            if stem is None and len(whole) <= MessageLimit.MAX_TEXT_LENGTH:
                self.sender.edit_step(
                    chat_id,
                    edit.message_id,
                    whole,
                    markup,
                    was=edit,
                    on_moved=self._follow(chat_id, edit.message_id),
                    advances=advances,
                )
                place = await self._place(chat_id)
                after = max(edit.message_id, place.latest_input)
                shown = replace(place, message_id=edit.message_id, answers_after=after)
                await self._keep(chat_id, replace(shown, buttons=has_buttons(markup)))
                return
            if head:
                self.sender.edit_step(chat_id, edit.message_id, head, was=edit, advances=advances)
                await self._send_step(chat_id, body, markup, advances=advances)
                return
        elif head:
            if stem is None:
                body = f"{head}\n\n{body}"
            else:
                self.sender.send(chat_id, head, first=first, advances=advances)
        await self._send_step(chat_id, body, markup, first=first, advances=advances)

    async def _send_step(
        self,
        chat_id: int,
        body: str,
        markup: InlineKeyboardMarkup | None,
        *,
        first: bool = False,
        advances: bool = False,
    ) -> None:
        """Send a step as a new message. The step message before it keeps its buttons: taking
        them away would cost a rate-limited call that only tidies up, and a press on them gets
        a toast that the question was already answered.
        """
        place = await self._place(chat_id)

        async def sent(message_id: int) -> None:
            latest = (await self._place(chat_id)).latest_input
            # A new message comes after every message of the person's, even unknown ones.
            latest = message_id if latest == UNKNOWN_INPUT else latest
            after = max(
                message_id, 0 if place.latest_input == UNKNOWN_INPUT else place.latest_input
            )
            await self._keep(chat_id, StepMessage(message_id, has_buttons(markup), after, latest))

        self.sender.send_step(chat_id, body, markup, on_sent=sent, first=first, advances=advances)

    async def _place(self, chat_id: int) -> StepMessage:
        """Where the chat's current step is shown: as this process knows it, else as the
        service keeps it with the session (the tapped message, after a restart)."""
        place = self._places.get(chat_id)
        if place is None:
            place = await self.service.step_message(chat_id) or StepMessage()
            self._places[chat_id] = self._kept[chat_id] = place
        return place

    async def _keep(self, chat_id: int, place: StepMessage | None = None) -> None:
        """Record where the step is shown (by default, as this process knows it) with the
        person's session, in memory: after a restart, the message of a tapped button is."""
        place = place or await self._place(chat_id)
        self._places[chat_id] = place
        if self._kept.get(chat_id) == place:
            return
        await self.service.keep_step_message(chat_id, place)
        self._kept[chat_id] = place

    def _follow(self, chat_id: int, old: int) -> Callable[[int], Awaitable[None]]:
        """What to do once an edit of the step message `old` went as a paid new message: the
        new one is the step message from then on."""

        async def moved(new: int) -> None:
            place = await self._place(chat_id)
            if place.message_id == old:
                await self._keep(chat_id, replace(place, message_id=new))

        return moved

    def _forget_place(self, chat_id: int) -> None:
        """The session ended (sent, cancelled) or is new: no step of it is shown."""
        self._places[chat_id] = self._kept[chat_id] = StepMessage()

    async def show_again(
        self, chat_id: int, progress: Progress, notice: str | None = None
    ) -> None:
        """After a notice, the step again, unless it is known to be in the chat already (a
        second copy of the question is only noise)."""
        if (await self._place(chat_id)).message_id is None:
            await self.show_step(chat_id, progress, lead=notice)
        elif notice is not None:
            self.sender.send(chat_id, notice)

    async def catch_up(self, chat_id: int, pressed: Message | None, progress: Progress) -> bool:
        """Bring the step message up to date when a press on it shows that it still shows an
        earlier step, and return whether it did.

        That happens after the bot was killed: each answer is committed before its reply is
        queued, and what was still queued is lost. This process then neither has anything
        queued for the chat nor knows what the message shows; Telegram's copy, sent with the
        press, tells.
        """
        if pressed is None or self.sender.outbox.holds(chat_id):
            return False
        if self.sender.showing(chat_id, pressed.message_id) is not None:
            return False  # this process showed it, or has it on its way
        if (await self._place(chat_id)).message_id != pressed.message_id:
            return False  # an older message: it may well show an earlier step
        if same_buttons(pressed.reply_markup, self.step_view(progress)[2]):
            return False
        edit = None if self._holds_intro(pressed) else pressed
        await self.show_step(chat_id, progress, edit=edit)
        return True

    def answered_line(self, progress: Progress) -> str | None:
        """The answer just taken, as one line ("✔️ question → answer"), if one was (an
        "other" option is said by the prompt for its text that follows)."""
        outcome = progress.outcome
        if not isinstance(outcome, Accepted) or isinstance(progress.step, AskOther):
            return None
        question = self.questionnaire.question(outcome.question_id)
        language = progress.state.language
        return answered_text(
            self.questionnaire,
            question,
            outcome.answer,
            language,
            progress.state.answers,
            REVIEW_ANSWER_LIMIT,
        )

    async def refusal_text(self, refusal: Refusal, language: str, *, unsent: bool = False) -> str:
        """Say why nothing was done (`unsent`: to someone who was answering)."""
        if refusal is Refusal.CLOSED:
            closed = (await self.service.schedule()).closed_since(self.clock())
            if closed is None:
                return text(language, "closed_unsent_now" if unsent else "closed_now")
            moment = format_moment(closed, self.service, language)
            return text(language, "closed_unsent" if unsent else "closed", date=moment)
        if refusal is Refusal.ALREADY_SUBMITTED:
            return text(language, "already_done")
        return text(language, "not_started")

    async def reply_result(
        self, chat_id: int, result: Result, language: str, *, unsent: bool = False
    ) -> None:
        """Reply to a refusal, or send the next step."""
        if result is Refusal.NOT_STARTED and await self.service.may_resume(chat_id, self.clock()):
            # After a restart: their session, if they have one, is found by a tap on it.
            markup = start_over_keyboard(language)
            self.sender.send(chat_id, text(language, "resume_by_button"), markup)
            return
        if isinstance(result, Refusal):
            if result is Refusal.DUPLICATE:
                current = await self.service.current(chat_id, self.clock())
                if isinstance(current, Progress):
                    await self.show_again(chat_id, current)
                return
            self.sender.send(chat_id, await self.refusal_text(result, language, unsent=unsent))
            return
        await self.show_step(chat_id, result, lead=self.answered_line(result), advances=True)

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
        """The first screen, or resume, or say why not.

        Whose Telegram is in one of the survey's languages gets the intro in it at once, and
        the first question under it, with a button per language to switch to; anyone else
        first gets the survey's title and a button per language, each in its own language,
        and the intro with the first question once a language is chosen.
        """
        user, chat = update.effective_user, update.effective_chat
        assert user is not None and chat is not None
        now = self.clock()
        current = await self.service.current(user.id, now)
        language = self._language(update, current)
        if isinstance(current, Progress):
            resume = None if self.opening(current) else text(language, "resume")
            await self.show_step(chat.id, current, lead=resume)
            return
        if current is Refusal.NOT_STARTED and await self.service.phase(now) is Phase.OPEN:
            # After a restart, whose session is whose is known again only through a tap on
            # it: say so above the first screen, which starts afresh.
            may_resume = await self.service.may_resume(user.id, now)
            if may_resume:
                # Answers given before the restart may be in the chat above: clear it all.
                self._began[chat.id] = 0
            elif update.message is not None:
                self._began.setdefault(chat.id, update.message.message_id)
            preselected = self._preselected(update)
            if preselected is None:
                head = text(language, "resume_or_start") + "\n\n" if may_resume else ""
                self.sender.send(
                    chat.id,
                    head + first_screen_text(self.questionnaire),
                    language_keyboard(self.questionnaire),
                    first=True,
                )
                return
            lead = text(preselected, "resume_or_start") if may_resume else None
            await self._open(user.id, preselected, lead=lead)
            return
        refusal = Refusal.CLOSED if current is Refusal.NOT_STARTED else current
        self.sender.send(chat.id, await self.refusal_text(refusal, language))

    async def _open(
        self, user_id: int, language: str, edit: Message | None = None, lead: str | None = None
    ) -> None:
        """Start the survey in `language`: the intro, `lead` if any, and the first question
        (in `edit`, the first screen whose language button was pressed, else in a new
        message)."""
        result = await self.service.begin(user_id, language, self.clock())
        if not isinstance(result, Progress):
            await self.reply_result(user_id, result, language)
            return
        if not result.resumed:
            self._forget_place(user_id)
            if edit is not None:
                self._began.setdefault(user_id, edit.message_id)
        # A survey just begun moves forward; a /start again only shows where it stands.
        await self.show_step(
            user_id, result, lead=lead, edit=edit, first=edit is None, advances=not result.resumed
        )

    def _preselected(self, update: Update) -> str | None:
        """The survey language to open with: the person's Telegram language when the survey
        has it (the only one when it has one), else none, and the person chooses."""
        q = self.questionnaire
        if len(q.languages) == 1:
            return q.languages[0]
        user = update.effective_user
        code = (user.language_code or "") if user is not None else ""
        base = code.split("-", 1)[0].lower()
        return base if base in q.languages else None

    async def intro(self, language: str) -> str:
        """The welcome text: title, intro, anonymity promise, deadline."""
        deadline = (await self.service.schedule()).deadline
        moment = None if deadline is None else format_moment(deadline, self.service, language)
        return intro_text(self.questionnaire, language, moment)

    async def thanks(self, language: str) -> str:
        """The survey's thanks, naming the deadline in force."""
        deadline = (await self.service.schedule()).deadline
        day = None
        if deadline is not None:
            day = i18n.get(language).long_date(deadline.astimezone(self.service.zone).date())
        return thanks_text(self.questionnaire, language, day)

    async def on_back_command(self, update: Update, context: Context) -> None:
        """/back: re-open the previous question (a new message, under the command)."""
        user = update.effective_user
        assert user is not None
        await self._seen_input(update)
        await self._back(user.id, self._language(update), update.update_id)

    async def _back(
        self, user_id: int, language: str, update_id: int, edit: Message | None = None
    ) -> None:
        result = await self.service.back(user_id, self.clock(), update_id)
        if isinstance(result, Progress) and isinstance(result.outcome, Stale):
            self.sender.send(user_id, text(result.state.language, "no_back"))
            await self._keep(user_id)
            return
        if isinstance(result, Progress):
            await self.show_step(user_id, result, edit=edit, advances=True)
            return
        await self.reply_result(user_id, result, language)

    async def on_cancel(self, update: Update, context: Context) -> None:
        """/cancel: ask for confirmation before deleting the answers in progress."""
        user = update.effective_user
        assert user is not None
        current = await self.service.current(user.id, self.clock())
        language = self._language(update, current)
        if not isinstance(current, Progress):
            await self.reply_result(user.id, current, language)
            return
        markup = yes_no_keyboard(
            Action.CANCEL,
            text(language, "button_cancel_yes"),
            text(language, "button_cancel_no"),
            current.state.handle,
        )
        self.sender.send(user.id, text(language, "cancel_confirm"), markup)

    async def on_help(self, update: Update, context: Context) -> None:
        """/help: the commands."""
        assert update.effective_chat is not None
        self.sender.send(
            update.effective_chat.id, text(await self._current_language(update), "help")
        )

    async def on_privacy(self, update: Update, context: Context) -> None:
        """/privacy: what is stored, and who sees what, as the bot is configured."""
        assert update.effective_chat is not None
        language = await self._current_language(update)
        self.sender.send_long(update.effective_chat.id, privacy_text(self.privacy, language))

    async def on_unknown_command(self, update: Update, context: Context) -> None:
        """A command the bot does not know."""
        assert update.effective_chat is not None
        language = await self._current_language(update)
        self.sender.send(update.effective_chat.id, text(language, "unknown_command"))

    async def on_unsupported(self, update: Update, context: Context) -> None:
        """Stickers, photos, voice...: say what the bot understands."""
        user = update.effective_user
        assert user is not None
        await self._seen_input(update)
        current = await self.service.current(user.id, self.clock())
        language = self._language(update, current)
        if isinstance(current, Progress):
            await self.show_again(user.id, current, text(language, "unsupported"))
            await self._keep(user.id)
            return
        self.sender.send(user.id, text(language, "unsupported"))

    # -- typed answers --------------------------------------------------------------------

    async def _seen_input(self, update: Update) -> None:
        """Note the person's latest message: an edit of it or of an earlier one may answer
        only the step shown after it. Kept with the next step shown, or by `_keep`."""
        message = update.effective_message
        if message is not None and update.message is not None:
            place = await self._place(message.chat.id)
            if place.latest_input == UNKNOWN_INPUT:
                # The first message since a tap found the session after a restart: it comes
                # after all of theirs, and answers the step shown, as later ones may.
                after = min(place.answers_after, message.message_id - 1)
                place = replace(place, answers_after=after, latest_input=message.message_id)
                self._places[message.chat.id] = place
            elif message.message_id > place.latest_input:
                self._places[message.chat.id] = replace(place, latest_input=message.message_id)

    async def on_text(self, update: Update, context: Context) -> None:
        """A typed answer for the question being asked."""
        user, message = update.effective_user, update.effective_message
        assert user is not None and message is not None and message.text is not None
        await self._seen_input(update)
        await self._typed(user.id, message.text, update)

    async def _typed(self, user_id: int, typed: str, update: Update) -> None:
        result = await self.service.type_answer(
            user_id, None, typed, self.clock(), update.update_id
        )
        language = self._language(update, result)
        if isinstance(result, Progress):
            if isinstance(result.outcome, Invalid):
                refused = invalid_text(result.outcome, language, self.questionnaire)
                self.sender.send(user_id, refused)
                await self._keep(user_id)
                return
            if isinstance(result.outcome, Stale):
                await self.show_again(user_id, result, text(language, "stale_typed"))
                await self._keep(user_id)
                return
        await self.reply_result(user_id, result, language)

    async def on_edited(self, update: Update, context: Context) -> None:
        """An edited message: taken as the answer if it was typed for the question still
        asked (after it was shown), else the person is told that it was not, and how to
        change an answer."""
        user, message = update.effective_user, update.edited_message
        assert user is not None and message is not None
        current = await self.service.current(user.id, self.clock())
        language = self._language(update, current)
        place = await self._place(user.id)
        if (
            isinstance(current, Progress)
            and not isinstance(current.step, Review)
            and message.text is not None
            and not message.text.startswith("/")
            and place.message_id is not None
            and message.message_id > place.answers_after
        ):
            await self._typed(user.id, message.text, update)
            return
        if isinstance(current, Progress):
            self.sender.send(user.id, text(language, "edit_not_taken"))
            return
        await self.reply_result(user.id, current, language)

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
        user_id = query.from_user.id
        if callback.handle and await self.service.rejoin(
            user_id, callback.handle, query.message.message_id
        ):
            # After a restart: the tapped message is where their step is shown.
            self._places.pop(user_id, None)
            self._kept.pop(user_id, None)
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
        language = self._language(update, current)
        if isinstance(current, Refusal) and current is not Refusal.NOT_STARTED:
            self.sender.answer_query(query)
            await self.reply_result(user_id, current, language, unsent=True)
            return
        self.sender.answer_query(query, text(language, "stale"))
        if isinstance(current, Progress) and not await self.catch_up(
            user_id, self._pressed(query), current
        ):
            await self.show_again(user_id, current)

    def _holds_intro(self, message: Message) -> bool:
        """Whether a message shows the intro (the first question came under it). It stays in
        sight, its language buttons too, and what follows the answer comes below it."""
        shown = self.sender.showing(message.chat.id, message.message_id, message)
        q = self.questionnaire
        titles = tuple(f"{q.text(q.title, language)}\n\n" for language in q.languages)
        return shown is not None and shown[0].startswith(titles)

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
                step_message = (await self._place(query.from_user.id)).message_id
                pressed = self._pressed(query)
                edit = pressed if pressed and pressed.message_id == step_message else None
                if edit is None and step_message is not None and pressed is not None:
                    # The intro's buttons: the question below follows the new language.
                    self.sender.edit_step(
                        query.from_user.id,
                        step_message,
                        await self._whole(result),
                        self.step_view(result)[2],
                        on_moved=self._follow(query.from_user.id, step_message),
                    )
                    return
                await self.show_step(query.from_user.id, result, edit=edit)
                return
            await self.reply_result(query.from_user.id, result, language, unsent=True)
            return
        if isinstance(current, Refusal) and current is not Refusal.NOT_STARTED:
            await self.reply_result(query.from_user.id, current, language)
            return
        await self._open(query.from_user.id, language, self._pressed(query))

    async def _whole(self, progress: Progress) -> str:
        """A step's text as one message (the intro while nothing is answered, and what opens a
        section or battery, included)."""
        stem, body, _ = self.step_view(progress)
        intro = await self._intro_above(progress)
        return "\n\n".join(part for part in (intro, stem, body) if part)

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
            if (await self._place(user_id)).message_id is not None:
                self.sender.answer_query(query, text(result.state.language, "resume"))
                return
            self.sender.acknowledge(query, result.state.language)
            await self.show_step(user_id, result, lead=text(result.state.language, "resume"))
            return
        if isinstance(result, Progress):
            self.sender.acknowledge(query, result.state.language)
            self._forget_place(user_id)
            await self.show_step(user_id, result, edit=self._pressed(query), advances=True)
            return
        self.sender.answer_query(query)
        await self.reply_result(user_id, result, language)

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
                    await self.catch_up(user_id, self._pressed(query), current)
                return
            await self.reply_result(user_id, result, self._language(update), unsent=True)
            return
        outcome, language = result.outcome, result.state.language
        if isinstance(outcome, Invalid):
            self.sender.answer_query(
                query, invalid_text(outcome, language, self.questionnaire), alert=True
            )
            return
        if isinstance(outcome, Stale):
            self.sender.answer_query(query, text(language, "stale"))
            if not await self.catch_up(user_id, self._pressed(query), result):
                await self.show_again(user_id, result)
            return
        self.sender.acknowledge(query, language)
        pressed = self._pressed(query)
        edit = None if pressed is None or self._holds_intro(pressed) else pressed
        await self.show_step(
            user_id, result, lead=self.answered_line(result), edit=edit, advances=True
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
        if not selection:
            current = await self.service.current(query.from_user.id, self.clock())
            step = current.step if isinstance(current, Progress) else None
            if isinstance(step, Ask) and step.question.id == question_id:
                question = step.question
                if isinstance(question, MultipleChoice):
                    language = self._language(update, current)
                    notice = text(language, "error_tick_none", count=max(question.min, 1))
                    self.sender.answer_query(query, notice, alert=True)
                    return
        result = await self.service.choose(
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

        The question says what else a tick unticks (an exclusive option, the others).
        """
        message = self._pressed(query)
        if len(callback.args) != 2 or message is None:
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
        shown = self._markup(query.from_user.id, message)
        selection = question.toggle(ticked(shown, question_id), option_id)
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
        self.sender.acknowledge(query, language)
        ordered = tuple(b.value for b in buttons.choices if b.value in selection)
        markup = self.question_markup(current, step, ordered)
        showing = self.sender.showing(message.chat.id, message.message_id, message)
        body = showing[0] if showing is not None else message.text or ""
        self.sender.edit_step(
            message.chat.id, message.message_id, body, markup, was=message, advances=True
        )

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
        self.sender.acknowledge(query, self._language(update))
        await self._back(
            query.from_user.id, self._language(update), update.update_id, self._pressed(query)
        )

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
            await self.show_step(
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
            self.sender.answer_query(query, text(self._language(update), "already_sent"))
            return
        await self._after_choice(query, result, update)

    async def _submitted(self, query: CallbackQuery, review: Review, language: str) -> None:
        """The recap becomes the answers as sent, and the thanks."""
        user_id = query.from_user.id
        self.sender.answer_query(query, text(language, "submitted"))
        sent = review_text(self.questionnaire, review, language, REVIEW_ANSWER_LIMIT, sent=True)
        thanks = await self.thanks(language)
        pressed = self._pressed(query)
        whole = f"{sent}\n\n{thanks}"
        clear = clear_keyboard(language, self._began.pop(user_id, None))
        if pressed is not None and len(whole) <= MessageLimit.MAX_TEXT_LENGTH:
            self.sender.edit_step(
                user_id, pressed.message_id, whole, clear, was=pressed, advances=True
            )
        else:
            if pressed is not None:
                self._edit_buttons(user_id, pressed, InlineKeyboardMarkup([]))
            self.sender.send(user_id, thanks, clear, advances=True)
        self._forget_place(user_id)
        logger.info("a response was submitted")

    async def _on_cancel_button(
        self, query: CallbackQuery, callback: Callback, update: Update
    ) -> None:
        user_id = query.from_user.id
        current = await self.service.current(user_id, self.clock())
        language = self._language(update, current)
        self.sender.answer_query(query)
        pressed = self._pressed(query)
        if callback.args[:1] == ("y",) and await self.service.cancel(user_id):
            self._forget_place(user_id)
            self._began.pop(user_id, None)
            if pressed is not None:
                self.sender.edit_step(user_id, pressed.message_id, text(language, "cancelled"))
            else:
                self.sender.send(user_id, text(language, "cancelled"))
            return
        if isinstance(current, Progress) and pressed is not None:
            self.sender.edit_step(user_id, pressed.message_id, text(language, "cancel_kept"))
            await self.show_step(user_id, current)

    async def _on_clear(self, query: CallbackQuery, callback: Callback, update: Update) -> None:
        """Under the thanks: delete the survey's conversation, the person's messages and the
        bot's, from its first message to the thanks, so that whoever picks up the phone later
        does not see the answers. Telegram lets a bot delete messages of the last 48 hours
        only: the person is told to clear older ones themselves."""
        assert query.message is not None
        language = callback.args[1] if len(callback.args) > 1 else ""
        if not i18n.has(language) or language not in self.questionnaire.languages:
            language = self._language(update)
        self.sender.answer_query(query, text(language, "clearing"), alert=True)
        last = query.message.message_id
        try:
            first = int(callback.args[0])
        except (IndexError, ValueError):
            first = 0
        if not 0 < first <= last or last - first >= CLEAR_MOST:
            first = max(1, last - CLEAR_MOST + 1)
        self.sender.delete_range(query_chat(query), first, last)


def intro_text(questionnaire: Questionnaire, language: str, deadline: str | None) -> str:
    """The welcome text: title, intro, the anonymity promise (once), deadline."""
    q = questionnaire
    parts = [q.text(q.title, language), q.text(q.intro, language), text(language, "anonymity")]
    if deadline is not None:
        parts.append(text(language, "deadline", date=deadline))
    return "\n\n".join(parts)


def first_screen_text(questionnaire: Questionnaire) -> str:
    """The first screen for whose Telegram language the survey lacks: the title and the
    language prompt, in every survey language."""
    q = questionnaire
    titles = [q.text(q.title, language) for language in q.languages]
    prompts = " · ".join(text(language, "choose_language") for language in q.languages)
    return "\n".join([*dict.fromkeys(titles), "", prompts])


def _toggles(step: Ask, option_id: str) -> bool:
    """Whether the question asked is answered by ticking options, `option_id` among them."""
    buttons = step.question.buttons(step.seed)
    return (
        buttons is not None
        and buttons.several
        and any(b.value == option_id for b in buttons.choices)
    )
