"""Build the Telegram application and run it: long polling or webhook, stopped gracefully."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    Update,
)
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes

from bot.app.catalogue import Catalogue, open_catalogue
from bot.app.clock import Clock, utc_now
from bot.app.reloading import Refused, Reloaded, Reloader
from bot.app.sealing import RawExports
from bot.app.settings import Settings
from bot.app.wiring import AppContext
from bot.core.schedule import Phase
from bot.core.stores import StoreFailure
from bot.i18n import languages, text
from bot.rendering.privacy import PrivacyTerms
from bot.rendering.shorten import shorten
from bot.telegram.admin import ADMIN_COMMANDS, GLOBAL_COMMANDS, AdminHandlers
from bot.telegram.admin_survey import SurveyAdmin
from bot.telegram.budget import PaidBudget
from bot.telegram.intake import ALLOWED_UPDATES, Intake
from bot.telegram.language import reply_language
from bot.telegram.limits import language_warnings, telegram_problems
from bot.telegram.outbox import Outbox
from bot.telegram.pacing import QueueOrder
from bot.telegram.respondents import RespondentHandlers
from bot.telegram.respondents.lobby import Lobby
from bot.telegram.sending import Sender

logger = logging.getLogger(__name__)

RESPONDENT_COMMANDS = ("start", "back", "cancel", "help", "privacy")
STOP_TIMEOUT = 5.0
HTTP_CONNECTIONS = 32
DESCRIPTION_LIMIT = 512
SHORT_DESCRIPTION_LIMIT = 120
"""Telegram's limits on the bot's description and short description."""
"""Connections to the Bot API. Measured with `benchmarks.load` (200 agents, 50 ms per call):
16 gave 93 answers/s, 32 gave 115-120, 48 gave 105 and 64 gave 92; past 32, httpcore's pool
costs more CPU than the connections save."""
SPARE_CONNECTIONS = 8
"""Connections the outbox leaves to acknowledgements of button presses."""
WATCH_INTERVAL = 30.0
"""Seconds between two checks of the deadline and the retention."""


class RedactToken(logging.Filter):
    """Replace the bot token wherever it would appear in a log line."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message without the token."""
        message = record.getMessage()
        if self._token in message:
            record.msg = message.replace(self._token, "<token>")
            record.args = ()
        return True


def configure_logging(level: str, token: str | None) -> None:
    """Log what the bot does, never the token nor the HTTP requests that carry it."""
    logging.getLogger().setLevel(level)
    # httpx logs every request URL (which holds the token) at INFO.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # Building a report logs every font subset at INFO (about a thousand lines per report).
    for noisy in ("fontTools", "matplotlib", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # python-telegram-bot logs whole updates (answers included) at DEBUG, and aiosqlite every
    # statement with its parameters (answers, response tokens).
    for name in ("telegram", "aiosqlite"):
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLevelName(level)))
    # It logs every 429 as an error with a traceback, though the outbox retries (and logs) it.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
    if token:
        redact = RedactToken(token)
        for handler in logging.getLogger().handlers:
            handler.addFilter(redact)


