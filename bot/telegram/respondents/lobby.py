"""The way in for several surveys: which survey an update is for, and the menu of them.

Each survey has its own `RespondentHandlers` (its rooms, its step places); the lobby hands
every update to one of them. With one survey it hands everything over as it comes, adding
nothing. With several:

- `/start <survey id>` (the survey's link) opens that survey; a closed one, or one the person
  already answered, says so and offers the open ones. A plain `/start` opens the only open
  survey, or shows the menu of the open ones (their titles as buttons, `m|<survey id>`).
- A button of a step carries its session's handle: the survey whose session it is, known in
  memory or found in each survey's store after a restart, takes it. The first screen's buttons
  carry the survey's id (`~@<survey id>`).
- Typed answers, /back, /cancel, edits and other buttons go to the survey whose step the
  person was last shown (kept in memory only, like who answers which session).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from telegram import CallbackQuery, Update
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
from bot.app.respondents import Refusal
from bot.core.schedule import Phase
from bot.i18n import text
from bot.telegram.keyboards import Action, decode, surveys_keyboard
from bot.telegram.respondents import RespondentHandlers
from bot.telegram.sending import Sender

Context = ContextTypes.DEFAULT_TYPE
Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]

MAX_REMEMBERED = 100_000
"""People whose last survey is kept in memory at most (then forgotten, oldest first)."""


class Lobby:
    """Routes each respondent's update to the survey it is for."""

    def __init__(
        self, surveys: Sequence[tuple[str, RespondentHandlers]], sender: Sender, clock: Clock
    ) -> None:
        self.surveys = dict(surveys)
        self.first = surveys[0][1]
        self.sender = sender
        self.clock = clock
        self._last: dict[int, str] = {}
        """The survey whose step each person was last shown: memory only."""

    @property
    def single(self) -> bool:
        """Whether the bot runs one survey (everything goes to it, as it comes)."""
        return len(self.surveys) == 1

    def _remember(self, user_id: int, survey_id: str) -> None:
        self._last.pop(user_id, None)
        if len(self._last) >= MAX_REMEMBERED:
            self._last.pop(next(iter(self._last)))
        self._last[user_id] = survey_id

    def _current(self, update: Update) -> RespondentHandlers:
        """The survey whose step the person was last shown; after a restart, the one where
        a session of theirs is known, else the first."""
        user = update.effective_user
        if user is None:
            return self.first
        survey_id = self._last.get(user.id)
        if survey_id is not None:
            return self.surveys[survey_id]
        for handlers in self.surveys.values():
            if handlers.service.knows_session(user.id):
                return handlers
        return self.first

    def routed(self, pick: Callable[[RespondentHandlers], Handler]) -> Handler:
        """A handler that hands the update to the same handler of the person's survey."""
        if self.single:
            return pick(self.first)

        async def route(update: Update, context: Context) -> None:
            await pick(self._current(update))(update, context)

        return route

    # -- /start ----------------------------------------------------------------------------

    async def on_start(self, update: Update, context: Context) -> None:
        """/start, with a survey's id (its link) or not."""
        if self.single:
            await self.first.commands.on_start(update, context)
            return
        user = update.effective_user
        assert user is not None
        wanted = context.args[0] if context.args else None
        handlers = self.surveys.get(wanted) if wanted else None
        if handlers is None:
            await self._open_or_menu(update, context)
            return
        await self._enter(handlers, update, context)

    async def _enter(self, handlers: RespondentHandlers, update: Update, context: Context) -> None:
        """Open one survey; if it is closed or answered, say so and offer the open ones."""
        user, chat = update.effective_user, update.effective_chat
        assert user is not None and chat is not None
        survey_id = handlers.service.questionnaire.id
        now = self.clock()
        current = await handlers.service.current(user.id, now)
        refusal: Refusal | None = None
        if current in (Refusal.ALREADY_SUBMITTED, Refusal.CLOSED):
            refusal = current
        elif (
            current is Refusal.NOT_STARTED and await handlers.service.phase(now) is not Phase.OPEN
        ):
            refusal = Refusal.CLOSED
        others = [s for s in await self._open(update) if s[0] != survey_id] if refusal else []
        if refusal is None or not others:
            self._remember(user.id, survey_id)
            await handlers.commands.on_start(update, context)
            return
        language = handlers.screens.language(update)
        said = await handlers.screens.refusal_text(refusal, language)
        offer = text(self._language(update), "surveys_other_open")
        self.sender.send(chat.id, f"{said}\n\n{offer}", surveys_keyboard(others))

    async def _open_or_menu(self, update: Update, context: Context) -> None:
        """A plain /start: the only open survey at once, else the menu of the open ones."""
        chat = update.effective_chat
        assert chat is not None
        user = update.effective_user
        if user is not None:
            # Someone answering goes on with the survey of the step last shown to them.
            survey_id = self._last.get(user.id)
            if survey_id is not None and self.surveys[survey_id].service.knows_session(user.id):
                await self.surveys[survey_id].commands.on_start(update, context)
                return
        open_surveys = await self._open(update)
        if len(open_surveys) == 1:
            await self._enter(self.surveys[open_surveys[0][0]], update, context)
            return
        if not open_surveys:
            await self._enter(self.first, update, context)
            return
        language = self._language(update)
        self.sender.send(chat.id, text(language, "surveys_menu"), surveys_keyboard(open_surveys))

    async def _open(self, update: Update) -> list[tuple[str, str]]:
        """The open surveys (new people may start), as (id, title in the person's language)."""
        now = self.clock()
        found = []
        for survey_id, handlers in self.surveys.items():
            if await handlers.service.phase(now) is Phase.OPEN:
                questionnaire = handlers.service.questionnaire
                language = handlers.screens.language(update)
                found.append((survey_id, questionnaire.text(questionnaire.title, language)))
        return found

    def _language(self, update: Update) -> str:
        """The language of the lobby's own sentences: the person's Telegram language when the
        bot speaks it, else the first survey's default."""
        user = update.effective_user
        code = (user.language_code or "")[:2].lower() if user else ""
        if i18n.has(code):
            return code
        return self.first.service.questionnaire.language

    # -- buttons ---------------------------------------------------------------------------

    async def on_button(self, update: Update, context: Context) -> None:
        """A button: the menu's, or one of a survey's, handed to that survey."""
        if self.single:
            await self.first.buttons.on_button(update, context)
            return
        query = update.callback_query
        assert query is not None
        callback = decode(query.data if isinstance(query.data, str) else None)
        user_id = query.from_user.id
        if callback is not None and callback.action is Action.MENU:
            await self._on_menu(query, callback.args, update, context)
            return
        handlers = None
        if callback is not None and callback.handle:
            handlers = await self._owner(user_id, callback.handle)
        elif callback is not None and callback.survey:
            handlers = self.surveys.get(callback.survey)
        if handlers is None:
            handlers = self._current(update)
        else:
            self._remember(user_id, handlers.service.questionnaire.id)
        await handlers.buttons.on_button(update, context)

    async def _owner(self, user_id: int, handle: str) -> RespondentHandlers | None:
        """The survey of the session named `handle`: this person's in memory, else asked of
        each survey's store (after a restart)."""
        for handlers in self.surveys.values():
            if handlers.service.answering.holds(user_id, handle):
                return handlers
        for handlers in self.surveys.values():
            if await handlers.service.owns_handle(user_id, handle):
                return handlers
        return None

    async def _on_menu(
        self, query: CallbackQuery, args: tuple[str, ...], update: Update, context: Context
    ) -> None:
        """A survey picked in the menu: open it as its link would."""
        handlers = self.surveys.get(args[0]) if args else None
        self.sender.answer_query(query)
        if handlers is None:
            await self._open_or_menu(update, context)
            return
        await self._enter(handlers, update, context)

    def register(self, application: Application) -> None:  # type: ignore[type-arg]
        """Add the respondents' handlers (admin commands are added before these)."""
        # Commands too: a CommandHandler given filters also sees edited messages otherwise.
        private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
        groups = filters.ChatType.GROUPS | filters.ChatType.CHANNEL
        route = self.routed
        application.add_handler(
            MessageHandler(groups & ~filters.UpdateType.EDITED, self.first.commands.on_group)
        )
        application.add_handler(CommandHandler("start", self.on_start, filters=private))
        application.add_handler(
            CommandHandler("back", route(lambda h: h.commands.on_back_command), filters=private)
        )
        application.add_handler(
            CommandHandler("cancel", route(lambda h: h.commands.on_cancel), filters=private)
        )
        application.add_handler(
            CommandHandler("help", route(lambda h: h.commands.on_help), filters=private)
        )
        application.add_handler(
            CommandHandler("privacy", route(lambda h: h.commands.on_privacy), filters=private)
        )
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(
            MessageHandler(
                private & filters.COMMAND, route(lambda h: h.commands.on_unknown_command)
            )
        )
        application.add_handler(
            MessageHandler(private & filters.TEXT, route(lambda h: h.commands.on_text))
        )
        edited = filters.ChatType.PRIVATE & filters.UpdateType.EDITED_MESSAGE
        application.add_handler(MessageHandler(edited, route(lambda h: h.commands.on_edited)))
        application.add_handler(
            MessageHandler(private, route(lambda h: h.commands.on_unsupported))
        )
