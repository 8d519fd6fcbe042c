"""Summary figures as text for a phone, for /stats and `survey-bot stats`.

The overview (`figures_text`) gives the counts of the survey, then each question by its number
and full text with a one-line summary; `question_text` gives one question's every count.
Nothing shows a question's internal id, and no label is cut: Telegram wraps lines at word
boundaries on any screen width.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import assert_never

from bot import i18n
from bot.core.figures import (
    NO_GROUP,
    OTHER_GROUPS,
    Breakdown,
    Figures,
    Hidden,
    Overview,
    QuestionFigures,
    ScoreFigures,
)
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.core.questions.base import FigureKind
from bot.core.scores import Score
from bot.i18n import text
from bot.rendering.words import say

INDENT = "   "


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
    """ "mean …, median …", or "median …" alone (dates); None for a question with neither."""
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


def question_title(
    questionnaire: Questionnaire, number: int, question: Question, language: str
) -> str:
    """A question as the admin knows it: its number and its whole text."""
    return f"{number}. {questionnaire.text(question.text, language)}"


def _facts(
    questionnaire: Questionnaire, question: Question, figures: QuestionFigures, language: str
) -> list[str]:
    """How many answered and skipped, then the mean, median or span of the answers: the
    sentence's pieces, the first of them who answered."""
    if question.figure_kind is FigureKind.TEXTS:
        who = text(language, "stats_texts", count=figures.answered)
    else:
        who = text(language, "stats_answered", count=figures.answered)
    if figures.skipped:
        who += ", " + text(language, "stats_skipped", count=figures.skipped)
    parts = [who]
    averages = averages_text(questionnaire, question, figures.mean, figures.median, language)
    if averages is not None:
        parts.append(averages)
    if question.figure_kind is FigureKind.DATES and figures.counts:
        months = list(figures.counts)
        first, last = (
            option_label(questionnaire, question, m, language) for m in (months[0], months[-1])
        )
        parts.append(text(language, "stats_dates", first=first, last=last))
    return parts


def facts_text(
    questionnaire: Questionnaire, question: Question, figures: QuestionFigures, language: str
) -> str:
    """Who answered and skipped; then the mean and median, or the span of the days:
    "6 people answered, 4 skipped the question; mean 21, median 23"."""
    return sentence(_facts(questionnaire, question, figures, language), language)


def sentence(parts: Sequence[str], language: str) -> str:
    """Pieces of a figure's description in a phrase: the first, then the others after ";"."""
    if len(parts) < 2:
        return parts[0]
    return text(language, "stats_facts", who=parts[0], rest=", ".join(parts[1:]))


def several_note(question: Question, figures: QuestionFigures, language: str) -> str | None:
    """That several answers were possible, when the shares add up to more than 100 %."""
    if question.several_values and sum(figures.counts.values()) > figures.answered:
        return text(language, "stats_several")
    return None


def _counted(question: Question) -> bool:
    """Whether the question's summary names its most frequent answers."""
    match question.figure_kind:
        case FigureKind.CHOICES:
            return True
        case FigureKind.RATING | FigureKind.QUANTITY | FigureKind.DATES | FigureKind.TEXTS:
            return False
        case unknown:
            assert_never(unknown)


def hidden_text(figures: Hidden, language: str) -> str:
    """What stands in for a figure that too few people answered: "fewer than 5 answered"."""
    return text(language, "stats_too_few", group=figures.below)


def summary_line(
    questionnaire: Questionnaire,
    question: Question,
    figures: QuestionFigures | Hidden,
    language: str,
) -> str:
    """One question in a line: how many answered, then every answer given, the most frequent
    first (as many as its chart shows), or its mean."""
    if isinstance(figures, Hidden):
        return hidden_text(figures, language)
    parts = _facts(questionnaire, question, figures, language)
    if _counted(question) and figures.answered:
        formats = i18n.get(language)
        ranked = sorted((item for item in figures.counts.items() if item[1]), key=lambda i: -i[1])
        parts += [
            f"{option_label(questionnaire, question, key, language)} "
            f"{formats.percent(count, figures.answered)}"
            for key, count in ranked
        ]
        note = several_note(question, figures, language)
        if note is not None:
            return f"{sentence(parts, language)} ({note})"
    return sentence(parts, language)


