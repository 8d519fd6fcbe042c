"""The results service: figures, breakdowns, free texts, report and export inputs.

Every front end (the admins' Telegram commands, the command line) asks this service; none of
them reads storage. The privacy rules of figures live here, for every view:
- no figure of a question or score rests on fewer than `min_group_size` answers, in the whole
  survey or in a group (it is `Hidden`), and a breakdown hides what would let the whole minus
  the shown groups give one away (`shown_breakdown`);
- while the survey is open, figures grow only in batches of `min_group_size` responses, and
  each question and score only by at least `min_group_size` answers at a time, in the whole
  survey and in each breakdown group (`release_point`), so that one person's answers never
  show up as the difference between two views;
- free texts are listed only for a question at least `min_group_size_text` people answered.
The command line is the database owner's view and sees every submitted response, under the
same rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from bot.core.answers import SubmittedResponse
from bot.core.figures import (
    NO_GROUP,
    Breakdown,
    Figures,
    QuestionFigures,
    ScoreFigures,
    merge_small_groups,
    release_point,
    shown_breakdown,
    shown_figures,
)
from bot.core.questionnaire import Questionnaire
from bot.core.schedule import Phase, Schedule
from bot.core.scores import score_figures
from bot.core.stores import Kept, ResultsStore, RetentionStore

ScoredResponses = dict[str, list[tuple[int | None, float | None]]]
"""Per score id, each response's release number and value (None: not scored)."""


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


@dataclass(frozen=True)
class ExportInput:
    """The submitted responses, and the figures over exactly those responses."""

    questionnaire: Questionnaire
    responses: list[SubmittedResponse]
    figures: Figures
    min_group_size: int


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
        figures = shown_figures(await self._figures(complete=True), self.min_group_size)
        breakdowns = {
            question: shown_breakdown(
                await self._breakdown(question, complete=True), self.min_group_size
            )
            for question in self.breakdown_questions
        }
        return figures, breakdowns

    async def _scope(self, now: datetime, owner: bool) -> bool:
        """Whether every submitted response is included; releases a full batch if not."""
        if owner or (await self._schedule()).phase(now) is Phase.CLOSED:
            return True
        await self.store.release_figures(self.min_group_size)
        return False

    async def figures(self, now: datetime, *, owner: bool = False) -> Figures:
        """The summary figures (the owner's view includes every submitted response); once the
        single responses were deleted, the figures kept."""
        kept = await self.kept()
        if kept is not None:
            return kept.figures
        figures = await self._figures(await self._scope(now, owner))
        return shown_figures(figures, self.min_group_size)

    async def _figures(
        self, complete: bool, included: Sequence[SubmittedResponse] | None = None
    ) -> Figures:
        """The figures as counted, with the scores over `included` (read here when not given)."""
        figures = await self.store.figures(complete=complete)
        if not self.questionnaire.scores:
            return figures
        if included is None:
            included = await self._included(complete)
        scored = self._scored(included)
        points = self._score_points([scored], complete)
        return replace(figures, scores=self._scores(scored, points))

    async def _included(self, complete: bool) -> list[SubmittedResponse]:
        """The responses the figures are computed over (only scores need them one by one)."""
        if not self.questionnaire.scores:
            return []
        return [r async for r in self.store.iter_responses(released_only=not complete)]

    def _scored(self, responses: Sequence[SubmittedResponse]) -> ScoredResponses:
        """Per score, each response's release number and value (None: not scored), computed
        once for both the release points and the figures."""
        questions = self.questionnaire.question_map
        return {
            score.id: [(r.batch, score.of(questions, r.answers)) for r in responses]
            for score in self.questionnaire.scores
        }

    def _score_points(
        self, groups: Sequence[ScoredResponses], complete: bool
    ) -> dict[str, int] | None:
        """Per score, the last release its figures include, as for a question, given the
        scored responses of each group (the whole survey is one); None: every response (the
        survey is closed, or the owner's view)."""
        if complete:
            return None
        return {
            score.id: release_point(
                [
                    Counter(
                        batch
                        for batch, value in scored[score.id]
                        if batch is not None and value is not None
                    )
                    for scored in groups
                ],
                self.min_group_size,
            )
            for score in self.questionnaire.scores
        }

    def _scores(
        self, scored: ScoredResponses, points: Mapping[str, int] | None
    ) -> tuple[ScoreFigures, ...]:
        """Every score over the responses up to its release point."""
        return tuple(
            score_figures(
                score,
                [
                    value
                    for batch, value in scored[score.id]
                    if points is None or (batch or 0) <= points[score.id]
                ],
            )
            for score in self.questionnaire.scores
        )

    async def breakdown(self, dimension: str, now: datetime, *, owner: bool = False) -> Breakdown:
        """Every question's figures per group of `dimension`, small groups merged or hidden."""
        self.check_breakdown(dimension)
        kept = await self.kept()
        if kept is not None:
            return self._kept_breakdown(kept, dimension)
        split = await self._breakdown(dimension, await self._scope(now, owner))
        return shown_breakdown(split, self.min_group_size)

    def _kept_breakdown(self, kept: Kept, dimension: str) -> Breakdown:
        if dimension not in kept.breakdowns:  # the questionnaire gained it after the deletion
            raise UnknownBreakdown(dimension, sorted(kept.breakdowns))
        return kept.breakdowns[dimension]

    async def _breakdown(
        self, dimension: str, complete: bool, included: Sequence[SubmittedResponse] | None = None
    ) -> Breakdown:
        """The breakdown as counted, with each group's scores over `included` (read here when
        not given)."""
        split = await self.store.breakdown(
            dimension, complete=complete, min_group_size=self.min_group_size
        )
        if not self.questionnaire.scores:
            return split
        if included is None:
            included = await self._included(complete)
        per_group: dict[str, list[SubmittedResponse]] = {}
        for response in included:
            answer = response.answers.get(dimension)
            key = answer.value if answer is not None and isinstance(answer.value, str) else ""
            per_group.setdefault(key or NO_GROUP, []).append(response)
        sizes = {key: len(members) for key, members in per_group.items()}
        merged, _ = merge_small_groups(sizes, self.min_group_size)
        grouped: dict[str, list[SubmittedResponse]] = {}
        for key, members in per_group.items():
            if key in merged:
                grouped.setdefault(merged[key], []).extend(members)
        scored = {key: self._scored(members) for key, members in grouped.items()}
        points = self._score_points(list(scored.values()), complete)
        groups = tuple(
            replace(group, scores=self._scores(scored.get(group.key) or self._scored([]), points))
            for group in split.groups
        )
        return replace(split, groups=groups)

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
        self, language: str, now: datetime, by: str | None = None, *, owner: bool = False
    ) -> ReportInput:
        """The report's input: figures, the breakdown if asked, free texts if allowed."""
        if by is not None:
            self.check_breakdown(by)
        kept = await self.kept()
        if kept is not None:
            return self._kept_report(kept, language, now, by)
        complete = await self._scope(now, owner)
        included = await self._included(complete)  # read once, for the figures and the groups
        figures = shown_figures(await self._figures(complete, included), self.min_group_size)
        split = None
        if by is not None:
            split = shown_breakdown(
                await self._breakdown(by, complete, included), self.min_group_size
            )
        texts = None
        if self.show_free_text:
            texts = self._shown_texts(await self.store.free_texts(complete=complete), figures)
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
        figures = shown_figures(
            await self._figures(complete=True, included=responses), self.min_group_size
        )
        return ExportInput(self.questionnaire, responses, figures, self.min_group_size)
