"""Summary figures as compact text, for /stats and `survey-bot stats`."""

from __future__ import annotations

from bot.questionnaire import (
    FreeText,
    MultipleChoice,
    Number,
    Question,
    Questionnaire,
    Scale,
    SingleChoice,
    YesNo,
)
from storage.figures import NO_GROUP, OTHER_GROUPS, Breakdown, Figures, QuestionFigures

LABEL_WIDTH = 38


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}".rstrip("0").rstrip(".")


def _short(label: str) -> str:
    return label if len(label) <= LABEL_WIDTH else label[: LABEL_WIDTH - 1] + "…"


def option_label(questionnaire: Questionnaire, question: Question, key: str, language: str) -> str:
    """Return the label of a counted value: an option, yes/no, or a number."""
    if isinstance(question, SingleChoice | MultipleChoice):
        option = question.option(key)
        return questionnaire.text(option.label, language) if option else key
    if isinstance(question, YesNo):
        return {"yes": "oui/ja/yes", "no": "non/nee/no"}.get(key, key)
    return key


def question_lines(
    questionnaire: Questionnaire, question: Question, figures: QuestionFigures, language: str
) -> list[str]:
    """Return the lines for one question: counts and shares, or mean and median."""
    title = f"{question.id}: {_short(questionnaire.text(question.text, language))}"
    lines = [title]
    skipped = f", skipped {figures.skipped}" if figures.skipped else ""
    if isinstance(question, FreeText):
        lines.append(f"  {figures.answered} text answer(s){skipped}")
        return lines
    if isinstance(question, Scale | Number):
        lines.append(
            f"  n={figures.answered} mean {_number(figures.mean)} "
            f"median {_number(figures.median)}{skipped}"
        )
        if isinstance(question, Number):
            return lines
    else:
        lines.append(f"  n={figures.answered}{skipped}")
    for key, count in figures.counts.items():
        label = _short(option_label(questionnaire, question, key, language))
        lines.append(f"  {label}: {count} ({_percent(count, figures.answered)})")
    if figures.texts and isinstance(question, SingleChoice | MultipleChoice):
        lines.append(f"  'other' texts: {figures.texts}")
    return lines


def figures_text(questionnaire: Questionnaire, figures: Figures, language: str) -> str:
    """Return the whole summary: overview first, then each question."""
    overview = figures.overview
    rate = overview.completion_rate
    lines = [
        questionnaire.text(questionnaire.title, language),
        f"Started {overview.started} · in progress {overview.in_progress} · "
        f"submitted {overview.submitted}",
        f"Completion rate {'-' if rate is None else f'{100 * rate:.0f}%'} · "
        f"median time {_number(overview.median_minutes)} min",
    ]
    if overview.per_day:
        lines.append("Per day: " + ", ".join(f"{day} {n}" for day, n in overview.per_day))
    if figures.complete:
        lines.append(f"Figures over all {figures.included} submitted responses.")
    else:
        lines.append(
            f"Figures over {figures.included} responses, released in groups so that no "
            "single answer can be singled out."
        )
    for question, question_figures in zip(questionnaire.questions, figures.questions, strict=True):
        lines.append("")
        lines += question_lines(questionnaire, question, question_figures, language)
    return "\n".join(lines)


def breakdown_text(questionnaire: Questionnaire, breakdown: Breakdown, language: str) -> str:
    """Return every question per group of the breakdown question."""
    dimension = questionnaire.question(breakdown.dimension)
    lines = [f"Breakdown by {dimension.id}: {questionnaire.text(dimension.text, language)}"]
    if breakdown.hidden:
        lines.append(
            f"{breakdown.hidden} response(s) in groups under {breakdown.min_group_size} "
            "are not shown."
        )
    if not breakdown.groups:
        lines.append(f"No group has {breakdown.min_group_size} responses yet.")
    for group in breakdown.groups:
        if group.key == OTHER_GROUPS:
            name = "other groups (merged)"
        elif group.key == NO_GROUP:
            name = "no answer"
        else:
            name = option_label(questionnaire, dimension, group.key, language)
        lines += ["", f"== {name} ({group.respondents}) =="]
        for question, figures in zip(questionnaire.questions, group.questions, strict=True):
            if question.id != dimension.id:
                lines += question_lines(questionnaire, question, figures, language)
    return "\n".join(lines)