def question_lines(
    questionnaire: Questionnaire,
    question: Question,
    figures: QuestionFigures | Hidden,
    language: str,
) -> list[str]:
    """Every count of one question with its share (after its title, which the caller writes)."""
    if isinstance(figures, Hidden):
        return [hidden_text(figures, language)]
    formats = i18n.get(language)
    lines = [facts_text(questionnaire, question, figures, language)]
    match question.figure_kind:
        case FigureKind.QUANTITY | FigureKind.DATES | FigureKind.TEXTS:
            return lines
        case FigureKind.CHOICES | FigureKind.RATING:
            pass
        case unknown:
            assert_never(unknown)
    note = several_note(question, figures, language)
    if note is not None:
        lines.append(note)
    for key, count in figures.counts.items():
        label = option_label(questionnaire, question, key, language)
        share = formats.percent(count, figures.answered)
        lines.append(f"{label}{text(language, 'colon')}{count} ({share})")
    if figures.texts and question.other_option() is not None:
        lines.append(text(language, "stats_other_texts", count=figures.texts))
    return lines


def score_summary(figures: ScoreFigures | Hidden, language: str) -> str:
    """A score in a line: "12 responses scored, 2 without a score; mean …, median …", or
    that too few people were scored for it to be shown."""
    if isinstance(figures, Hidden):
        return hidden_text(figures, language)
    formats = i18n.get(language)
    who = text(language, "stats_scored", count=figures.scored)
    if figures.unscored:
        who += ", " + text(language, "stats_unscored", count=figures.unscored)
    mean = text(
        language,
        "stats_mean",
        mean=formats.number(figures.mean),
        median=formats.number(figures.median),
    )
    return sentence((who, mean), language)


def band_lines(
    questionnaire: Questionnaire, score: Score, figures: ScoreFigures, language: str
) -> list[str]:
    """How many responses fall in each of the score's bands, with their share."""
    formats = i18n.get(language)
    return [
        text(
            language,
            "stats_band",
            max=formats.number(band.max),
            label=questionnaire.text(band.label, language),
        )
        + f": {count} ({formats.percent(count, figures.scored)})"
        for band, count in zip(score.bands, figures.bands, strict=True)
    ]


def score_lines(
    questionnaire: Questionnaire, score: Score, figures: ScoreFigures | Hidden, language: str
) -> list[str]:
    """Return the lines for one score: its label, how many were scored, mean, median, bands."""
    lines = [questionnaire.text(score.label, language), INDENT + score_summary(figures, language)]
    if isinstance(figures, ScoreFigures):
        lines += [INDENT + line for line in band_lines(questionnaire, score, figures, language)]
    return lines


