"""What the respondents see: each step rendered and posted (as a new message or in place of
the one tapped), the first screen, the intro, the recap, the thanks, refusals."""

from __future__ import annotations

from dataclasses import replace

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import MessageLimit

from bot.app.clock import Clock
from bot.app.respondents import NoEarlier, Progress, Refusal, RespondentService, Result
from bot.core.engine import Accepted, Ask, AskOther
from bot.core.questionnaire import Questionnaire
from bot.core.schedule import Phase
from bot.core.stores import UNKNOWN_INPUT, StepMessage
from bot.i18n import text
from bot.rendering.questions import (
    answered_text,
    other_text,
    preamble_text,
    question_text,
    review_text,
    thanks_text,
)
from bot.telegram.keyboards import (
    opening_keyboard,
    other_keyboard,
    question_keyboard,
    review_keyboard,
    selected_options,
    start_over_keyboard,
)
from bot.telegram.language import member_moment, reply_language
from bot.telegram.respondents.places import StepPlaces
from bot.telegram.sending import Sender, has_buttons, same_buttons

REVIEW_ANSWER_LIMIT = 150


class Screens:
    """Renders the steps and posts them through the sender, noting where each is shown."""

    def __init__(
        self,
        service: RespondentService,
        sender: Sender,
        clock: Clock,
        places: StepPlaces,
        mark: str = "",
    ) -> None:
        self.service = service
        self.questionnaire = service.questionnaire
        self.sender = sender
        self.clock = clock
        self.places = places
        self.mark = mark
        """The survey's id on buttons without a handle, with several surveys ("" with one)."""

    def language(self, update: Update, current: Result | None = None) -> str:
        """The reply language (of `current`, the survey in progress, if given)."""
        return reply_language(self.questionnaire, update, current)

    async def current_language(self, update: Update) -> str:
        """The reply language, with the person's survey in progress looked up."""
        user = update.effective_user
        current = await self.service.current(user.id, self.clock()) if user is not None else None
        return self.language(update, current)

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

    async def intro_above(self, progress: Progress) -> str | None:
        """The intro, while nothing is answered: the first question comes under it."""
        return await self.intro(progress.state.language) if self.opening(progress) else None

    async def show_step(
        self,
        chat_id: int,
        progress: Progress,
        *,
        lead: str | None = None,
        edit: Message | int | None = None,
        first: bool = False,
        advances: bool = False,
    ) -> None:
        """Show what comes next, after `lead` (the answer just given, a notice), under the
        intro while nothing is answered.

        With `edit` (the step message a button was pressed on, or the number of the step
        message), that message becomes the next step: one call, and no trail of old questions.
        What opens a section or a battery stays a message of its own, so that it remains in
        sight for the questions under it.
        `first`: a newcomer's first screen; `advances`: the survey moved forward (the reply
        may be paid for), rather than a step shown again.
        """
        stem, body, markup = self.step_view(progress)
        intro = await self.intro_above(progress)
        if intro is not None:
            # One message, which stays in sight as what opens a section would.
            lead, stem = "\n\n".join(part for part in (intro, lead, stem) if part), None
        head = "\n\n".join(part for part in (lead, stem) if part)
        if edit is not None:
            edited, was = (edit, None) if isinstance(edit, int) else (edit.message_id, edit)
            whole = f"{head}\n\n{body}" if head and stem is None else body
            if stem is None and len(whole) <= MessageLimit.MAX_TEXT_LENGTH:
                place = await self.places.place(chat_id)
                self.sender.edit_step(
                    chat_id,
                    edited,
                    whole,
                    markup,
                    was=was,
                    on_moved=self.places.follow(chat_id, edited),
                    advances=advances,
                )
                if advances and place.message_id not in (None, edited) and place.buttons:
                    # The survey moved on in another copy of the step than the one known, whose
                    # live buttons are out of date now.
                    self.sender.take_buttons(chat_id, place.message_id)
                after = max(edited, place.latest_input)
                shown = replace(place, message_id=edited, answers_after=after)
                await self.places.keep(chat_id, replace(shown, buttons=has_buttons(markup)))
                return
            if head:
                self.sender.edit_step(chat_id, edited, head, was=was, advances=advances)
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
        place = await self.places.place(chat_id)

        async def sent(message_id: int) -> None:
            latest = (await self.places.place(chat_id)).latest_input
            # A new message comes after every message of the person's, even unknown ones.
            latest = message_id if latest == UNKNOWN_INPUT else latest
            after = max(
                message_id, 0 if place.latest_input == UNKNOWN_INPUT else place.latest_input
            )
            await self.places.keep(
                chat_id, StepMessage(message_id, has_buttons(markup), after, latest)
            )

        self.sender.send_step(chat_id, body, markup, on_sent=sent, first=first, advances=advances)

    async def show_again(
        self, chat_id: int, progress: Progress, notice: str | None = None
    ) -> None:
        """After a notice, the step again, unless it is known to be in the chat already (a
        second copy of the question is only noise)."""
        if (await self.places.place(chat_id)).message_id is None:
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
        if (await self.places.place(chat_id)).message_id != pressed.message_id:
            return False  # an older message: it may well show an earlier step
        if same_buttons(pressed.reply_markup, self.step_view(progress)[2]):
            return False
        edit = None if self.holds_intro(pressed) else pressed
        await self.show_step(chat_id, progress, edit=edit)
        return True

    async def bring_up(self, chat_id: int, pressed: Message | None, progress: Progress) -> bool:
        """A tap on an out-of-date copy of a step (one that is not the step message: a copy
        that /start, a typed answer or a restart left behind) turns that copy into the current
        step, in one edit, and return whether it did. It becomes the step message; the other
        copy shows the current step too, so its buttons still hold."""
        if pressed is None or self.holds_intro(pressed):
            return False
        place = await self.places.place(chat_id)
        if place.message_id in (None, pressed.message_id):
            return False
        await self.show_step(chat_id, progress, edit=pressed)
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
            moment = member_moment(closed, self.service, language)
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
            markup = start_over_keyboard(language, self.mark)
            self.sender.send(chat_id, text(language, "resume_by_button"), markup)
            return
        if isinstance(result, Refusal):
            unsent = unsent or self.service.knows_session(chat_id)
            if result is Refusal.DUPLICATE:
                current = await self.service.current(chat_id, self.clock())
                if isinstance(current, Progress):
                    await self.show_again(chat_id, current)
                return
            self.sender.send(chat_id, await self.refusal_text(result, language, unsent=unsent))
            return
        await self.show_step(chat_id, result, lead=self.answered_line(result), advances=True)

    async def open(
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
            self.places.forget(user_id)
            if edit is not None:
                self.places.began.setdefault(user_id, edit.message_id)
        # A survey just begun moves forward; a /start again only shows where it stands.
        await self.show_step(
            user_id, result, lead=lead, edit=edit, first=edit is None, advances=not result.resumed
        )

    async def intro(self, language: str) -> str:
        """The welcome text: title, intro, anonymity promise, deadline."""
        deadline = (await self.service.schedule()).deadline
        moment = None if deadline is None else member_moment(deadline, self.service, language)
        return intro_text(self.questionnaire, language, moment)

    async def thanks(self, language: str) -> str:
        """The survey's thanks, naming the deadline in force; once it has passed (the grace
        period), its sentence is the bot's: closed to newcomers, open to who had started."""
        schedule = await self.service.schedule()
        deadline = schedule.deadline
        moment = None if deadline is None else member_moment(deadline, self.service, language)
        late = None
        if moment is not None and schedule.phase(self.clock()) is Phase.GRACE:
            late = text(language, "thanks_grace", date=moment)
        return thanks_text(self.questionnaire, language, moment, late)

    async def back(self, user_id: int, language: str, update_id: int) -> None:
        """Re-open the previous question (/back), in place of the step message when it is
        known, as the Back button does: twelve /back, no trail of twelve questions."""
        result = await self.service.back(user_id, self.clock(), update_id)
        await self.went_back(
            user_id, result, language, (await self.places.place(user_id)).message_id
        )

    async def went_back(
        self, user_id: int, result: Result, language: str, edit: Message | int | None = None
    ) -> None:
        """Show the question *back* re-opened (in `edit`, the message whose button was
        pressed), or say that there is none before, or why nothing was done."""
        if isinstance(result, Progress) and isinstance(result.outcome, NoEarlier):
            self.sender.send(user_id, text(result.state.language, "no_back"))
            await self.places.keep(user_id)
            return
        if isinstance(result, Progress):
            await self.show_step(user_id, result, edit=edit, advances=True)
            return
        await self.reply_result(user_id, result, language)

    def holds_intro(self, message: Message) -> bool:
        """Whether a message shows the intro (the first question came under it). It stays in
        sight, its language buttons too, and what follows the answer comes below it."""
        shown = self.sender.showing(message.chat.id, message.message_id, message)
        q = self.questionnaire
        titles = tuple(f"{q.text(q.title, language)}\n\n" for language in q.languages)
        return shown is not None and shown[0].startswith(titles)

    async def whole(self, progress: Progress) -> str:
        """A step's text as one message (the intro while nothing is answered, and what opens a
        section or battery, included)."""
        stem, body, _ = self.step_view(progress)
        intro = await self.intro_above(progress)
        return "\n\n".join(part for part in (intro, stem, body) if part)


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
