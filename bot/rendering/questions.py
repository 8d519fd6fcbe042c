"""Plain-text rendering of questions, answers and the recap, shared by every front end."""

from __future__ import annotations

from bot.core.answers import Answer, Invalid
from bot.core.engine import Ask, AskOther, Review
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.core.questions.base import Listed
from bot.i18n import text
from bot.rendering.shorten import shorten
from bot.rendering.words import say


def invalid_text(invalid: Invalid, language: str) -> str:
    """Return why an input was refused, in the session's language."""
    return text(language, f"error_{invalid.code}", **invalid.params)


def progress_line(step: Ask | AskOther, language: str) -> str:
    """Return "Question k/n" in the session's language."""
    return text(language, "progress", position=step.position, total=step.total)


def question_text(
    questionnaire: Questionnaire, step: Ask, language: str, *, numbered: bool = False
) -> str:
    """Return the text of a question: progress, wording, help, and how to answer."""
    question = step.question
    lines = [progress_line(step, language), "", questionnaire.text(question.text, language)]
    if question.help is not None:
        lines.append(questionnaire.text(question.help, language))
    hint = question.hint()
    if hint is not None:
        lines.append(say(questionnaire, hint, language))
    listing = question.listing(step.seed) if numbered else ()
    if listing:
        lines.append("")
        lines += [listed_line(questionnaire, entry, language) for entry in listing]
    if step.current is not None and not step.current.skipped:
        lines += ["", "→ " + answer_text(questionnaire, question, step.current, language)]
    return "\n".join(lines)


def listed_line(questionnaire: Questionnaire, entry: Listed, language: str) -> str:
    """One line of the listing under a question: "2. label", or "- label" when the label is
    itself what to type."""
    label = questionnaire.text(entry.label, language)
    if entry.key is None or entry.key == label:
        return f"- {label}"
    return f"{entry.key}. {label}"


def other_text(questionnaire: Questionnaire, step: AskOther, language: str) -> str:
    """Return the prompt asking to specify an "other" option."""
    option = questionnaire.text(step.option.label, language)
    return f"{progress_line(step, language)}\n\n{text(language, 'ask_other', option=option)}"


def answer_text(
    questionnaire: Questionnaire,
    question: Question,
    answer: Answer,
    language: str,
    limit: int | None = None,
) -> str:
    """Return an answer as the respondent would say it (cut to `limit` characters)."""
    said = _answer_text(questionnaire, question, answer, language)
    return said if limit is None else shorten(said, limit)


def _answer_text(
    questionnaire: Questionnaire, question: Question, answer: Answer, language: str
) -> str:
    if answer.value is None:
        return text(language, "skipped")
    return say(questionnaire, question.answer_words(answer), language)


def review_text(
    questionnaire: Questionnaire, step: Review, language: str, answer_limit: int | None = None
) -> str:
    """Return the recap shown before submitting (long answers cut to `answer_limit`)."""
    lines = [text(language, "review"), ""]
    for question, answer in step.answers:
        said = answer_text(questionnaire, question, answer, language, answer_limit)
        lines.append(f"• {questionnaire.text(question.text, language)}")
        lines.append(f"  → {said}")
    lines += ["", text(language, "review_hint")]
    return "\n".join(lines)
