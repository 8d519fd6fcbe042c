"""One survey's admin commands: /stats, /report, /close, /open, /export, its closing
announcement and its line in /surveys. Who may run them, and on which survey, is decided in
`bot.telegram.admin`."""

from __future__ import annotations

import asyncio
import logging
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from telegram import CallbackQuery, InlineKeyboardMarkup, Update

from bot import i18n
from bot.app.clock import Clock
from bot.app.respondents import Refusal
from bot.app.results import ExportInput, ReportInput, ResultsService
from bot.app.retention import RetentionService
from bot.app.sealing import AGE_SUFFIX, RawExports
from bot.app.wiring import AppContext
from bot.core.figures import OTHER_GROUPS, Breakdown, Figures
from bot.core.questions import Question
from bot.core.questions.base import FigureKind
from bot.core.schedule import Phase
from bot.i18n import text
from bot.rendering.figures_text import (
    INDENT,
    breakdown_text,
    figures_text,
    question_text,
    question_title,
)
from bot.rendering.status import status_line
from bot.rendering.waves_text import row_lines, waves_heading, waves_text, withheld_text
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
from bot.telegram.dates import parse_deadline, tomorrow_words, typed_day
from bot.telegram.keyboards import OTHER_DATE, close_keyboard, open_keyboard, organiser_keyboard
from bot.telegram.language import format_moment, reply_language
from bot.telegram.outbox import Outbox
from bot.telegram.sending import Sender, query_chat

logger = logging.getLogger(__name__)

CODES = "codes"
"""The /export word for a CSV of codes (option ids, 1/0, points) rather than labels."""
RAW = "raw"
"""The /export word for the single responses: for the data owners only, encrypted."""
EXAMPLE_DAYS = 14
"""Days from today of the date that examples of /open give."""
OPEN_WEEKS = (1, 2)
"""The deadlines, in weeks from today, that /open offers as buttons when it needs one."""


@dataclass(frozen=True)
class ExportRequest:
    """What an /export asks for: its formats, language, and codes rather than labels."""

    formats: tuple[Format, ...]
    language: str
    codes: bool


@dataclass(frozen=True)
class EarlierWave:
    """The survey that a survey follows (`compares_with`), as one admin may see it."""

    results: ResultsService | None
    """Its results; None when this admin may not see it: they are told only that a comparison
    exists for the admins of both surveys."""


