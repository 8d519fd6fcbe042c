"""The results service: figures, breakdowns, free texts, report and export inputs.

Every front end (the admins' Telegram commands, the command line) asks this service; none of
them reads storage. It reads the store's counts and hands them to the core's one step
(`bot.core.release`), which applies the privacy rules of figures, for every view:
- no figure of a question or score rests on fewer than `min_group_size` answers, in the whole
  survey or in a group (it is `Hidden`), and a breakdown hides what would let the whole minus
  the shown groups give one away (`shown_breakdown`);
- while the survey is open, figures grow only in batches of `min_group_size` responses, and
  each question and score only by at least `min_group_size` answers at a time, in the whole
  survey and in each breakdown group (`release_point`), so that one person's answers never
  show up as the difference between two views;
- free texts are listed only for a question at least `min_group_size_text` people answered
  (here), over the same responses as its figures.
This service decides the scope (the survey closed or the owner's view: every submitted
response; else the released ones) and releases the waiting responses in batches; while the
survey is open it reads the store twice (`read_counts`): what each release brought, then the
counts up to the release points that the core computes from it. The command
line is the database owner's view and sees every submitted response, under the same rules.

A closed survey's figures cannot change until it is opened again (or its responses purged):
they are kept in memory, for the later wave that compares with it (`compared`), keyed by the
schedule and the number of submitted responses, and dropped by `forget`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from bot.core import release, waves
from bot.core.answers import SubmittedResponse
from bot.core.counts import Counts, Points
from bot.core.figures import Breakdown, Figures, QuestionFigures
from bot.core.questionnaire import Questionnaire
from bot.core.release import Scope, Survey
from bot.core.schedule import Phase, Schedule
from bot.core.stores import Kept, ResultsStore, RetentionStore
from bot.core.waves import WaveFigures


class UnknownBreakdown(ValueError):
    """The question asked for is not one that figures may be broken down by."""

    def __init__(self, question_id: str, choices: Sequence[str]) -> None:
        self.question_id = question_id
        self.choices = tuple(choices)
        super().__init__(f"{question_id!r} is not a breakdown question")


class ResponsesDeleted(Exception):
    """The single responses were deleted (the survey's retention ran out, or by hand): only
    the figures kept are left."""

    def __init__(self, purged_at: datetime) -> None:
        self.purged_at = purged_at
        super().__init__(f"the single responses were deleted on {purged_at:%Y-%m-%d %H:%M} UTC")


@dataclass(frozen=True)
class Waves:
    """A survey and the earlier wave it follows, side by side: for an admin who may see both,
    or the database owner."""

    earlier: Questionnaire
    figures: WaveFigures
    earlier_min_group_size: int


@dataclass(frozen=True)
class ReportInput:
    """Everything the report shows, gathered by the results service."""

    questionnaire: Questionnaire
    figures: Figures
    language: str
    generated: datetime
    zone: tzinfo
    min_group_size: int
    deadline: datetime | None = None
    closed_at: datetime | None = None
    """When the survey closed; None while it is open."""
    breakdown: Breakdown | None = None
    texts: Mapping[str, Sequence[str]] | None = None
    """Free texts (and 'other' texts) per question id; None when reports may not show them.
    A question that fewer than `min_group_size_text` people answered has none."""
    min_group_size_text: int = 10
    waves: Waves | None = None
    """The comparison with the earlier wave, for a reader who may see both surveys."""
    waves_withheld: bool = False
    """The survey follows an earlier wave that this reader may not see: the report says only
    that a comparison exists for the admins of both."""


@dataclass(frozen=True)
class ExportInput:
    """The submitted responses, and the figures over exactly those responses."""

    questionnaire: Questionnaire
    responses: list[SubmittedResponse]
    figures: Figures
    min_group_size: int


async def read_counts(
    store: ResultsStore, survey: Survey, scope: Scope, dimension: str | None = None
) -> tuple[Counts, Points | None]:
    """The store's counts within the scope, per answer to `dimension` if given, and the release
    points they were read up to (None: every submitted response).

    While the survey is open it is two reads: what each release brought (`arrivals`), from
    which the core computes each figure's release point (`release.points`, in the whole survey
    or one that every group of the breakdown may move to), then the counts up to them.
    """
    if scope.complete:
        return await store.counts(dimension), None
    arrivals = await store.arrivals(dimension)
    points = release.points(
        arrivals, survey, scope.min_group_size, broken_down=dimension is not None
    )
    return await store.counts(dimension, points), points


class ResultsService:
    """Gives every front end the same results under the same privacy rules."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        store: ResultsStore,
        schedule: Callable[[], Awaitable[Schedule]],
        *,
        min_group_size: int,
        show_free_text: bool,
        zone: tzinfo,
        min_group_size_text: int = 10,
        retention: RetentionStore | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.store = store
        self._retention = retention
        self._kept: Kept | None = None
        self._schedule = schedule
        self.min_group_size = min_group_size
        self.min_group_size_text = min_group_size_text
        self.show_free_text = show_free_text
        self.zone = zone
        self._closed: tuple[tuple[Schedule, int], Figures] | None = None
        """The closed survey's figures, and the schedule and submitted count they were
        computed at."""

    @property
    def breakdown_questions(self) -> list[str]:
        """The ids of the questions that figures may be broken down by."""
        return [q.id for q in self.questionnaire.questions if q.breakdown]

    def check_breakdown(self, question_id: str) -> None:
        """Raise `UnknownBreakdown` unless figures may be broken down by this question."""
        if question_id not in self.breakdown_questions:
            raise UnknownBreakdown(question_id, self.breakdown_questions)

    async def kept(self) -> Kept | None:
        """What the deletion of the single responses kept; None while they are there."""
        if self._kept is None and self._retention is not None:
            self._kept = await self._retention.kept()
        return self._kept

    async def to_keep(self) -> tuple[Figures, dict[str, Breakdown]]:
        """The figures a deletion keeps: exactly those the admins may see once the survey is
        closed, overall and broken down by each breakdown question."""
        figures = await self._figures(complete=True)
        breakdowns = {
            question: await self._breakdown(question, complete=True)
            for question in self.breakdown_questions
        }
        return figures, breakdowns

    async def _scope(self, now: datetime, owner: bool) -> bool:
        """Whether every submitted response is included; releases a full batch if not."""
        if owner or (await self._schedule()).phase(now) is Phase.CLOSED:
            return True
        await self.store.release_figures(self.min_group_size)
        return False

    @property
    def _survey(self) -> Survey:
        return Survey(self.questionnaire.questions, self.questionnaire.scores)

    def _rules(self, complete: bool) -> Scope:
        return Scope(self.min_group_size, complete)

    async def figures(self, now: datetime, *, owner: bool = False) -> Figures:
        """The summary figures (the owner's view includes every submitted response); once the
        single responses were deleted, the figures kept."""
        kept = await self.kept()
        if kept is not None:
            return kept.figures
        schedule = await self._schedule()
        if schedule.phase(now) is Phase.CLOSED:
            return await self._closed_figures(schedule)
        complete = await self._scope(now, owner)
        return await self._figures(complete)

    async def _closed_figures(self, schedule: Schedule) -> Figures:
        """The closed survey's figures (every submitted response), computed once: they change
        only when it is opened again or its responses are purged, which changes the key."""
        overview = await self.store.overview()
        key = (schedule, overview.submitted)
        if self._closed is not None and self._closed[0] == key:
            return replace(self._closed[1], overview=overview)
        rules = self._rules(complete=True)
        counts, _ = await read_counts(self.store, self._survey, rules)
        result = release.figures(counts, overview, self._survey, rules)
        self._closed = (key, result)
        return result

    def forget(self) -> None:
        """Drop the closed survey's figures kept in memory (on /open, or a purge)."""
        self._closed = None

    async def compared(
        self, earlier: ResultsService, figures: Figures, now: datetime, *, owner: bool = False
    ) -> Waves:
        """This survey's figures (as shown) beside those of the earlier wave it follows.

        The earlier wave's figures come through its own results service, under its own scope
        and threshold (a closed wave's kept in memory); the core compares the two shown sets
        and computes a change only where both figures are shown.
        """
        before = await earlier.figures(now, owner=owner)
        compared = waves.compare(
            earlier.questionnaire.questions, before, self.questionnaire.questions, figures
        )
        return Waves(earlier.questionnaire, compared, earlier.min_group_size)

    async def _figures(self, complete: bool) -> Figures:
        """The whole survey's figures that may be shown."""
        return (await self._figures_and_points(complete))[0]

    async def _figures_and_points(self, complete: bool) -> tuple[Figures, Points | None]:
        """The whole survey's figures that may be shown, and the release points they rest on."""
        rules = self._rules(complete)
        counts, points = await read_counts(self.store, self._survey, rules)
        overview = await self.store.overview()
        return release.figures(counts, overview, self._survey, rules), points

    async def breakdown(self, dimension: str, now: datetime, *, owner: bool = False) -> Breakdown:
        """Every question's figures per group of `dimension`, small groups merged or hidden."""
        self.check_breakdown(dimension)
        kept = await self.kept()
        if kept is not None:
            return self._kept_breakdown(kept, dimension)
        complete = await self._scope(now, owner)
        return await self._breakdown(dimension, complete)

    def _kept_breakdown(self, kept: Kept, dimension: str) -> Breakdown:
        if dimension not in kept.breakdowns:  # the questionnaire gained it after the deletion
            raise UnknownBreakdown(dimension, sorted(kept.breakdowns))
        return kept.breakdowns[dimension]

    async def _breakdown(self, dimension: str, complete: bool) -> Breakdown:
        rules = self._rules(complete)
        counts, _ = await read_counts(self.store, self._survey, rules, dimension)
        question = self.questionnaire.question(dimension)
        return release.breakdown(counts, question, self._survey, rules)

    def _shown_texts(
        self, texts: Mapping[str, Sequence[str]], figures: Figures
    ) -> dict[str, Sequence[str]]:
        """The texts of the questions that at least `min_group_size_text` people answered."""
        answered = {
            f.question_id: f.answered for f in figures.questions if isinstance(f, QuestionFigures)
        }
        return {
            question_id: values
            for question_id, values in texts.items()
            if answered.get(question_id, 0) >= self.min_group_size_text
        }

    async def report(
        self,
        language: str,
        now: datetime,
        by: str | None = None,
        *,
        owner: bool = False,
        earlier: ResultsService | None = None,
        withheld: bool = False,
    ) -> ReportInput:
        """The report's input: figures, the breakdown if asked, free texts if allowed, and
        the comparison with the `earlier` wave if given (`withheld`: it exists, but this
        reader may not see it)."""
        if by is not None:
            self.check_breakdown(by)
        kept = await self.kept()
        if kept is not None:
            return self._kept_report(kept, language, now, by)
        complete = await self._scope(now, owner)
        figures, points = await self._figures_and_points(complete)
        split = None if by is None else await self._breakdown(by, complete)
        texts = None
        if self.show_free_text:
            typed = release.texts(await self.store.free_texts(), points, self._survey)
            texts = self._shown_texts(typed, figures)
        schedule = await self._schedule()
        return ReportInput(
            self.questionnaire,
            figures,
            language,
            generated=now,
            zone=self.zone,
            min_group_size=self.min_group_size,
            min_group_size_text=self.min_group_size_text,
            deadline=schedule.deadline,
            closed_at=schedule.closed_since(now),
            breakdown=split,
            texts=texts,
            waves=None
            if earlier is None
            else await self.compared(earlier, figures, now, owner=owner),
            waves_withheld=withheld and earlier is None,
        )

    def _kept_report(
        self, kept: Kept, language: str, now: datetime, by: str | None
    ) -> ReportInput:
        """The report's input from the figures kept: no free text is left to show."""
        return ReportInput(
            self.questionnaire,
            kept.figures,
            language,
            generated=now,
            zone=self.zone,
            min_group_size=self.min_group_size,
            min_group_size_text=self.min_group_size_text,
            closed_at=kept.closed_at,
            breakdown=None if by is None else self._kept_breakdown(kept, by),
        )

    async def responses(self) -> list[SubmittedResponse]:
        """Every submitted response: the database owner's view, for the exports of single
        responses (the command line, and the owners' encrypted /export raw); never an admin's.

        Raises `ResponsesDeleted` once they were deleted."""
        kept = await self.kept()
        if kept is not None:
            raise ResponsesDeleted(kept.purged_at)
        return [response async for response in self.store.iter_responses()]

    async def export(self) -> ExportInput:
        """The exports' input: every submitted response and the figures over them."""
        responses = await self.responses()
        figures = await self._figures(complete=True)
        return ExportInput(self.questionnaire, responses, figures, self.min_group_size)
