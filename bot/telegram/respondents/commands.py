"""The respondents' commands (/start, /back, /cancel, /help, /privacy), typed answers and their
edits, other messages, and the pointer to the private chat in groups."""

from __future__ import annotations

from collections.abc import Callable

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.app.clock import Clock
from bot.app.respondents import Progress, Refusal, RespondentService
from bot.core.answers import Invalid
from bot.core.engine import Review, Stale
from bot.core.schedule import Phase
from bot.i18n import text
from bot.rendering.privacy import PrivacyTerms, privacy_text
from bot.rendering.questions import invalid_text
from bot.telegram.keyboards import Action, language_keyboard, yes_no_keyboard
from bot.telegram.respondents.places import StepPlaces
from bot.telegram.respondents.screens import Screens, first_screen_text
from bot.telegram.sending import Sender

Context = ContextTypes.DEFAULT_TYPE

MAX_TOLD_GROUPS = 10_000


class Commands:
    """Messages from respondents: commands, typed text, edits, anything else."""

    def __init__(
        self,
        service: RespondentService,
        sender: Sender,
        clock: Clock,
        screens: Screens,
        places: StepPlaces,
        *,
        privacy: PrivacyTerms,
        bot_username: Callable[[], str],
    ) -> None:
        self.service = service
        self.questionnaire = service.questionnaire
        self.sender = sender
        self.clock = clock
        self.screens = screens
        self.places = places
        self.privacy = privacy
        self._bot_username = bot_username
        self._told_groups: set[int] = set()

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
            self.sender.send(
                chat.id, text(self.screens.language(update), "private_only", link=link)
            )

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
        language = self.screens.language(update, current)
        if isinstance(current, Progress):
            resume = None if self.screens.opening(current) else text(language, "resume")
            await self.screens.show_step(chat.id, current, lead=resume)
            return
        if current is Refusal.NOT_STARTED and await self.service.phase(now) is Phase.OPEN:
            # After a restart, whose session is whose is known again only through a tap on
            # it: say so above the first screen, which starts afresh.
            may_resume = await self.service.may_resume(user.id, now)
            if may_resume:
                # Answers given before the restart may be in the chat above: clear it all.
                self.places.began[chat.id] = 0
            elif update.message is not None:
                self.places.began.setdefault(chat.id, update.message.message_id)
            preselected = self._preselected(update)
            if preselected is None:
                head = text(language, "resume_or_start") + "\n\n" if may_resume else ""
                self.sender.send(
                    chat.id,
                    head + first_screen_text(self.questionnaire),
                    language_keyboard(self.questionnaire, self.screens.mark),
                    first=True,
                )
                return
            lead = text(preselected, "resume_or_start") if may_resume else None
            await self.screens.open(user.id, preselected, lead=lead)
            return
        refusal = Refusal.CLOSED if current is Refusal.NOT_STARTED else current
        # Only who had answers in progress hears that unsent answers do not count.
        unsent = self.service.knows_session(user.id)
        self.sender.send(
            chat.id, await self.screens.refusal_text(refusal, language, unsent=unsent)
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

    async def on_back_command(self, update: Update, context: Context) -> None:
        """/back: re-open the previous question (a new message, under the command)."""
        user = update.effective_user
        assert user is not None
        await self.places.seen(update)
        await self.screens.back(user.id, self.screens.language(update), update.update_id)

    async def on_cancel(self, update: Update, context: Context) -> None:
        """/cancel: ask for confirmation before deleting the answers in progress."""
        user = update.effective_user
        assert user is not None
        current = await self.service.current(user.id, self.clock())
        language = self.screens.language(update, current)
        if not isinstance(current, Progress):
            await self.screens.reply_result(user.id, current, language)
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
            update.effective_chat.id, text(await self.screens.current_language(update), "help")
        )

    async def on_privacy(self, update: Update, context: Context) -> None:
        """/privacy: what is stored, and who sees what, as the bot is configured."""
        assert update.effective_chat is not None
        language = await self.screens.current_language(update)
        self.sender.send_long(update.effective_chat.id, privacy_text(self.privacy, language))

    async def on_unknown_command(self, update: Update, context: Context) -> None:
        """A command the bot does not know."""
        assert update.effective_chat is not None
        language = await self.screens.current_language(update)
        self.sender.send(update.effective_chat.id, text(language, "unknown_command"))

    async def on_unsupported(self, update: Update, context: Context) -> None:
        """Stickers, photos, voice...: say what the bot understands."""
        user = update.effective_user
        assert user is not None
        await self.places.seen(update)
        current = await self.service.current(user.id, self.clock())
        language = self.screens.language(update, current)
        if isinstance(current, Progress):
            if (await self.places.place(user.id)).message_id is None:
                lead = text(language, "unsupported_question")
                await self.screens.show_step(user.id, current, lead=lead)
            else:  # the question is in the chat: a second copy would only be noise
                self.sender.send(user.id, text(language, "unsupported_above"))
            await self.places.keep(user.id)
            return
        self.sender.send(user.id, text(language, "unsupported"))

    async def on_text(self, update: Update, context: Context) -> None:
        """A typed answer for the question being asked."""
        user, message = update.effective_user, update.effective_message
        assert user is not None and message is not None and message.text is not None
        await self.places.seen(update)
        await self._typed(user.id, message.text, update)

    async def _typed(self, user_id: int, typed: str, update: Update) -> None:
        result = await self.service.type_answer(
            user_id, None, typed, self.clock(), update.update_id
        )
        language = self.screens.language(update, result)
        if isinstance(result, Progress):
            if isinstance(result.outcome, Invalid):
                refused = invalid_text(result.outcome, language, self.questionnaire)
                self.sender.send(user_id, refused)
                await self.places.keep(user_id)
                return
            if isinstance(result.outcome, Stale):
                await self.screens.show_again(user_id, result, text(language, "stale_typed"))
                await self.places.keep(user_id)
                return
        await self.screens.reply_result(user_id, result, language)

    async def on_edited(self, update: Update, context: Context) -> None:
        """An edited message: taken as the answer if it was typed for the question still
        asked (after it was shown), else the person is told that it was not, and how to
        change an answer."""
        user, message = update.effective_user, update.edited_message
        assert user is not None and message is not None
        current = await self.service.current(user.id, self.clock())
        language = self.screens.language(update, current)
        place = await self.places.place(user.id)
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
        await self.screens.reply_result(user.id, current, language)