class SurveyAdmin:
    """The admin commands of one survey, for an admin already allowed to see it.

    `named`: the bot runs several surveys, so that the confirmation of /close, its buttons,
    /stats and the closing announcement name the survey.
    """

    def __init__(
        self,
        sender: Sender,
        context: AppContext,
        clock: Clock,
        admins: frozenset[int],
        raw: RawExports | None = None,
        *,
        named: bool = False,
    ) -> None:
        self.sender = sender
        self.service = context.service
        self.results = context.results
        self.clock = clock
        self.questionnaire = context.questionnaire
        self.id = context.id
        self.admins = admins
        """Who may see this survey: its own admins and the global ones (changed by /reload)."""
        self.languages = context.admin_languages
        """Each admin's language, from their last update (kept across restarts), for the
        announcements that no update of theirs brings."""
        self.raw = raw
        """The data owners who may receive the single responses, encrypted; None: nobody."""
        self.retention: RetentionService = context.retention
        """When this survey's single responses are deleted (its own `keep_responses_days`)."""
        self.named = named

    def language(self, update: Update) -> str:
        """The language of the reply to this update."""
        return reply_language(self.questionnaire, update)

    async def remember(self, update: Update) -> None:
        """Remember the language of this admin's update, for the announcements."""
        user = update.effective_user
        if user is not None and user.id in self.admins:
            await self.languages.remember(user.id, self.language(update))

    def title(self, language: str) -> str:
        """The survey's title in `language` (a survey language), else in its default."""
        shown = language if language in self.questionnaire.languages else None
        return self.questionnaire.text(
            self.questionnaire.title, shown or self.questionnaire.language
        )

    def _heading(self, language: str) -> str:
        """The survey's name over a reply, when the bot runs several."""
        return text(language, "admin_survey", title=self.title(language), id=self.id)

    def _say(self, update: Update, key: str, **values: str | int) -> None:
        assert update.effective_chat is not None
        message = text(self.language(update), key, **values)
        self.sender.send(update.effective_chat.id, message)

    async def _overview(self, language: str, *, queue: bool = True) -> tuple[str, Figures]:
        """The /stats overview, and the figures it shows (saying so if they are the kept
        figures of deleted responses); the outgoing queue under it when asked and something
        waits."""
        result = await self.results.figures(self.clock())
        body = figures_text(self.questionnaire, result, language, self.results.min_group_size)
        purged = await self._purged_note(language)
        if purged:
            body = f"{purged}\n\n{body}"
        waiting = queue_lines(self.sender.outbox, language) if queue else ""
        return (f"{body}\n\n{waiting}" if waiting else body), result

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

    async def stats(
        self, update: Update, args: list[str], earlier: EarlierWave | None = None
    ) -> None:
        """/stats [NUMBER|QUESTION_ID]: the overview and a chart per question; or one question
        in detail with its chart, every question broken down by it for a breakdown question.

        A survey that follows an `earlier` wave adds the two side by side, for an admin who may
        see both (one line saying that the comparison exists for the others)."""
        assert update.effective_chat is not None
        chat_id = update.effective_chat.id
        language = self.language(update)
        state = await self.state_line(language)
        heading = f"{self._heading(language)}\n{state}\n\n" if self.named else f"{state}\n\n"
        if not args:
            body, result = await self._overview(language)
            self.sender.send_long(chat_id, heading + body)
            compared = await self._waves_text(earlier, result, language)
            if compared is not None:
                self.sender.send_long(chat_id, heading + compared)
            await self.send_charts(chat_id, result, language, self.questionnaire.questions)
            return
        question = self._question(args[0])
        if question is None:
            count = len(self.questionnaire.questions)
            self._say(update, "admin_unknown_question", question=args[0], count=count)
            return
        if len(args) > 1:  # two breakdowns crossed would make groups too small to show
            self._say(update, "admin_stats_one_at_a_time", first=args[0], rest=" ".join(args[1:]))
            return
        purged = await self._purged_note(language)
        if purged:
            self.sender.send(chat_id, purged)
        if question.breakdown:
            split = await self.results.breakdown(question.id, self.clock())
            if only_merged(split):
                number = self.questionnaire.questions.index(question) + 1
                title = question_title(self.questionnaire, number, question, language)
                lines = (
                    text(language, "stats_breakdown", question=title),
                    text(language, "stats_no_split_yet", group=split.min_group_size),
                )
                self.sender.send_long(chat_id, heading + "\n".join(lines))
                return
            self.sender.send_long(
                chat_id, heading + breakdown_text(self.questionnaire, split, language)
            )
            return
        result = await self.results.figures(self.clock())
        detail = question_text(self.questionnaire, question, result, language)
        compared = await self._waves_text(earlier, result, language, question)
        if compared is not None:
            detail += "\n\n" + compared
        self.sender.send_long(chat_id, heading + detail)
        await self.send_charts(chat_id, result, language, [question], scores=False)

    async def _waves_text(
        self,
        earlier: EarlierWave | None,
        result: Figures,
        language: str,
        question: Question | None = None,
    ) -> str | None:
        """The figures beside the earlier wave's (all, or one question's); None without an
        earlier wave or before this one has figures."""
        if earlier is None:
            return None
        if earlier.results is None:
            return withheld_text(language)
        if not result.included:
            return None
        waves = await self.results.compared(earlier.results, result, self.clock())
        if question is None:
            return waves_text(self.questionnaire, waves.earlier, waves.figures, language)
        row = waves.figures.of(question.id)
        assert row is not None
        lines = waves_heading(waves.earlier, waves.figures, language)
        lines += [
            INDENT + line for line in row_lines(self.questionnaire, waves.earlier, row, language)
        ]
        return "\n".join(lines)

    async def send_charts(
        self,
        chat_id: int,
        result: Figures,
        language: str,
        questions: list[Question],
        *,
        scores: bool = True,
    ) -> None:
        """Send these questions' charts, then each score's (unless told not to), as albums
        of photos (`Sender.send_photos`); nothing before a figure is released."""
        if not result.included:
            return
        from bot.reports import charts  # matplotlib: loaded on first use only

        questionnaire = self.questionnaire
        survey = f"{questionnaire.id}-{language}"
        numbers = {q.id: n for n, q in enumerate(questionnaire.questions, start=1)}
        photos: list[tuple[bytes, str, str | None]] = []
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
                photos.append((png, f"{survey}-{number:02d}.png", caption))
        if scores:
            for score, score_figures in zip(questionnaire.scores, result.scores, strict=True):
                png = await asyncio.to_thread(
                    charts.score_chart_png, questionnaire, score, score_figures, language
                )
                if png is not None:
                    caption = questionnaire.text(score.label, language)
                    photos.append((png, f"{survey}-{score.id}.png", caption))
        self.sender.send_photos(chat_id, photos)

    async def report_pdf(
        self, language: str, by: str | None = None, earlier: EarlierWave | None = None
    ) -> tuple[bytes, int]:
        """The PDF report over the same responses as /stats (free texts if the config says),
        with the earlier wave beside it if there is one, and how many responses it covers."""
        data = await self._report_input(language, by, earlier)
        from bot.reports.pdf import render_report  # matplotlib: loaded on first use only

        return await asyncio.to_thread(render_report, data), data.figures.included

    async def _report_input(
        self, language: str, by: str | None, earlier: EarlierWave | None
    ) -> ReportInput:
        return await self.results.report(
            language,
            self.clock(),
            by,
            earlier=None if earlier is None else earlier.results,
            withheld=earlier is not None and earlier.results is None,
        )

    def _caption(self, language: str, key: str, count: int) -> str:
        moment = format_moment(self.clock(), self.service, language)
        return text(language, key, count=count, date=moment)

    async def report(
        self, update: Update, args: list[str], earlier: EarlierWave | None = None
    ) -> None:
        """/report [QUESTION_ID] [LANGUAGE]: the PDF report, optionally broken down."""
        assert update.effective_chat is not None
        languages = self.questionnaire.languages
        language = next((a for a in args if a in languages), self.language(update))
        others = [a for a in args if a not in languages]
        asked = self._question(others[0]) if others else None
        by = asked.id if asked is not None else others[0] if others else None
        if self._refuse_breakdown(update, by):
            return
        content, included = await self.report_pdf(language, by, earlier)
        purged = await self._purged_note(language)
        if purged:
            self.sender.send(update.effective_chat.id, purged)
        suffix = f"-{by}" if by else ""
        name = f"{self.questionnaire.id}-report-{language}{suffix}.pdf"
        caption = self._caption(language, "admin_caption_report", included)
        self.sender.send_file(update.effective_chat.id, content, name, caption=caption)

    async def close(self, update: Update) -> None:
        """/close: ask for confirmation."""
        assert update.effective_chat is not None
        if await self.service.phase(self.clock()) is Phase.CLOSED:
            self._say(update, "admin_already_closed")
            return
        language = self.language(update)
        markup = close_keyboard(
            text(language, "admin_close_yes"),
            text(language, "admin_close_no"),
            self.id if self.named else "",
        )
        question = (
            text(language, "admin_close_confirm_named", title=self.title(language), id=self.id)
            if self.named
            else text(language, "admin_close_confirm")
        )
        self.sender.send(update.effective_chat.id, question, markup)

    async def close_confirmed(self, update: Update, query: CallbackQuery, yes: bool) -> None:
        """The answer to the confirmation of /close."""
        self.sender.edit_query_buttons(query_chat(query), query)
        if not yes:
            self._say(update, "admin_close_kept")
            return
        now = self.clock()
        if await self.service.phase(now) is not Phase.CLOSED:
            await self.service.close(now)
            logger.info("a survey was closed by an admin")
        await self.announce_closing()

    async def open(self, update: Update, args: list[str]) -> None:
        """/open [DATE [TIME]]: reopen the survey, until a new deadline or the one in force;
        a date as people write it (`31/12/2027`, `demain`, `+7`: `bot.telegram.dates`).
        When the deadline in force has passed, it asks for one, with a button per week or
        two from today. Refused once its single responses were deleted."""
        now = self.clock()
        language = self.language(update)
        purged = await self._purged_note(language, "admin_open_purged")
        if purged:
            assert update.effective_chat is not None
            self.sender.send(update.effective_chat.id, purged)
            return
        if args == [OTHER_DATE]:  # the button "another date"
            self._say(update, "admin_open_type_date", example=self.example_day(language))
            return
        deadline = None
        if args:
            deadline = self._parse_deadline(" ".join(args), language)
            if deadline is None:
                self._say(update, "admin_bad_date", example=self.example_day(language))
                return
            if deadline <= now:
                self._say(update, "admin_past_date")
                return
        if deadline is None:
            kept = await self.service.reopen_until_deadline(now)
            if isinstance(kept, Refusal):
                await self._ask_deadline(update, language)
                return
            deadline = kept
        else:
            await self.service.reopen(deadline)
        self.results.forget()  # its figures may change again
        logger.info("a survey was reopened by an admin")
        if deadline is None:
            self._say(update, "admin_reopened")
        else:
            moment = format_moment(deadline, self.service, language)
            self._say(update, "admin_reopened_until", date=moment)

    def _today(self) -> date:
        """Today in the survey's time zone."""
        return self.clock().astimezone(self.service.zone).date()

    def example_day(self, language: str) -> str:
        """A day to give as an example of /open: two weeks from today, as the reader writes
        it (never a day already past)."""
        day = self._today() + timedelta(days=EXAMPLE_DAYS)
        return typed_day(day, i18n.get(language).locale)

    async def _ask_deadline(self, update: Update, language: str) -> None:
        """The deadline in force has passed: ask for a new one, a week or two from today in
        one tap, or another typed."""
        assert update.effective_chat is not None
        schedule = await self.service.schedule()
        assert schedule.deadline is not None
        moment = format_moment(schedule.deadline, self.service, language)
        locale = i18n.get(language).locale
        choices = []
        for weeks in OPEN_WEEKS:
            day = self._today() + timedelta(weeks=weeks)
            label = text(language, "admin_open_in_weeks", weeks=weeks, date=typed_day(day, locale))
            choices.append((label, day.isoformat()))
        choices.append((text(language, "admin_open_other_date"), OTHER_DATE))
        question = text(
            language, "admin_open_needs_date", date=moment, example=self.example_day(language)
        )
        self.sender.send(update.effective_chat.id, question, open_keyboard(self.id, choices))

    def _parse_deadline(self, value: str, language: str) -> datetime | None:
        """The deadline typed, in the survey's time zone, read in the admin's locale."""
        return parse_deadline(
            value,
            today=self._today(),
            zone=self.service.zone,
            locale=i18n.get(language).locale,
            tomorrow=tomorrow_words(),
        )

    async def export(
        self, update: Update, args: list[str], earlier: EarlierWave | None = None
    ) -> None:
        """/export [raw] [csv|json|xlsx] [codes] [LANGUAGE]: the figures as documents.

        Any admin gets the figures /stats and /report show, under the same rules (never one
        row per person); the CSV is for Excel, titles and labels in a language unless `codes`
        is given. `raw`: the single responses, for the data owners the config names only,
        encrypted to their age public key.
        """
        assert update.effective_chat is not None and update.effective_user is not None
        languages = self.questionnaire.languages
        args = [a.lower() for a in args]
        language = next((a for a in args if a in languages), self.language(update))
        asked = [a for a in args if a not in languages and a not in (CODES, RAW)]
        formats = [fmt for fmt in FORMATS if fmt in asked]
        if len(formats) < len(set(asked)):
            self._say(update, "admin_export_format")
            return
        request = ExportRequest(tuple(formats) or DEFAULT_FORMATS, language, CODES in args)
        if RAW in args:
            await self._send_raw(update, request)
            return
        report = await self._report_input(language, None, earlier)
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
        """Delete the single responses if this survey's retention has run out since its
        closing; True if it did now."""
        return await self.retention.purge_if_due(self.clock()) is not None

    async def announce_closing(self) -> None:
        """Tell every admin, in their language, that the survey closed and when, with its
        figures at that moment, not called final: /open can change them (once)."""
        if not await self.service.mark_closing_announced():
            return
        logger.info("the survey is closed; telling the admins")
        bodies: dict[str, str] = {}
        closed = (await self.service.schedule()).closed_since(self.clock()) or self.clock()

        def closed_on(language: str) -> str:
            return format_moment(closed, self.service, language)

        for admin in sorted(self.admins):
            language = await self.languages.language(admin)
            if language not in bodies:
                bodies[language] = (await self._overview(language, queue=False))[0]
            notice = (
                text(
                    language, "admin_closing_notice_named", title=self.title(language), id=self.id
                )
                if self.named
                else text(language, "admin_closing_notice")
            )
            figures = text(language, "admin_closing_figures", date=closed_on(language))
            self.sender.send(admin, f"{notice} {figures}")
            self.sender.send_long(admin, bodies[language])

    async def state_line(self, language: str) -> str:
        """Whether the survey is open (until when), in its grace period or closed (since
        when): the first line of /stats, /surveys and an admin's /start."""
        schedule = await self.service.schedule()
        return status_line(
            schedule,
            self.clock(),
            language,
            lambda moment: format_moment(moment, self.service, language),
        )

    async def start_keyboard(self, language: str, bot_username: str) -> InlineKeyboardMarkup:
        """The buttons under an admin's /start: figures, report, export, close or open (as
        the survey is), each running that command on this survey, and take the survey."""
        closed = await self.service.phase(self.clock()) is Phase.CLOSED
        toggle = ("open", "admin_start_open") if closed else ("close", "admin_start_close")
        commands = [
            ("stats", "admin_start_stats"),
            ("report", "admin_start_report"),
            ("export", "admin_start_export"),
            toggle,
        ]
        return organiser_keyboard(
            self.id,
            [(command, text(language, key)) for command, key in commands],
            (text(language, "admin_start_take"), survey_link(bot_username, self.id)),
        )

    async def status(self, language: str, bot_username: str) -> str:
        """The survey in /surveys: its name, whether it is open (until when), in its grace
        period or closed (since when), its counts, and its link."""
        now = self.clock()
        state = await self.state_line(language)
        overview = (await self.results.figures(now)).overview
        counts = text(
            language,
            "surveys_counts",
            submitted=overview.submitted,
            in_progress=overview.in_progress,
        )
        link = text(language, "surveys_link", link=survey_link(bot_username, self.id))
        return "\n".join((self._heading(language), state, counts, link))


def only_merged(split: Breakdown) -> bool:
    """Whether every group was too small and they were all merged into one: that group is
    the whole survey again, no breakdown at all."""
    return len(split.groups) == 1 and split.groups[0].key == OTHER_GROUPS


def survey_link(bot_username: str, survey_id: str) -> str:
    """The link that opens a survey in Telegram (its id as the start parameter)."""
    return f"https://t.me/{bot_username}?start={survey_id}"


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
