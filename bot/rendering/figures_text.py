"""Summary figures as compact text, for /stats and `survey-bot stats`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import assert_never

from bot import i18n
from bot.core.figures import (
    NO_GROUP,
    OTHER_GROUPS,
    Breakdown,
    Figures,
    Overview,
    QuestionFigures,
    ScoreFigures,
)
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.core.questions.base import FigureKind
from bot.core.scores import Score
from bot.i18n import text
from bot.rendering.shorten import shorten
from bot.rendering.words import say

LABEL_WIDTH = 38


def _short(label: str) -> str:
    return shorten(label, LABEL_WIDTH)


def option_label(questionnaire: Questionnaire, question: Question, key: str, language: str) -> str:
    """Return the label of a counted value: an option, yes/no, or a number."""
    return say(questionnaire, question.value_words(key), language)


def statistic_text(
    questionnaire: Questionnaire, question: Question, value: float | None, language: str
) -> str:
    """A mean or median as the question shows it (a number, a day); "-" when there is none."""
    if value is None:
        return "-"
    return say(questionnaire, (question.statistic(value),), language)


def averages_text(
    questionnaire: Questionnaire,
    question: Question,
    mean: float | None,
    median: float | None,
    language: str,
) -> str | None:
    """ "mean … · median …", or "median …" alone (dates); None for a question with neither."""
    if question.has_mean:
        return text(
            language,
            "stats_mean",
            mean=statistic_text(questionnaire, question, mean, language),
            median=statistic_text(questionnaire, question, median, language),
        )
    if question.has_median:
        return text(
            language,
            "stats_median",
            median=statistic_text(questionnaire, question, median, language),
        )
    return None


def question_lines(
    questionnaire: Questionnaire, question: Question, figures: QuestionFigures, language: str
) -> list[str]:
    """Return the lines for one question: counts and shares, or mean and median."""
    formats = i18n.get(language)
    title = f"{question.id}: {_short(questionnaire.text(question.text, language))}"
    lines = [title]
    skipped = (
        ", " + text(language, "stats_skipped", count=figures.skipped) if figures.skipped else ""
    )
    kind = question.figure_kind
    if kind is FigureKind.TEXTS:
        lines.append("  " + text(language, "stats_texts", count=figures.answered) + skipped)
        return lines
    averages = averages_text(questionnaire, question, figures.mean, figures.median, language)
    if averages is not None:
        lines.append(f"  n={figures.answered} · {averages}{skipped}")
    else:
        lines.append(f"  n={figures.answered}{skipped}")
    match kind:
        case FigureKind.QUANTITY:
            return lines
        case FigureKind.DATES:
            months = list(figures.counts)
            if months:
                first, last = (
                    option_label(questionnaire, question, m, language)
                    for m in (months[0], months[-1])
                )
                lines.append("  " + text(language, "stats_dates", first=first, last=last))
            return lines
        case FigureKind.CHOICES | FigureKind.RATING:
            pass
        case unknown:
            assert_never(unknown)
    for key, count in figures.counts.items():
        label = _short(option_label(questionnaire, question, key, language))
        lines.append(f"  {label}: {count} ({formats.percent(count, figures.answered)})")
    if figures.texts and question.other_option() is not None:
        lines.append("  " + text(language, "stats_other_texts", count=figures.texts))
    return lines


def score_lines(
    questionnaire: Questionnaire, score: Score, figures: ScoreFigures, language: str
) -> list[str]:
    """Return the lines for one score: how many were scored, mean, median and bands."""
    formats = i18n.get(language)
    mean = text(
        language,
        "stats_mean",
        mean=formats.number(figures.mean),
        median=formats.number(figures.median),
    )
    unscored = (
        ", " + text(language, "stats_unscored", count=figures.unscored) if figures.unscored else ""
    )
    lines = [
        f"{score.id}: {_short(questionnaire.text(score.label, language))}",
        f"  n={figures.scored} · {mean}{unscored}",
    ]
    for band, count in zip(score.bands, figures.bands, strict=True):
        label = text(
            language,
            "stats_band",
            max=formats.number(band.max),
            label=questionnaire.text(band.label, language),
        )
        lines.append(f"  {_short(label)}: {count} ({formats.percent(count, figures.scored)})")
    return lines


def _scores_lines(
    questionnaire: Questionnaire, scores: Sequence[ScoreFigures], language: str
) -> list[str]:
    lines: list[str] = []
    for score, figures in zip(questionnaire.scores, scores, strict=True):
        lines.append("")
        lines += score_lines(questionnaire, score, figures, language)
    return lines


def overview_line(overview: Overview, language: str) -> str:
    """How many started, are in progress and submitted."""
    return text(
        language,
        "stats_overview",
        started=overview.started,
        in_progress=overview.in_progress,
        submitted=overview.submitted,
    )


def scope_line(figures: Figures, language: str, min_group_size: int) -> str:
    """Which responses the figures cover: all submitted, or those released in batches."""
    if figures.complete:
        return text(language, "stats_complete", count=figures.included)
    return text(language, "stats_batched", count=figures.included, group=min_group_size)


def figures_text(
    questionnaire: Questionnaire, figures: Figures, language: str, min_group_size: int
) -> str:
    """Return the whole summary: overview first, then each question."""
    overview = figures.overview
    rate = overview.completion_rate
    lines = [
        questionnaire.text(questionnaire.title, language),
        overview_line(overview, language),
        text(
            language,
            "stats_rate",
            rate=i18n.get(language).percent(rate),
            minutes=i18n.get(language).number(overview.median_minutes),
        ),
    ]
    if overview.per_day:
        days = ", ".join(f"{day} {n}" for day, n in overview.per_day)
        lines.append(text(language, "stats_per_day", days=days))
    lines.append(scope_line(figures, language, min_group_size))
    for question, question_figures in zip(questionnaire.questions, figures.questions, strict=True):
        lines.append("")
        lines += question_lines(questionnaire, question, question_figures, language)
    lines += _scores_lines(questionnaire, figures.scores, language)
    return "\n".join(lines)


def breakdown_text(questionnaire: Questionnaire, breakdown: Breakdown, language: str) -> str:
    """Return every question per group of the breakdown question."""
    dimension = questionnaire.question(breakdown.dimension)
    title = f"{dimension.id}: {questionnaire.text(dimension.text, language)}"
    lines = [text(language, "stats_breakdown", question=title)]
    group_size = breakdown.min_group_size
    if breakdown.hidden:
        lines.append(text(language, "stats_hidden", count=breakdown.hidden, group=group_size))
    if not breakdown.groups:
        lines.append(text(language, "stats_no_group_yet", group=group_size))
    for group in breakdown.groups:
        if group.key == OTHER_GROUPS:
            name = text(language, "stats_group_other")
        elif group.key == NO_GROUP:
            name = text(language, "stats_group_none")
        else:
            name = option_label(questionnaire, dimension, group.key, language)
        lines += ["", f"== {name} ({group.respondents}) =="]
        for question, figures in zip(questionnaire.questions, group.questions, strict=True):
            if question.id != dimension.id:
                lines += question_lines(questionnaire, question, figures, language)
        lines += _scores_lines(questionnaire, group.scores, language)
    return "\n".join(lines)
