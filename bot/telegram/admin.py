"""Admin commands: /stats, /report, /close, /open, /export, and the closing announcement."""

from __future__ import annotations

import asyncio
import logging
import math
from dataclasses import dataclass
from datetime import datetime, time

from telegram import CallbackQuery, Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import i18n
from bot.app.admins import AdminLanguages
from bot.app.clock import Clock
from bot.app.respondents import Refusal, RespondentService
from bot.app.results import ExportInput, ResultsService
from bot.app.retention import RetentionService
from bot.app.sealing import AGE_SUFFIX, RawExports
from bot.core.figures import Figures
from bot.core.questions import Question
from bot.core.questions.base import FigureKind
from bot.core.schedule import Phase
from bot.i18n import text
from bot.rendering.figures_text import breakdown_text, figures_text, question_text, question_title
from bot.reports.exports import (
    DEFAULT_FORMATS,
    FORMATS,
    ExportFile,
    Format,
    figure_files,
    response_files,
)
from bot.telegram.budget import PaidBudget
from bot.telegram.budget import stars as paid_stars
from bot.telegram.keyboards import Action, decode, yes_no_keyboard
from bot.telegram.language import format_moment, reply_language
from bot.telegram.outbox import Outbox
from bot.telegram.sending import Sender, query_chat

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE

ADMIN_COMMANDS = ("stats", "report", "close", "open", "export")
CODES = "codes"
"""The /export word for a CSV of codes (option ids, 1/0, points) rather than labels."""
RAW = "raw"
"""The /export word for the single responses: for the data owners only, encrypted."""


@dataclass(frozen=True)
class ExportRequest:
    """What an /export asks for: its formats, language, and codes rather than labels."""

    formats: tuple[Format, ...]
    language: str
    codes: bool


