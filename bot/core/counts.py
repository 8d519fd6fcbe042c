"""The counts a results store gives: answers counted per group, question, release and value.

Raw material of the figures, never shown as they are: `bot.core.release` applies the release
points, the merging of small groups and the hiding of small figures to them. They hold no
privacy rule, so that two sets of counts (two waves of a survey) go through the same step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

Release = int | None
"""The number of the release a submitted response was shown in; None: not released yet."""

ValueRow = tuple[str, str, Release, str, float | None, bool, int]
"""(group, question, release, item, number, has_text, respondents): how many respondents of a
group and release stored this cell for this question (a skipped question: item '', no number,
no text). A question with several values per answer has several cells per respondent."""

Texts = Mapping[tuple[str, Release], Sequence[str]]
"""The typed texts (free texts and 'other' details) per (question, release), each list sorted
alphabetically: nothing in them says who wrote them or when."""


@dataclass(frozen=True)
class Counts:
    """Submitted responses counted per group and release, every one of them (released or not).

    The group is the answer to the breakdown question (`bot.core.figures.NO_GROUP` for none, and
    for every response when the counts are not broken down).
    """

    respondents: Mapping[tuple[str, Release], int]
    """Responses per (group, release)."""
    values: Sequence[ValueRow]
    answered: Mapping[tuple[str, str, Release], int] = field(default_factory=dict)
    """Respondents who answered, per (group, question, release), for the questions with
    several values per answer only (for the others it is their rows less the skipped)."""
    scores: Mapping[tuple[str, str, Release, float | None], int] = field(default_factory=dict)
    """Responses per (group, score, release, value); value None: too few items answered."""
