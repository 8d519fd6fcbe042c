"""Answers and sessions: what a person gave, and what results see of it."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from bot.core.wording import LocalText

AnswerValue = str | int | float | bool | date | tuple[str, ...] | None
"""An option id, a whole or decimal number, yes/no, a day, several option ids, or None for a
skipped question."""


@dataclass(frozen=True)
class Answer:
    """The typed answer to one question."""

    value: AnswerValue
    other: str | None = None
    """The text given with an "other, please specify" option."""

    @property
    def skipped(self) -> bool:
        """Whether the question was skipped."""
        return self.value is None


@dataclass(frozen=True)
class SubmittedResponse:
    """A final response as results see it: no token, no time beyond the day."""

    language: str
    submitted_day: str
    duration_minutes: int | None
    answers: Mapping[str, Answer]
    batch: int | None = None
    """The release that let it into the figures while the survey is open; None: waiting."""


@dataclass(frozen=True)
class SessionState:
    """Everything the engine needs to know about one session."""

    language: str
    answers: Mapping[str, Answer] = field(default_factory=dict)
    cursor: str | None = None
    """A question re-opened with *back*; None means "the first one still to answer"."""
    seed: str = field(default="", repr=False)
    """What this session's random orders of options derive from (the service gives the
    session's token): the same for the whole session, even after a restart, and never stored."""
    handle: str = field(default="", repr=False)
    """The short name a front end's buttons carry to find the session again after a restart."""
    reached: int = 0
    """The highest progress shown in this session, in percent: what is shown next is never
    less. Kept in memory with the session, never stored (a restart starts from the answers)."""


class Problem(enum.StrEnum):
    """Why an input is not a valid answer; front ends say it as the message `error_<code>`."""

    EMPTY = "empty"
    TOO_LONG = "too_long"  # limit
    REQUIRED = "required"
    YES_NO = "yes_no"
    TYPE_ANSWER = "type_answer"
    CHOOSE_OPTION = "choose_option"
    SCALE = "scale"  # low, high
    PICK_EXACTLY = "pick_exactly"  # count
    PICK_BETWEEN = "pick_between"  # low, high
    NUMBER = "number"
    NUMBER_BETWEEN = "number_between"  # low, high
    NUMBER_MIN = "number_min"  # low
    NUMBER_MAX = "number_max"  # high


InvalidParam = int | float | date | str
"""A value quoted in a refusal: a count or bound, a decimal bound, a day (front ends write the
last two in the reader's locale), or an option's label already in the session's language."""


@dataclass(frozen=True)
class Invalid:
    """The input is not a valid answer: `code` says why, `params` give the values to quote.

    The codes shared by several question types are `Problem`s; a question type with refusals
    of its own defines them as a `StrEnum` in its module. Front ends say a code as the
    translation `error_<code>`, unless the survey itself explains the refusal in `message`.
    """

    code: str
    params: Mapping[str, InvalidParam] = field(default_factory=dict)
    message: LocalText | None = None
    """The survey's own words for this refusal (e.g. what a text's pattern asks for): a survey
    text, never a sentence of the bot's; shown instead of `error_<code>`."""