class AdminHandlers:
    """Commands for the organisers listed in the config, in their private chats only."""

    def __init__(
        self,
        sender: Sender,
        service: RespondentService,
        results: ResultsService,
        languages: AdminLanguages,
        clock: Clock,
        admins: list[int],
        raw: RawExports | None = None,
        retention: RetentionService | None = None,
    ) -> None:
        self.sender = sender
        self.service = service
        self.results = results
        self.clock = clock
        self.questionnaire = service.questionnaire
        self.admins = frozenset(admins)
        self.languages = languages
        """Each admin's language, from their last update (kept across restarts), for the
        announcements that no update of theirs brings."""
        self.raw = raw
        """The data owners who may receive the single responses, encrypted; None: nobody."""
        self.retention = retention
        """When the single responses are deleted; None: never by the bot."""

    def register(self, application: Application) -> None:  # type: ignore[type-arg]
        """Add the admin commands; they run before the respondents' handlers."""
        sent = filters.UpdateType.MESSAGE  # not an edited message: an old /open is not resent
        admins = filters.User(user_id=self.admins) & filters.ChatType.PRIVATE
        application.add_handler(CommandHandler("help", self.on_help, filters=sent & admins))
        application.add_handler(CommandHandler("stats", self.on_stats, filters=sent))
        application.add_handler(CommandHandler("report", self.on_report, filters=sent))
        application.add_handler(CommandHandler("close", self.on_close, filters=sent))
        application.add_handler(CommandHandler("open", self.on_open, filters=sent))
        application.add_handler(CommandHandler("export", self.on_export, filters=sent))
        application.add_handler(
            CallbackQueryHandler(self.on_close_button, pattern=rf"^{Action.CLOSE.value}\|")
        )

    async def _allowed(self, update: Update) -> bool:
        """Admins only, in their private chat; others get a short refusal and learn nothing.

        An admin writing in a group is told to write in private instead. An admin's language
        is remembered for the announcements.
        """
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None:
            return False
        language = await self._remembered_language(update)
        if user.id in self.admins and chat.type == ChatType.PRIVATE:
            return True
        key = "admin_private_only" if user.id in self.admins else "admin_only"
        self.sender.send(chat.id, text(language, key))
        return False

    def _language(self, update: Update) -> str:
        """The language of the reply to this update."""
        return reply_language(self.questionnaire, update)

    async def _remembered_language(self, update: Update) -> str:
        """The language of the reply to this update, remembered when it is an admin's."""
        language = self._language(update)
        user = update.effective_user
        if user is not None and user.id in self.admins:
            await self.languages.remember(user.id, language)
        return language

    def _say(self, update: Update, key: str, **values: str | int) -> None:
        assert update.effective_chat is not None
        message = text(self._language(update), key, **values)
        self.sender.send(update.effective_chat.id, message)

    async def _overview(self, language: str) -> tuple[str, Figures]:
        """The /stats overview, and the figures it shows (saying so if they are the kept
        figures of deleted responses)."""
        result = await self.results.figures(self.clock())
        body = figures_text(self.questionnaire, result, language, self.results.min_group_size)
        purged = await self._purged_note(language)
        if purged:
            body = f"{purged}\n\n{body}"
        queue = queue_lines(self.sender.outbox, language)
        return (f"{body}\n\n{queue}" if queue else body), result

    async def _purged(self) -> datetime | None:
        """When the single responses were deleted, if they were."""
        kept = await self.results.kept()
        return None if kept is None else kept.purged_at

    async def _purged_note(self, language: str, key: str = "admin_purged") -> str:
        """That the single responses were deleted, and when; empty while they are there."""
        purged = await self._purged()
        if purged is None:
            return ""
        return text(language, key, date=format_moment(purged, self.service, language))

    def _question(self, asked: str) -> Question | None:
        """The question named by its number in /stats or by its id; None if there is none."""
        questions = self.questionnaire.questions
        if asked.isdigit() and 1 <= int(asked) <= len(questions):
            return questions[int(asked) - 1]
        return self.questionnaire.question_map.get(asked)

    def _refuse_breakdown(self, update: Update, by: str | None) -> bool:
        if by is None or by in self.results.breakdown_questions:
            return False
        choices = ", ".join(self.results.breakdown_questions)
        self._say(update, "admin_not_breakdown", question=by, choices=choices)
        return True

    async def on_help(self, update: Update, context: Context) -> None:
        """/help from an admin: the respondents' commands, then the admins' with examples,
        and where the single responses are to be had (for a data owner: /export raw)."""
        assert update.effective_chat is not None and update.effective_user is not None
        language = await self._remembered_language(update)
        example = next(iter(self.results.breakdown_questions), "QUESTION")
        owner = self.raw is not None and self.raw.allowed(update.effective_user.id)
        body = "\n\n".join(
            (
                text(language, "help"),
                text(language, "help_admin", breakdown=example),
                text(language, "help_admin_raw" if owner else "help_admin_server"),
            )
        )
        self.sender.send(update.effective_chat.id, body)

    async def on_stats(self, update: Update, context: Context) -> None:
        """/stats [NUMBER|QUESTION_ID]: the overview and a chart per question; or one question
        in detail with its chart, every question broken down by it for a breakdown question."""
        if not await self._allowed(update):
            return
        assert update.effective_chat is not None
        chat_id = update.effective_chat.id
        language = self._language(update)
        if not context.args:
            body, result = await self._overview(language)
            self.sender.send_long(chat_id, body)
            await self.send_charts(chat_id, result, language, self.questionnaire.questions)
            return
        question = self._question(context.args[0])
        if question is None:
            count = len(self.questionnaire.questions)
            self._say(update, "admin_unknown_question", question=context.args[0], count=count)
            return
        purged = await self._purged_note(language)
        if purged:
            self.sender.send(chat_id, purged)
        if question.breakdown:
            split = await self.results.breakdown(question.id, self.clock())
            self.sender.send_long(chat_id, breakdown_text(self.questionnaire, split, language))
            return
        result = await self.results.figures(self.clock())
        self.sender.send_long(
            chat_id, question_text(self.questionnaire, question, result, language)
        )
        await self.send_charts(chat_id, result, language, [question], scores=False)

    async def send_charts(
        self,
        chat_id: int,
        result: Figures,
        language: str,
        questions: list[Question],
        *,
        scores: bool = True,
    ) -> None:
        """Send each of these questions' chart as a PNG document, so that Telegram does not
        recompress it, then each score's (unless told not to); nothing before a figure is
        released."""
        if not result.included:
            return
        from bot.reports import charts  # matplotlib: loaded on first use only

        questionnaire = self.questionnaire
        survey = f"{questionnaire.id}-{language}"
        numbers = {q.id: n for n, q in enumerate(questionnaire.questions, start=1)}
        for question in questions:
            if not question.chart or question.figure_kind is FigureKind.TEXTS:
                continue
            number = numbers[question.id]
            figures = result.questions[number - 1]
            png = await asyncio.to_thread(
                charts.question_chart_png, questionnaire, number, question, figures, language
            )
            if png is not None:
                caption = question_title(questionnaire, number, question, language)
                self.sender.send_file(chat_id, png, f"{survey}-{number:02d}.png", caption=caption)
        if not scores:
            return
        for score, score_figures in zip(questionnaire.scores, result.scores, strict=True):
            png = await asyncio.to_thread(
                charts.score_chart_png, questionnaire, score, score_figures, language
            )
            if png is not None:
                caption = questionnaire.text(score.label, language)
                self.sender.send_file(chat_id, png, f"{survey}-{score.id}.png", caption=caption)

    async def report_pdf(self, language: str, by: str | None = None) -> tuple[bytes, int]:
        """The PDF report over the same responses as /stats (free texts if the config says),
        and how many responses it covers."""
        data = await self.results.report(language, self.clock(), by)
        from bot.reports.pdf import render_report  # matplotlib: loaded on first use only

        return await asyncio.to_thread(render_report, data), data.figures.included

    def _caption(self, language: str, key: str, count: int) -> str:
        moment = format_moment(self.clock(), self.service, language)
        return text(language, key, count=count, date=moment)

    async def on_report(self, update: Update, context: Context) -> None:
        """/report [QUESTION_ID] [LANGUAGE]: the PDF report, optionally broken down."""
        if not await self._allowed(update):
            return
        assert update.effective_chat is not None
        languages = self.questionnaire.languages
        args = list(context.args or [])
        language = next((a for a in args if a in languages), self._language(update))
        others = [a for a in args if a not in languages]
        asked = self._question(others[0]) if others else None
        by = asked.id if asked is not None else others[0] if others else None
        if self._refuse_breakdown(update, by):
            return
        content, included = await self.report_pdf(language, by)
        purged = await self._purged_note(language)
        if purged:
            self.sender.send(update.effective_chat.id, purged)
        suffix = f"-{by}" if by else ""
        name = f"{self.questionnaire.id}-report-{language}{suffix}.pdf"
        caption = self._caption(language, "admin_caption_report", included)
        self.sender.send_file(update.effective_chat.id, content, name, caption=caption)

    async def on_close(self, update: Update, context: Context) -> None:
        """/close: ask for confirmation."""
        if not await self._allowed(update):
            return
        assert update.effective_chat is not None
        if await self.service.phase(self.clock()) is Phase.CLOSED:
            self._say(update, "admin_already_closed")
            return
        language = self._language(update)
        markup = yes_no_keyboard(
            Action.CLOSE, text(language, "admin_close_yes"), text(language, "admin_close_no")
        )
        self.sender.send(update.effective_chat.id, text(language, "admin_close_confirm"), markup)

    async def on_close_button(self, update: Update, context: Context) -> None:
        """The confirmation of /close."""
        query = update.callback_query
        assert query is not None
        if not await self._allowed(update):
            self.sender.answer_query(query)
            return
        callback = decode(query.data if isinstance(query.data, str) else None)
        self.sender.answer_query(query)
        self._strip(query)
        if callback is None or callback.args[:1] != ("y",):
            self._say(update, "admin_close_kept")
            return
        now = self.clock()
        if await self.service.phase(now) is not Phase.CLOSED:
            await self.service.close(now)
            logger.info("the survey was closed by an admin")
        await self.announce_closing()

    def _strip(self, query: CallbackQuery) -> None:
        self.sender.edit_query_buttons(query_chat(query), query)

    async def on_open(self, update: Update, context: Context) -> None:
        """/open [DATE[THH:MM]]: reopen the survey, until a new deadline or the one in force."""
        if not await self._allowed(update):
            return
        now = self.clock()
        purged = await self._purged_note(self._language(update), "admin_open_purged")
        if purged:
            assert update.effective_chat is not None
            self.sender.send(update.effective_chat.id, purged)
            return
        deadline = None
        if context.args:
            deadline = self._parse_deadline(" ".join(context.args))
            if deadline is None:
                self._say(update, "admin_bad_date")
                return
            if deadline <= now:
                self._say(update, "admin_past_date")
                return
        if deadline is None:
            kept = await self.service.reopen_until_deadline(now)
            if isinstance(kept, Refusal):
                schedule = await self.service.schedule()
                assert schedule.deadline is not None
                language = self._language(update)
                moment = format_moment(schedule.deadline, self.service, language)
                self._say(update, "admin_open_needs_date", date=moment)
                return
            deadline = kept
        else:
            await self.service.reopen(deadline)
        logger.info("the survey was reopened by an admin")
        if deadline is None:
            self._say(update, "admin_reopened")
        else:
            language = self._language(update)
            moment = format_moment(deadline, self.service, language)
            self._say(update, "admin_reopened_until", date=moment)

    def _parse_deadline(self, value: str) -> datetime | None:
        value = value.strip().replace(" ", "T")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        if "T" not in value:
            moment = datetime.combine(moment.date(), time(23, 59, 59))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.service.zone)
        return moment

    async def on_export(self, update: Update, context: Context) -> None:
        """/export [raw] [csv|json|xlsx] [codes] [LANGUAGE]: the figures as documents.

        Any admin gets the figures /stats and /report show, under the same rules (never one
        row per person); the CSV is for Excel, titles and labels in a language unless `codes`
        is given. `raw`: the single responses, for the data owners the config names only,
        encrypted to their age public key.
        """
        if not await self._allowed(update):
            return
        assert update.effective_chat is not None and update.effective_user is not None
        languages = self.questionnaire.languages
        args = [a.lower() for a in context.args] if context.args else []
        language = next((a for a in args if a in languages), self._language(update))
        asked = [a for a in args if a not in languages and a not in (CODES, RAW)]
        formats = [fmt for fmt in FORMATS if fmt in asked]
        if len(formats) < len(set(asked)):
            self._say(update, "admin_export_format")
            return
        request = ExportRequest(tuple(formats) or DEFAULT_FORMATS, language, CODES in args)
        if RAW in args:
            await self._send_raw(update, request)
            return
        report = await self.results.report(language, self.clock())
        files = await asyncio.to_thread(
            figure_files, report, request.formats, language, codes=request.codes
        )
        purged = await self._purged_note(language)
        if purged:
            self.sender.send(update.effective_chat.id, purged)
        caption = self._caption(language, "admin_caption_figures", report.figures.included)
        for file in files:
            self.sender.send_file(
                update.effective_chat.id, file.content, file.name, caption=caption
            )

    async def _send_raw(self, update: Update, request: ExportRequest) -> None:
        """The single responses, encrypted, to a data owner; a refusal to anybody else."""
        assert update.effective_chat is not None and update.effective_user is not None
        if self.raw is None or not self.raw.allowed(update.effective_user.id):
            self._say(update, "admin_export_raw_refused")
            return
        chat_id, language = update.effective_chat.id, request.language
        purged = await self._purged_note(language, "admin_export_raw_purged")
        if purged:
            self.sender.send(chat_id, purged)
            return
        exported = await self.results.export()
        files = await asyncio.to_thread(self._sealed_files, self.raw, exported, request)
        moment = format_moment(self.clock(), self.service, language)
        for file in files:
            caption = text(
                language,
                "admin_caption_raw",
                count=len(exported.responses),
                date=moment,
                file=file.name,
                plain=file.name.removesuffix(AGE_SUFFIX),
            )
            self.sender.send_file(chat_id, file.content, file.name, caption=caption)
        logger.info("a raw export was sent to a data owner, encrypted")

    @staticmethod
    def _sealed_files(
        raw: RawExports, exported: ExportInput, request: ExportRequest
    ) -> list[ExportFile]:
        """The response files, each encrypted as soon as it is rendered."""
        files = response_files(exported, request.formats, request.language, codes=request.codes)
        return [ExportFile(f.name + AGE_SUFFIX, raw.seal(f.content)) for f in files]

    async def check_closing(self) -> None:
        """Announce the closing to the admins once, when the deadline (plus grace) has passed."""
        if await self.service.phase(self.clock()) is Phase.CLOSED:
            await self.announce_closing()

    async def check_retention(self) -> bool:
        """Delete the single responses if the retention configured has run out since the
        closing; True if it did now."""
        if self.retention is None:
            return False
        return await self.retention.purge_if_due(self.clock()) is not None

    async def announce_closing(self) -> None:
        """Tell every admin, in their language, that the survey closed, with the final
        figures (once)."""
        if not await self.service.mark_closing_announced():
            return
        logger.info("the survey is closed; telling the admins")
        bodies: dict[str, str] = {}
        for admin in sorted(self.admins):
            language = await self.languages.language(admin)
            if language not in bodies:
                bodies[language] = (await self._overview(language))[0]
            self.sender.send(admin, text(language, "admin_closing_notice"))
            self.sender.send_long(admin, bodies[language])