def _scores_lines(
    questionnaire: Questionnaire, scores: Sequence[ScoreFigures | Hidden], language: str
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
    """Which responses the figures rest on, and why: all those submitted; or, while the survey
    is open, those released in batches of `min_group_size` out of all submitted, and at how
    many submitted responses the next figures come."""
    if figures.complete:
        return text(language, "stats_complete", count=figures.included)
    batched = text(
        language,
        "stats_batched",
        submitted=figures.overview.submitted,
        count=figures.included,
        group=min_group_size,
    )
    following = text(language, "stats_next", next=figures.included + max(min_group_size, 1))
    return f"{batched} {following}"


def _counts_lines(overview: Overview, language: str) -> list[str]:
    """Started, in progress, submitted; completion and median time; responses per day."""
    formats = i18n.get(language)
    lines = [
        overview_line(overview, language),
        text(
            language,
            "stats_rate",
            rate=formats.percent(overview.completion_rate),
            minutes=formats.number(overview.median_minutes),
        ),
    ]
    if overview.per_day:
        days = ", ".join(f"{formats.short_day(_day(day))} {n}" for day, n in overview.per_day)
        lines.append(text(language, "stats_per_day", days=days))
    return lines


def _day(value: str) -> date:
    return date.fromisoformat(value)


def figures_text(
    questionnaire: Questionnaire, figures: Figures, language: str, min_group_size: int
) -> str:
    """Return the /stats overview: the counts, then each question in a line or two.

    Before anyone has started, it is one line.
    """
    overview = figures.overview
    if not overview.started:
        return text(language, "stats_nothing_yet")
    lines = [
        questionnaire.text(questionnaire.title, language),
        *_counts_lines(overview, language),
        scope_line(figures, language, min_group_size),
    ]
    if not figures.included:
        return "\n".join(lines)
    pairs = zip(questionnaire.questions, figures.questions, strict=True)
    for number, (question, question_figures) in enumerate(pairs, start=1):
        lines.append("")
        lines.append(question_title(questionnaire, number, question, language))
        lines.append(INDENT + summary_line(questionnaire, question, question_figures, language))
    lines += _scores_lines(questionnaire, figures.scores, language)
    lines += ["", *detail_hints(questionnaire, language)]
    return "\n".join(lines)


def detail_hints(questionnaire: Questionnaire, language: str) -> list[str]:
    """How to ask for one question's detail, and for a breakdown."""
    questions = questionnaire.questions
    counted = [
        n for n, q in enumerate(questions, start=1) if q.figure_kind is not FigureKind.TEXTS
    ]
    hints = [text(language, "stats_hint_detail", example=(counted or [1])[-1])]
    by = [str(n) for n, q in enumerate(questions, start=1) if q.breakdown]
    if by:
        hints.append(text(language, "stats_hint_breakdown", numbers=", ".join(by), example=by[0]))
    return hints


def question_text(
    questionnaire: Questionnaire, question: Question, figures: Figures, language: str
) -> str:
    """One question in detail: its title, then every count with its share."""
    number = questionnaire.questions.index(question) + 1
    index = number - 1
    lines = [question_title(questionnaire, number, question, language)]
    lines += question_lines(questionnaire, question, figures.questions[index], language)
    return "\n".join(lines)


def group_title(questionnaire: Questionnaire, dimension: Question, key: str, language: str) -> str:
    """The name of a breakdown group: an option's label, 'no answer' or 'other groups'."""
    if key == OTHER_GROUPS:
        return text(language, "stats_group_other")
    if key == NO_GROUP:
        return text(language, "stats_group_none")
    return option_label(questionnaire, dimension, key, language)


def breakdown_text(questionnaire: Questionnaire, breakdown: Breakdown, language: str) -> str:
    """Return every other question per group of the breakdown question, a line or two each."""
    dimension = questionnaire.question(breakdown.dimension)
    number = questionnaire.questions.index(dimension) + 1
    title = question_title(questionnaire, number, dimension, language)
    lines = [text(language, "stats_breakdown", question=title)]
    group_size = breakdown.min_group_size
    if breakdown.hidden:
        lines.append(text(language, "stats_hidden", count=breakdown.hidden, group=group_size))
    if not breakdown.groups:
        lines.append(text(language, "stats_no_group_yet", group=group_size))
    for group in breakdown.groups:
        name = group_title(questionnaire, dimension, group.key, language)
        lines += ["", f"== {name} ({group.respondents}) =="]
        pairs = zip(questionnaire.questions, group.questions, strict=True)
        for n, (question, figures) in enumerate(pairs, start=1):
            if question.id != dimension.id:
                lines.append(question_title(questionnaire, n, question, language))
                lines.append(INDENT + summary_line(questionnaire, question, figures, language))
        lines += _scores_lines(questionnaire, group.scores, language)
    return "\n".join(lines)