class SurveyBot:
    """The Telegram side of the survey: application, intake, outbox and handlers."""

    def __init__(
        self, surveys: Catalogue | AppContext, *, token: str, clock: Clock = utc_now
    ) -> None:
        catalogue = surveys if isinstance(surveys, Catalogue) else Catalogue.of(surveys)
        self.catalogue = catalogue
        # The paid budget works on the first survey (the only one for a config of one survey).
        context = catalogue.first
        self.context = context
        telegram = catalogue.settings.telegram
        self.budget = PaidBudget(
            per_hour=telegram.paid_broadcast_max_per_hour,
            total=telegram.paid_broadcast_max_total,
            store=context.store,
        )
        # The outbox keeps to Telegram's limits itself (python-telegram-bot's rate limiter
        # would serve calls in arrival order, and pause every chat on a 429).
        self.outbox = Outbox(
            rate=telegram.max_messages_per_second,
            paid_rate=telegram.paid_broadcast_max_per_second if telegram.paid_broadcast else 0,
            budget=self.budget,
            order=QueueOrder(telegram.queue_order),
            max_in_flight=HTTP_CONNECTIONS - SPARE_CONNECTIONS,
        )
        self.application: Application = (  # type: ignore[type-arg]
            ApplicationBuilder()
            .token(token)
            .base_url(telegram.base_url)
            .base_file_url(telegram.base_file_url)
            .updater(None)
            .concurrent_updates(telegram.concurrency)
            .connection_pool_size(HTTP_CONNECTIONS)
            .build()
        )
        self.sender = Sender(self.application.bot, self.outbox)
        self.clock = clock
        self.respondents = Lobby(
            [(survey.id, self._respondent_handlers(survey)) for survey in catalogue],
            self.sender,
            clock,
        )
        self.reloader = Reloader(catalogue, checks=(telegram_problems,))
        self.admins = AdminHandlers(
            self.sender,
            clock,
            [self._survey_admin(survey) for survey in catalogue],
            catalogue.settings.admins,
            bot_username=lambda: self.application.bot.username,
            reload=self.reload,
        )
        self.admins.register(self.application)
        self.respondents.register(self.application)
        self.application.add_error_handler(self._on_error)
        self.intake = Intake(self.application, on_drop=self._on_dropped)
        self._wake = asyncio.Event()
        self._asked: list[asyncio.Future[None]] = []
        """Callers of `watch_now` waiting for the watcher's next round."""

    def _respondent_handlers(self, survey: AppContext) -> RespondentHandlers:
        """The respondents' handlers of one survey."""
        return RespondentHandlers(
            survey.service,
            self.sender,
            self.clock,
            privacy=PrivacyTerms(
                min_group_size=survey.settings.min_group_size,
                min_group_size_text=survey.settings.min_group_size_text,
                free_texts=survey.settings.show_free_text_in_reports,
                raw_exports=bool(survey.settings.raw_export_owners),
                keep_days=survey.settings.keep_responses_days,
            ),
            bot_username=lambda: self.application.bot.username,
            mark="" if self.catalogue.single else survey.id,
            survey_id=survey.id,
        )

    def _survey_admin(self, survey: AppContext) -> SurveyAdmin:
        """The admin commands of one survey, for its admins only."""
        settings = survey.settings
        return SurveyAdmin(
            self.sender,
            survey,
            self.clock,
            self.catalogue.admins_of(survey.id),
            RawExports.configured(settings.raw_export_owners, settings.raw_export_recipient),
            named=not self.catalogue.single,
        )

    async def reload(self) -> Reloaded | Refused:
        """Read the config again: open the surveys it adds, each with its handlers, and give
        every survey its admins as listed now; the surveys open go on untouched."""
        outcome = await self.reloader.reload()
        if isinstance(outcome, Refused):
            return outcome
        self.catalogue = outcome.catalogue
        added = {context.id for context in outcome.added}
        kept = [s for s in self.admins.surveys.values() if s.id not in added]
        for survey_admin in kept:
            survey_admin.admins = self.catalogue.admins_of(survey_admin.id)
        for context in outcome.added:
            added_admin = self._survey_admin(context)
            # A survey whose retention ran out while it was not open: deleted before it is
            # offered to anybody, as at the start.
            await self.admins.check_retention([added_admin])
            kept.append(added_admin)
            # A new mapping rather than a change to the one a lobby call may be reading.
            self.respondents.surveys = {
                **self.respondents.surveys,
                context.id: self._respondent_handlers(context),
            }
        order = {survey_id: n for n, survey_id in enumerate(self.catalogue.registry.ids)}
        kept.sort(key=lambda survey_admin: order[survey_admin.id])
        self.admins.set_surveys(kept, self.catalogue.settings.admins)
        await self._register_commands()
        return outcome

    async def start(self) -> None:
        """Connect to the Bot API (checks the token) and register the command menus."""
        if self.outbox.paying:
            await self.budget.load()
        await self.application.initialize()
        await self.application.start()
        await self._register_commands()
        # A retention that ran out while the bot was stopped: deleted before any update,
        # each survey on its own (one that fails is tried again by the watcher).
        await self.admins.check_retention()

    async def stop(self) -> None:
        """Deliver what is queued (for a few seconds at most), then disconnect."""
        if not await self.outbox.drain(STOP_TIMEOUT):
            logger.warning(
                "stopping with %d chat(s) still waiting for replies", self.outbox.pending
            )
        await self.outbox.close()
        await self.sender.finish_answers()
        await self.budget.close()
        if self.outbox.paid_messages:
            logger.info(
                "paid broadcasts since start: %d message(s), %.1f Stars; %d of the survey's "
                "%d counted",
                self.outbox.paid_messages,
                self.outbox.stars,
                self.budget.spent,
                self.budget.total,
            )
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()
        await self.reloader.close()

    async def _register_commands(self) -> None:
        """Set the menus and the bot's descriptions, in every language of the survey.

        Respondents get their menu in their Telegram language when the survey has it (the
        survey's default language otherwise, never a language the survey lacks); each admin
        gets the admin menu in the same way, one admin at a time, so that an admin who never
        wrote to the bot (whom Telegram refuses as a scope) costs no one else their menu.
        """
        bot = self.application.bot
        questionnaire = self.context.questionnaire

        def commands(names: tuple[str, ...], language: str) -> list[BotCommand]:
            return [BotCommand(name, text(language, f"cmd_{name}")) for name in names]

        default_language = questionnaire.language
        offered = [code for code in questionnaire.languages if code in languages()]
        menus: list[tuple[BotCommandScope, tuple[str, ...]]] = [
            (BotCommandScopeDefault(), RESPONDENT_COMMANDS)
        ]
        local = tuple(name for name in ADMIN_COMMANDS if name not in GLOBAL_COMMANDS)
        menus += [
            (
                BotCommandScopeChat(admin),
                RESPONDENT_COMMANDS
                + (ADMIN_COMMANDS if admin in self.catalogue.settings.admins else local),
            )
            for admin in self._admins()
        ]
        for scope, names in menus:
            try:
                await bot.set_my_commands(commands(names, default_language), scope=scope)
                for language in offered:
                    await bot.set_my_commands(
                        commands(names, language), scope=scope, language_code=language
                    )
            except TelegramError as error:
                logger.warning("could not register a command menu: %s", error)
        try:
            for code in (None, *offered):
                language = code or default_language
                title = questionnaire.text(questionnaire.title, language)
                description = text(language, "bot_description", title=title)
                short = text(language, "bot_short_description", title=title)
                await bot.set_my_description(
                    shorten(description, DESCRIPTION_LIMIT), language_code=code
                )
                await bot.set_my_short_description(
                    shorten(short, SHORT_DESCRIPTION_LIMIT), language_code=code
                )
        except TelegramError as error:
            logger.warning("could not set the bot's description: %s", error)

    def _admins(self) -> list[int]:
        """Everybody who administers a survey, the global admins first."""
        admins = list(self.catalogue.settings.admins)
        for survey in self.catalogue.registry:
            admins += [admin for admin in survey.settings.admins if admin not in admins]
        return admins

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        if isinstance(error, StoreFailure):
            # No traceback: it would say nothing more, and the user is asked to try again.
            logger.error("storage error, the user was asked to try again: %s", error)
        else:
            logger.error(
                "an update could not be handled: %s", type(error).__name__, exc_info=error
            )
        if isinstance(update, Update) and update.effective_chat is not None:
            if update.effective_chat.type == "private":
                language = reply_language(self.context.questionnaire, update)
                self.sender.send(update.effective_chat.id, text(language, "try_again"))
            if update.callback_query is not None:
                self.sender.answer_query(update.callback_query)

    def _on_dropped(self, update: Update) -> None:
        """Stop the spinner of a button press that the flood guard dropped."""
        if update.callback_query is not None:
            self.sender.answer_dropped(update.callback_query)

    async def watch_closing(self, stop: asyncio.Event) -> None:
        """Every `WATCH_INTERVAL` seconds (or at once when `watch_now` asks), for each survey
        on its own: announce its closing when its deadline and grace period have passed, and
        delete its single responses when its retention has run out since its closing."""
        try:
            while not stop.is_set():
                self._wake.clear()
                asked, self._asked = self._asked, []
                await self._check(self.admins.check_closing, "checking the deadline")
                await self._check(self.admins.check_retention, "deleting the single responses")
                await self._check(self.prepare_earlier_waves, "reading an earlier wave's figures")
                _settle(asked)
                waits = [asyncio.ensure_future(e.wait()) for e in (stop, self._wake)]
                _, pending = await asyncio.wait(
                    waits, timeout=WATCH_INTERVAL, return_when=asyncio.FIRST_COMPLETED
                )
                for waiting in pending:
                    waiting.cancel()
        finally:
            _settle(self._asked)

    async def prepare_earlier_waves(self) -> None:
        """Compute the figures of each closed survey that a later wave is compared with, so
        that the first /stats of the comparison after a start does not wait for them (a closed
        survey's figures are kept in memory once computed)."""
        now = self.clock()
        for context in self.catalogue:
            earlier = self.catalogue.registry.earlier_wave(context.questionnaire.id)
            wave = None if earlier is None else self.catalogue.get(earlier.id)
            if wave is not None and await wave.service.phase(now) is Phase.CLOSED:
                await wave.results.figures(now)

    async def watch_now(self) -> None:
        """Have the watcher check the deadline and the retention now; return once it did."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._asked.append(done)
        self._wake.set()
        await done

    @staticmethod
    async def _check(check: Callable[[], Awaitable[object]], what: str) -> None:
        try:
            await check()
        except Exception:
            logger.exception("%s failed", what)

    async def run_polling(self, stop: asyncio.Event) -> None:
        """Process updates until `stop` is set."""
        await self.application.bot.delete_webhook()
        watcher = asyncio.create_task(self.watch_closing(stop))
        try:
            await self.intake.poll(stop)
        finally:
            stop.set()
            await watcher

    async def run_webhook(self, stop: asyncio.Event) -> None:
        """Serve Telegram's webhook calls until `stop` is set; each is answered once processed.

        Never without a secret: with none configured, one is made for this run, given to
        Telegram in `setWebhook` and kept in memory only.
        """
        from bot.telegram.webhook import WebhookListener, make_secret

        telegram = self.catalogue.settings.telegram
        assert telegram.webhook_url is not None
        if telegram.webhook_secret is None:
            secret = make_secret()
            logger.info(
                "webhook: a secret generated at this start is in use "
                "(no telegram.webhook_secret configured)"
            )
        else:
            secret = telegram.webhook_secret.get_secret_value()
        listener = WebhookListener(self.intake, secret, urlsplit(telegram.webhook_url).path or "/")
        listener.listen(telegram.webhook_port, telegram.webhook_listen)
        watcher = asyncio.create_task(self.watch_closing(stop))
        try:
            await self.application.bot.set_webhook(
                telegram.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
            )
            await stop.wait()
        finally:
            stop.set()
            await listener.close()
            await watcher


def _settle(waiting: list[asyncio.Future[None]]) -> None:
    for future in waiting:
        if not future.done():
            future.set_result(None)


def _install_stop_signals(stop: asyncio.Event) -> Callable[[], None]:
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
        except (NotImplementedError, RuntimeError):
            pass

    def remove() -> None:
        for sig in installed:
            loop.remove_signal_handler(sig)

    return remove


async def run_bot(settings: Settings) -> int:
    """Run the bot until SIGINT or SIGTERM; return the exit code."""
    token = settings.telegram.token.get_secret_value() if settings.telegram.token else ""
    configure_logging(settings.log_level, token)
    # retry_after as a timedelta (python-telegram-bot's future default): no deprecation noise.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    if not token:
        print("survey-bot: no bot token: set SURVEY_BOT_TOKEN or telegram.token")
        return 2
    stop = asyncio.Event()
    remove_signals = _install_stop_signals(stop)
    try:
        async with open_catalogue(settings, checks=(telegram_problems,)) as catalogue:
            for context in catalogue:
                for warning in language_warnings(context.questionnaire):
                    logger.warning("%s", warning)
            survey_bot = SurveyBot(catalogue, token=token)
            try:
                await survey_bot.start()
            except InvalidToken:
                print("survey-bot: Telegram rejected the bot token (check SURVEY_BOT_TOKEN)")
                return 2
            except NetworkError:
                # The error's own text may carry the request's address, and so the token.
                print(
                    "survey-bot: the Telegram Bot API cannot be reached "
                    f"({_host(settings.telegram.base_url)}); check the network and "
                    "telegram.base_url, then start the bot again"
                )
                await survey_bot.stop()
                return 1
            logger.info(
                "bot @%s started for survey %s (%s)",
                survey_bot.application.bot.username,
                ", ".join(context.id for context in catalogue),
                "webhook" if settings.telegram.webhook_url else "long polling",
            )
            try:
                if settings.telegram.webhook_url:
                    await survey_bot.run_webhook(stop)
                else:
                    await survey_bot.run_polling(stop)
            finally:
                await survey_bot.stop()
                logger.info("bot stopped")
    finally:
        remove_signals()
    return 0


async def bot_username(settings: Settings) -> str | None:
    """The bot's username from getMe, for the surveys' links; None without a token, or when
    Telegram cannot tell (`check` then prints a placeholder)."""
    if settings.telegram.token is None:
        return None
    bot = Bot(
        settings.telegram.token.get_secret_value(),
        base_url=settings.telegram.base_url,
        base_file_url=settings.telegram.base_file_url,
    )
    try:
        async with bot:
            return bot.username
    except TelegramError as error:
        # The error's text is the API's, never the request's address (which holds the token).
        logger.warning("could not ask Telegram for the bot's username: %s", type(error).__name__)
        return None


def _host(url: str) -> str:
    """The scheme and host of a URL, without its path (where the token goes)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