def queue_lines(outbox: Outbox, language: str) -> str:
    """The outgoing queue for /stats, when replies wait (how many, and for how long), the paid
    broadcasts and their cost, once there are some, and their budget while they are on;
    empty otherwise."""
    number = i18n.get(language).number
    lines = []
    if outbox.queued:
        wait = number(round(outbox.wait(), 1))
        lines.append(text(language, "stats_queue", queued=outbox.queued, wait=wait))
    if outbox.paid_messages:
        stars = number(outbox.stars)
        lines.append(text(language, "stats_paid", count=outbox.paid_messages, stars=stars))
    budget = outbox.budget
    if outbox.paying and budget is not None:
        lines.append(budget_line(budget, language))
    return "\n".join(lines)


def budget_line(budget: PaidBudget, language: str) -> str:
    """The paid broadcasts' budget for /stats: what is spent of it, and whether it is all."""
    number = i18n.get(language).number
    line = text(
        language,
        "stats_paid_budget",
        hour=number(budget.spent_this_hour),
        per_hour=number(budget.per_hour),
        total=number(budget.spent),
        max_total=number(budget.total),
        stars=number(paid_stars(budget.spent)),
        max_stars=number(paid_stars(budget.total)),
    )
    refills = budget.refills_in()
    if budget.spent_in_all:
        line += "\n" + text(language, "stats_paid_total_spent")
    elif refills is not None:
        minutes = math.ceil(refills / 60)
        line += "\n" + text(language, "stats_paid_hour_spent", minutes=number(minutes))
    return line
