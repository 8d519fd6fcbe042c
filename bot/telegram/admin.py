"""The admins' commands: who may run them, on which survey, and those over every survey.

Each survey has its admins (its own and the global ones). An admin's command runs on the
survey named by its first argument (`/stats <survey id> 3`), else on the only survey they may
see, else on the one they pick: one message with a button per survey they may see
(`p|stats|<survey id>|<the command's other arguments>`). A survey they may not see is answered
exactly like an id that does not exist, so that a reply never says that it does.

`/surveys` lists each survey an admin may see: whether it is open, its counts and its link.
`/reload` (global admins only) reads the config again: new surveys open, the open ones go on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.app.clock import Clock
from bot.app.reloading import Problem, Refused, Reloaded
from bot.i18n import text
from bot.telegram.admin_survey import (
    EarlierWave,
    SurveyAdmin,
    budget_line,
    queue_lines,
    survey_link,
)
from bot.telegram.keyboards import Action, decode, pick_keyboard
from bot.telegram.language import reply_language
from bot.telegram.sending import Sender

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
Reload = Callable[[], Awaitable[Reloaded | Refused]]

ADMIN_COMMANDS = ("stats", "report", "close", "open", "export", "surveys", "reload")
GLOBAL_COMMANDS = ("reload",)
"""The commands for the admins of every survey only."""
PER_SURVEY = ("stats", "report", "close", "open", "export")
"""The commands that run on one survey."""
BARE_START = r"^/start(@\w+)?\s*$"
"""/start with no survey named: an admin's gets the organisers' view."""

__all__ = [
    "ADMIN_COMMANDS",
    "GLOBAL_COMMANDS",
    "AdminHandlers",
    "SurveyAdmin",
    "budget_line",
    "queue_lines",
]


class AdminHandlers:
    """Commands for the organisers listed in the config, in their private chats only."""

    def __init__(
        self,
        sender: Sender,
        clock: Clock,
        surveys: Sequence[SurveyAdmin],
        global_admins: Iterable[int],
        *,
        bot_username: Callable[[], str],
        reload: Reload | None = None,
    ) -> None:
        self.sender = sender
        self.clock = clock
        self.surveys: dict[str, SurveyAdmin] = {}
        self.global_admins: frozenset[int] = frozenset()
        self.bot_username = bot_username
        self._reload = reload
        self._admin_filter = filters.User(user_id=())
        """Whom /help answers as an admin; follows the surveys' admins on /reload."""
        self.set_surveys(surveys, global_admins)

    def set_surveys(self, surveys: Sequence[SurveyAdmin], global_admins: Iterable[int]) -> None:
        """Use these surveys (in the config's order) and global admins from now on."""
        self.surveys = {survey.id: survey for survey in surveys}
        self.global_admins = frozenset(global_admins)
        everybody = self.admins
        self._admin_filter.remove_user_ids(self._admin_filter.user_ids - everybody)
        self._admin_filter.add_user_ids(everybody - self._admin_filter.user_ids)

    @property
    def admins(self) -> frozenset[int]:
        """Everybody who administers at least one survey."""
        return frozenset().union(*(survey.admins for survey in self.surveys.values()))

    @property
    def single(self) -> bool:
        """Whether the bot runs one survey (no survey named anywhere)."""
        return len(self.surveys) == 1

    def visible(self, user_id: int) -> list[SurveyAdmin]:
        """The surveys this admin may see, in the config's order."""
        return [survey for survey in self.surveys.values() if user_id in survey.admins]

    def register(self, application: Application) -> None:  # type: ignore[type-arg]
        """Add the admin commands; they run before the respondents' handlers."""
        sent = filters.UpdateType.MESSAGE  # not an edited message: an old /open is not resent
        admins = self._admin_filter & filters.ChatType.PRIVATE
        application.add_handler(CommandHandler("help", self.on_help, filters=sent & admins))
        # A bare /start only: `/start <survey id>` (a survey's link, the button "take the
        # survey") goes on to the respondents' lobby, and opens the survey as for anyone.
        bare = filters.Regex(BARE_START)
        application.add_handler(
            CommandHandler("start", self.on_start, filters=sent & admins & bare)
        )
        for name in PER_SURVEY:
            application.add_handler(CommandHandler(name, self._command(name), filters=sent))
        application.add_handler(CommandHandler("surveys", self.on_surveys, filters=sent))
        application.add_handler(CommandHandler("reload", self.on_reload, filters=sent))
        application.add_handler(
            CallbackQueryHandler(self.on_close_button, pattern=rf"^{Action.CLOSE.value}\|")
        )
        application.add_handler(
            CallbackQueryHandler(self.on_pick, pattern=rf"^{Action.PICK.value}\|")
        )

    # -- who, where, in which language --------------------------------------------------

    def _language(self, update: Update) -> str:
        """The language of a reply that belongs to no survey: as the first survey the person
        may see would answer (the first of all, for others)."""
        user = update.effective_user
        seen = self.visible(user.id) if user is not None else []
        survey = seen[0] if seen else next(iter(self.surveys.values()))
        return reply_language(survey.questionnaire, update)

    async def _allowed(self, update: Update) -> bool:
        """Admins only, in their private chat; others get a short refusal and learn nothing.

        An admin writing in a group is told to write in private instead. An admin's language
        is remembered, in each survey they may see, for the announcements.
        """
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None:
            return False
        for survey in self.visible(user.id):
            await survey.remember(update)
        admin = user.id in self.admins
        if admin and chat.type == ChatType.PRIVATE:
            return True
        key = "admin_private_only" if admin else "admin_only"
        self.sender.send(chat.id, text(self._language(update), key))
        return False

    def _say(self, update: Update, key: str, **values: str | int) -> None:
        assert update.effective_chat is not None
        self.sender.send(update.effective_chat.id, text(self._language(update), key, **values))

    def _unknown_survey(self, update: Update, asked: str) -> None:
        """The one answer to a survey that does not exist or that this admin may not see."""
        assert update.effective_user is not None
        ids = ", ".join(survey.id for survey in self.visible(update.effective_user.id))
        self._say(update, "admin_unknown_survey", survey=asked, surveys=ids)

    # -- the commands on one survey -------------------------------------------------------

    def _command(self, name: str) -> Callable[[Update, Context], Coroutine[Any, Any, None]]:
        async def handle(update: Update, context: Context) -> None:
            if not await self._allowed(update):
                return
            await self._route(update, name, list(context.args or []))

        handle.__doc__ = f"/{name}, on the survey named, the only one seen, or one picked."
        return handle

    async def _route(self, update: Update, name: str, args: list[str]) -> None:
        """Run command `name` on the survey its first argument names, or the only one the
        admin may see; else let them pick it."""
        assert update.effective_user is not None
        seen = self.visible(update.effective_user.id)
        named = next((s for s in seen if args and s.id == args[0]), None)
        if named is not None:
            await self._run(named, update, name, args[1:])
        elif len(seen) == 1 and not (name == "close" and args and not self.single):
            await self._run(seen[0], update, name, args)
        elif name == "close" and args:  # /close takes nothing but a survey
            self._unknown_survey(update, args[0])
        else:
            self._offer(update, name, args, seen)

    async def _run(self, survey: SurveyAdmin, update: Update, name: str, args: list[str]) -> None:
        earlier = self._earlier_wave(update, survey)
        if name == "stats":
            await survey.stats(update, args, earlier)
        elif name == "report":
            await survey.report(update, args, earlier)
        elif name == "close":
            await survey.close(update)
        elif name == "open":
            await survey.open(update, args)
        elif name == "export":
            await survey.export(update, args, earlier)

    def _earlier_wave(self, update: Update, survey: SurveyAdmin) -> EarlierWave | None:
        """The survey that `survey` follows, if any: its results for an admin who may see it
        too, else only that it exists (the comparison shows the earlier wave's figures)."""
        earlier_id = survey.questionnaire.compares_with
        if earlier_id is None or earlier_id not in self.surveys:
            return None
        seen = self._seen(update, earlier_id)
        return EarlierWave(None if seen is None else seen.results)

    def _offer(self, update: Update, name: str, args: list[str], seen: list[SurveyAdmin]) -> None:
        """A button per survey the admin may see, that runs the command on it."""
        assert update.effective_chat is not None
        language = self._language(update)
        labels = [(survey.id, survey.title(language)) for survey in seen]
        markup = pick_keyboard(name, labels, args)
        if markup is None:  # the arguments do not fit in a button: the id must be typed
            ids = ", ".join(survey.id for survey in seen)
            self._say(update, "admin_pick_typed", command=name, surveys=ids)
            return
        self.sender.send(update.effective_chat.id, text(language, "admin_pick"), markup)

    async def on_pick(self, update: Update, context: Context) -> None:
        """A survey picked for a command: run it there (if the admin may see it)."""
        query = update.callback_query
        assert query is not None
        self.sender.answer_query(query)
        if not await self._allowed(update):
            return
        callback = decode(query.data if isinstance(query.data, str) else None)
        if callback is None or len(callback.args) != 3 or callback.args[0] not in PER_SURVEY:
            return
        name, survey_id, typed = callback.args
        survey = self._seen(update, survey_id)
        if survey is None:
            self._unknown_survey(update, survey_id)
            return
        await self._run(survey, update, name, typed.split())

    def _seen(self, update: Update, survey_id: str) -> SurveyAdmin | None:
        """The survey of this id if the person may see it; None as for an unknown one."""
        assert update.effective_user is not None
        survey = self.surveys.get(survey_id)
        if survey is None or update.effective_user.id not in survey.admins:
            return None
        return survey

    async def on_close_button(self, update: Update, context: Context) -> None:
        """The confirmation of /close (`k|y`, or `k|y|<survey id>` with several surveys)."""
        query = update.callback_query
        assert query is not None and update.effective_user is not None
        if not await self._allowed(update):
            self.sender.answer_query(query)
            return
        callback = decode(query.data if isinstance(query.data, str) else None)
        self.sender.answer_query(query)
        args = callback.args if callback is not None else ()
        if len(args) > 1:
            survey = self._seen(update, args[1])
        else:
            seen = self.visible(update.effective_user.id)
            survey = seen[0] if len(seen) == 1 else None
        if survey is None:
            self._unknown_survey(update, args[1] if len(args) > 1 else "")
            return
        await survey.close_confirmed(update, query, yes=args[:1] == ("y",))

    # -- the commands over every survey ---------------------------------------------------

    async def on_help(self, update: Update, context: Context) -> None:
        """/help from an admin: the respondents' commands, then the admins' with examples,
        and where the single responses are to be had (for a data owner: /export raw)."""
        assert update.effective_chat is not None and update.effective_user is not None
        await self._allowed(update)
        language = self._language(update)
        user = update.effective_user.id
        seen = self.visible(user)
        example = next(
            (q for survey in seen for q in survey.results.breakdown_questions), "QUESTION"
        )
        owner = any(survey.raw is not None and survey.raw.allowed(user) for survey in seen)
        parts = [
            text(language, "help"),
            text(language, "help_admin", breakdown=example, date=seen[0].example_day(language)),
            text(language, "help_admin_raw" if owner else "help_admin_server"),
            text(language, "help_admin_surveys", example=seen[0].id),
        ]
        if user in self.global_admins:
            parts.append(text(language, "help_admin_reload"))
        self.sender.send(update.effective_chat.id, "\n\n".join(parts))

    async def on_start(self, update: Update, context: Context) -> None:
        """An admin's bare /start: per survey they may see, its name, state, counts and link,
        with a button for each of its commands, and one that takes the survey as anyone
        would (its link: `/start <survey id>`)."""
        if not await self._allowed(update):
            return
        assert update.effective_chat is not None and update.effective_user is not None
        language = self._language(update)
        username = self.bot_username()
        for survey in self.visible(update.effective_user.id):
            body = f"{await survey.status(language, username)}\n\n{text(language, 'admin_start')}"
            markup = await survey.start_keyboard(language, username)
            self.sender.send(update.effective_chat.id, body, markup)

    async def on_surveys(self, update: Update, context: Context) -> None:
        """/surveys: each survey the admin may see, its state, counts and link."""
        if not await self._allowed(update):
            return
        assert update.effective_chat is not None and update.effective_user is not None
        language = self._language(update)
        username = self.bot_username()
        seen = self.visible(update.effective_user.id)
        lines = [await survey.status(language, username) for survey in seen]
        self.sender.send_long(update.effective_chat.id, "\n\n".join(lines))

    async def on_reload(self, update: Update, context: Context) -> None:
        """/reload: read the config again (global admins only), and say what changed."""
        if not await self._allowed(update):
            return
        assert update.effective_chat is not None and update.effective_user is not None
        if update.effective_user.id not in self.global_admins or self._reload is None:
            self._say(update, "admin_reload_global_only")
            return
        outcome = await self._reload()
        language = self._language(update)
        if isinstance(outcome, Refused):
            reply = refusal_text(outcome, language)
            logger.warning("a reload of the config was refused (%s)", outcome.problem.value)
        else:
            reply = reloaded_text(outcome, language, self.bot_username())
            logger.info("the config was reloaded: %d survey(s) opened", len(outcome.added))
        self.sender.send_long(update.effective_chat.id, reply)

    # -- the closing ------------------------------------------------------------------------

    async def check_closing(self) -> None:
        """Announce each survey's closing to its own admins once, when its deadline (plus
        grace) has passed; a survey that cannot be checked does not hold up the others."""
        for survey in list(self.surveys.values()):
            try:
                await survey.check_closing()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("checking the deadline of survey %s failed", survey.id)

    async def check_retention(self, surveys: Iterable[SurveyAdmin] | None = None) -> list[str]:
        """Delete the single responses of each survey (of `surveys`, by default all) whose own
        retention has run out since its closing; the ids of those deleted now. A survey whose
        deletion fails does not hold up the others (it is tried again at the next round)."""
        purged = []
        for survey in list(self.surveys.values() if surveys is None else surveys):
            try:
                if await survey.check_retention():
                    purged.append(survey.id)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("deleting the single responses of survey %s failed", survey.id)
        return purged


