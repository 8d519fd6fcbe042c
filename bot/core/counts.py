"""What a results store gives, in two reads: what each release brought, then the counts.

Raw material of the figures, never shown as they are. A store reads the `Arrivals` first: how
many answers each release brought to each question and score, per group. The core's release
step (`bot.core.release.points`) turns them into `Points`, the last release each figure may
include; the store then counts the values up to those points (`Counts`), and the release step
merges small groups and hides small figures. The store holds no privacy rule: it only receives
a release number per figure, so that two sets of counts (two waves of a survey) go through the
same step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

Release = int | None
"""The number of the release a submitted response was shown in; None: not released yet."""

ValueRow = tuple[str, str, str, float | None, bool, int]
"""(group, question, item, number, has_text, respondents): how many respondents of a group
stored this cell for this question (a skipped question: item '', no number, no text). A
question with several values per answer has several cells per respondent."""

Texts = Mapping[tuple[str, Release], Sequence[str]]
"""The typed texts (free texts and 'other' details) per (question, release), each list sorted
alphabetically: nothing in them says who wrote them or when."""


@dataclass(frozen=True)
class Arrivals:
    """What each release brought, per group: released responses only.

    The group is the answer to the breakdown question (`bot.core.figures.NO_GROUP` for none, and
    for every response when the counts are not broken down).
    """

    respondents: Mapping[tuple[str, int], int]
    """Responses per (group, release)."""
    answered: Mapping[tuple[str, str, int], int]
    """Respondents who answered (did not skip) per (group, question, release)."""
    scored: Mapping[tuple[str, str, int], int] = field(default_factory=dict)
    """Responses with enough items answered for the score, per (group, score, release)."""


@dataclass(frozen=True)
class Points:
    """Which releases the counts include: each figure's release point, from `Arrivals`."""

    last: int
    """The last release the arrivals knew (0: none): the responses counted are those released
    up to it, so that a release made between the two reads changes nothing."""
    questions: Mapping[str, int]
    """Per question id, the last release its values include."""
    scores: Mapping[str, int] = field(default_factory=dict)
    """Per score id, the last release its values include."""


@dataclass(frozen=True)
class Counts:
    """Submitted responses counted per group: every one of them, or those released up to
    `Points` (each question and score up to its own point).

    The group is the answer to the breakdown question, as in `Arrivals`.
    """

    respondents: Mapping[str, int]
    """Responses per group."""
    values: Sequence[ValueRow]
    answered: Mapping[tuple[str, str], int] = field(default_factory=dict)
    """Respondents who answered, per (group, question), for the questions with several values
    per answer only (for the others it is their rows less the skipped)."""
    scores: Mapping[tuple[str, str, float | None], int] = field(default_factory=dict)
    """Responses per (group, score, value); value None: too few items answered."""
