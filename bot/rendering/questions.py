"""Plain-text rendering of questions, answers and the recap, shared by every front end."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from bot import i18n
from bot.core.answers import Answer, Invalid
from bot.core.conditions import holds
from bot.core.engine import Ask, AskOther, Review
from bot.core.piping import PIPE
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.core.questions.base import Listed
from bot.core.questions.choice import ChoiceQuestion
from bot.core.wording import LocalText
from bot.i18n import text
from bot.rendering.shorten import shorten
from bot.rendering.words import piece_text, say

NO_ANSWERS: Mapping[str, Answer] = {}
DEADLINE = "{deadline}"
"""In the survey's thanks text, the deadline in force (the config's, the file's or /open's)."""
PROGRESS_FULL, PROGRESS_EMPTY = "▰", "▱"
"""The cells of the progress bar, ten in all."""
_SENTENCE_END = re.compile(r"(?<=[.!?…])(\s+)")
_SPECIFY = re.compile(r"\s*[,(:]")


def invalid_text(invalid: Invalid, language: str, questionnaire: Questionnaire) -> str:
    """Return why an input was refused, in the session's language: the survey's own words
    when it gives some (`Invalid.message`), else the bot's sentence for the code."""
    if invalid.message is not None:
        return questionnaire.text(invalid.message, language)
    return text(language, f"error_{invalid.code}", **invalid.params)


def progress_line(
    step: Ask | AskOther, language: str, questionnaire: Questionnaire | None = None
) -> str:
    """Return "Question k · ▰▰▰▱▱▱▱▱▱▱ 30 %" in the session's language (the question's number
    in its section when there are sections). No total: it would change as answers open and
    close questions; the bar and the percentage never go back (`Ask.progress`)."""
    if isinstance(step, Ask) and step.in_section is not None and questionnaire is not None:
        section = questionnaire.section(str(step.question.section))
        title = questionnaire.text(section.title, language)
        bar, percent = _bar(language, step.progress)
        position = step.in_section[0]
        return text(
            language,
            "progress_section",
            section=title,
            position=position,
            bar=bar,
            percent=percent,
        )
    return _progress_text(language, step.position, step.progress)


@functools.lru_cache(maxsize=4096)
def _progress_text(language: str, position: int, progress: int) -> str:
    """The progress line of a question outside sections: numbers only, so kept once made."""
    bar, percent = _bar(language, progress)
    return text(language, "progress", position=position, bar=bar, percent=percent)


def _bar(language: str, progress: int) -> tuple[str, str]:
    """A bar of ten cells and the percentage, for `progress` percent."""
    full = progress // 10
    return PROGRESS_FULL * full + PROGRESS_EMPTY * (10 - full), i18n.get(language).percent(
        progress, 100
    )


def local(
    questionnaire: Questionnaire,
    value: LocalText,
    language: str,
    answers: Mapping[str, Answer],
) -> str:
    """A survey text in `language`, each `{answer:ID}` replaced by that earlier answer."""
    said = questionnaire.text(value, language)

    def answer(match: re.Match[str]) -> str:
        given = answers.get(match.group(1))
        if given is None:
            return "…"
        question = questionnaire.question(match.group(1))
        return answer_text(questionnaire, question, given, language)

    return PIPE.sub(answer, said)


def preamble_text(
    questionnaire: Questionnaire,
    step: Ask,
    language: str,
    answers: Mapping[str, Answer] = NO_ANSWERS,
) -> str | None:
    """What comes before the question, in one message: the section it opens, its notes, the
    stem of the battery it opens (with how to answer); None when nothing does."""
    parts: list[str] = []
    question = step.question
    if step.opens_section and question.section is not None:
        section = questionnaire.section(question.section)
        lines = [f"— {local(questionnaire, section.title, language, answers)} —"]
        if section.intro is not None:
            lines.append(local(questionnaire, section.intro, language, answers))
        parts.append("\n".join(lines))
    for note_id in question.notes:
        note = questionnaire.note(note_id)
        if note.when is None or holds(note.when, answers):
            parts.append(local(questionnaire, note.text, language, answers))
    stem = _stem_text(questionnaire, step, language, answers)
    if stem is not None:
        parts.append(stem)
    return "\n\n".join(parts) or None


