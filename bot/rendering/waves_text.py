"""Two waves side by side as text, for /stats, `survey-bot stats` and the report.

Each compared question gives its figures in the earlier wave, then in this one, then the
change: "Often: 60 % → 30 % (-30 points)", "mean 12 → 14 (+2)". A question hidden in either
wave shows each wave's own line and no change; one that differs, or that one wave lacks, says
so in a line.
"""

from __future__ import annotations

from typing import assert_never

from bot import i18n
from bot.core.figures import Hidden, QuestionFigures
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.core.questions.base import FigureKind
from bot.core.waves import Difference, Match, QuestionWaves, WaveFigures
from bot.i18n import text
from bot.rendering.figures_text import (
    INDENT,
    option_label,
    question_title,
    statistic_text,
    summary_line,
)

DIFFERENCE_KEYS = {
    Difference.TYPE: "waves_differs_type",
    Difference.OPTIONS: "waves_differs_options",
    Difference.SCALE: "waves_differs_scale",
    Difference.DATES: "waves_differs_dates",
    Difference.TEXTS: "waves_differs_texts",
}


def withheld_text(language: str) -> str:
    """The one line for an admin who may not see the earlier wave."""
    return text(language, "waves_withheld")


def waves_heading(earlier: Questionnaire, waves: WaveFigures, language: str) -> list[str]:
    """Which survey this one is compared with, how many responses each wave's figures cover,
    and how to read the lines."""
    return [
        text(
            language,
            "waves_heading",
            title=earlier.text(earlier.title, language),
            id=earlier.id,
        ),
        text(
            language,
            "waves_responses",
            earlier=waves.earlier_included,
            later=waves.later_included,
        ),
        text(language, "waves_legend"),
    ]


def waves_text(
    later: Questionnaire, earlier: Questionnaire, waves: WaveFigures, language: str
) -> str:
    """Every question of both waves: the shared ones side by side, the others named."""
    return "\n".join(waves_lines(later, earlier, waves, language))


def waves_lines(
    later: Questionnaire, earlier: Questionnaire, waves: WaveFigures, language: str
) -> list[str]:
    """`waves_text`, line by line."""
    lines = waves_heading(earlier, waves, language)
    gone: list[str] = []
    for row in waves.questions:
        if row.match is Match.GONE:
            number = earlier.questions.index(earlier.question(row.question_id)) + 1
            title = question_title(earlier, number, earlier.question(row.question_id), language)
            gone += [title, INDENT + text(language, "waves_gone")]
            continue
        question = later.question(row.question_id)
        number = later.questions.index(question) + 1
        lines += ["", question_title(later, number, question, language)]
        lines += [INDENT + line for line in row_lines(later, earlier, row, language)]
    if gone:
        lines += ["", text(language, "waves_gone_heading"), *gone]
    return lines


def row_lines(
    later: Questionnaire, earlier: Questionnaire, row: QuestionWaves, language: str
) -> list[str]:
    """One question in the two waves (after its title, which the caller writes)."""
    match row.match:
        case Match.NEW:
            return [text(language, "waves_new")]
        case Match.GONE:
            return [text(language, "waves_gone")]
        case Match.DIFFERS:
            assert row.difference is not None
            return [text(language, DIFFERENCE_KEYS[row.difference])]
        case Match.COMPARED:
            pass
        case unknown:
            assert_never(unknown)
    question = later.question(row.question_id)
    before, after = row.earlier, row.later
    if row.change is None or not isinstance(before, QuestionFigures):
        return _apart(later, earlier, row, language)
    assert isinstance(after, QuestionFigures)
    formats = i18n.get(language)
    facts = [text(language, "waves_answered", earlier=before.answered, later=after.answered)]
    for key, value in (("waves_mean", row.change.mean), ("waves_median", row.change.median)):
        if value is not None:
            was = before.mean if key == "waves_mean" else before.median
            now = after.mean if key == "waves_mean" else after.median
            facts.append(
                text(
                    language,
                    key,
                    earlier=statistic_text(later, question, was, language),
                    later=statistic_text(later, question, now, language),
                    change=formats.change(value),
                )
            )
    lines = [" · ".join(facts)]
    if question.figure_kind is FigureKind.CHOICES:
        for key, points in row.change.points.items():
            lines.append(
                text(
                    language,
                    "waves_share",
                    label=option_label(later, question, key, language),
                    earlier=formats.percent(before.counts.get(key, 0), before.answered),
                    later=formats.percent(after.counts.get(key, 0), after.answered),
                    change=formats.change(points),
                )
            )
    return lines


def _apart(
    later: Questionnaire, earlier: Questionnaire, row: QuestionWaves, language: str
) -> list[str]:
    """Each wave's own line, and no change: one of them is hidden."""
    assert row.earlier is not None and row.later is not None
    return [
        text(
            language,
            "waves_earlier",
            figures=_summary(earlier, earlier.question(row.question_id), row.earlier, language),
        ),
        text(
            language,
            "waves_later",
            figures=_summary(later, later.question(row.question_id), row.later, language),
        ),
        text(language, "waves_no_change"),
    ]


def _summary(
    questionnaire: Questionnaire,
    question: Question,
    figures: QuestionFigures | Hidden,
    language: str,
) -> str:
    return summary_line(questionnaire, question, figures, language)