def refusal_text(refused: Refused, language: str) -> str:
    """Why a reload changed nothing, with what `survey-bot check` says of a wrong file."""
    if refused.problem is Problem.INVALID:
        return f"{text(language, 'admin_reload_invalid')}\n\n{refused.detail}"
    if refused.problem is Problem.CANNOT_OPEN:
        return f"{text(language, 'admin_reload_cannot_open')}\n\n{refused.detail}"
    if refused.problem is Problem.ONE_TO_SEVERAL:
        return text(language, "admin_reload_one_survey")
    return text(language, "admin_reload_no_config")


def reloaded_text(reloaded: Reloaded, language: str, bot_username: str) -> str:
    """What a reload changed: the surveys opened (with their links), kept, left until the
    next restart, and those whose changes wait for it."""
    lines = [text(language, "admin_reloaded")]
    for context in reloaded.added:
        lines.append(
            text(
                language,
                "admin_reload_added",
                survey=context.id,
                link=survey_link(bot_username, context.id),
            )
        )
    if reloaded.kept:
        lines.append(text(language, "admin_reload_kept", surveys=", ".join(reloaded.kept)))
    if reloaded.removed:
        lines.append(text(language, "admin_reload_removed", surveys=", ".join(reloaded.removed)))
    if reloaded.changed:
        lines.append(text(language, "admin_reload_changed", surveys=", ".join(reloaded.changed)))
    return "\n".join(lines)