def _stem_text(
    questionnaire: Questionnaire, step: Ask, language: str, answers: Mapping[str, Answer]
) -> str | None:
    battery_id = step.question.battery
    if not step.opens_battery or battery_id is None:
        return None
    battery = questionnaire.battery(battery_id)
    lines = [local(questionnaire, battery.text, language, answers)]
    if battery.help is not None:
        lines.append(local(questionnaire, battery.help, language, answers))
    hint = step.question.hint()
    if hint is not None:
        lines.append(say(questionnaire, hint, language))
    return "\n".join(lines)


def question_text(
    questionnaire: Questionnaire,
    step: Ask,
    language: str,
    answers: Mapping[str, Answer] = NO_ANSWERS,
    *,
    numbered: bool = False,
) -> str:
    """Return the text of a question: progress, wording, help, and how to answer.

    An item of a battery is compact: its stem and the way to answer are shown once, before its
    first item (`preamble_text`).
    """
    question = step.question
    lines = [
        progress_line(step, language, questionnaire),
        "",
        local(questionnaire, question.text, language, answers),
    ]
    if question.help is not None:
        lines.append(local(questionnaire, question.help, language, answers))
    hint = question.hint()
    if hint is not None and question.battery is None:
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
    option = other_label(questionnaire.text(step.option.label, language))
    return f"{progress_line(step, language)}\n\n{text(language, 'ask_other', option=option)}"


def other_label(label: str) -> str:
    """An "other" option's label without its "please specify" part ("Other, please specify"
    and "Other (please specify)" are "Other"), to go with the text typed for it."""
    return _SPECIFY.split(label, maxsplit=1)[0].strip() or label


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
    words = question.answer_words(answer)
    option = question.other_option() if isinstance(question, ChoiceQuestion) else None
    if option is None or not answer.other:
        return say(questionnaire, words, language)
    return "".join(
        other_label(questionnaire.text(option.label, language))
        if piece is option.label
        else piece_text(questionnaire, piece, language)
        for piece in words
    )


def answered_text(
    questionnaire: Questionnaire,
    question: Question,
    answer: Answer,
    language: str,
    answers: Mapping[str, Answer] = NO_ANSWERS,
    limit: int | None = None,
) -> str:
    """One line saying a question and the answer just given (or "(skipped)")."""
    said = answer_text(questionnaire, question, answer, language, limit)
    return f"✔️ {local(questionnaire, question.text, language, answers)} → {said}"


def thanks_text(
    questionnaire: Questionnaire, language: str, deadline: str | None, late: str | None = None
) -> str:
    """The survey's thanks, `{deadline}` replaced by the deadline in force (`deadline_none`
    when there is none). With `late` (the deadline has passed), the sentence that names the
    deadline gives way to `late`, at the end."""
    said = questionnaire.text(questionnaire.thanks, language)
    if late is not None and DEADLINE in said:
        pieces = _SENTENCE_END.split(said)  # sentences, and the spaces after each
        kept = [
            piece
            for sentence, space in zip(pieces[::2], [*pieces[1::2], ""], strict=True)
            if DEADLINE not in sentence
            for piece in (sentence, space)
        ]
        return "\n\n".join(part for part in ("".join(kept).strip(), late) if part)
    return said.replace(DEADLINE, deadline or text(language, "deadline_none"))


def review_text(
    questionnaire: Questionnaire,
    step: Review,
    language: str,
    answer_limit: int | None = None,
    *,
    sent: bool = False,
) -> str:
    """Return the recap shown before submitting (long answers cut to `answer_limit`); `sent`:
    the recap as it stays once submitted, with nothing left to do."""
    lines = [text(language, "review_sent" if sent else "review"), ""]
    answers = {question.id: answer for question, answer in step.answers}
    for question, answer in step.answers:
        said = answer_text(questionnaire, question, answer, language, answer_limit)
        lines.append(f"• {local(questionnaire, question.text, language, answers)}")
        lines.append(f"  → {said}")
    if not sent:
        lines += ["", text(language, "review_hint")]
    return "\n".join(lines)
