"""What Telegram cannot carry, found before a survey goes live.

`survey-bot check` lists these problems with the questionnaire's own, and `survey-bot run`
refuses to start on them, in the same words: each names the question and the field. Texts are
measured as the bot sends them (rendered by `bot/rendering/`, buttons built by `keyboards.py`)
in each of the survey's languages, and the longest counts.

Telegram's own limits: a message holds at most 4,096 characters, and an inline keyboard at most
100 buttons (beyond, it answers REPLY_MARKUP_TOO_LONG). It documents no limit for a button's
label but shows it on one line, cut with "…" where it does not fit: `MAX_LABEL_LENGTH` is ours.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit

from bot import i18n
from bot.core.engine import Ask
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.rendering.questions import question_text
from bot.telegram.keyboards import (
    CHECKED,
    UNCHECKED,
    Action,
    decode,
    opening_keyboard,
    question_keyboard,
)
from bot.telegram.respondents import intro_text

MAX_MESSAGE_LENGTH: int = MessageLimit.MAX_TEXT_LENGTH
"""Telegram's longest message, in characters."""
MAX_BUTTONS = 100
"""Telegram's most buttons under one message."""
MAX_LABEL_LENGTH = 64
"""The longest option label we accept on a button, in characters (our choice).

Telegram documents no limit for a label, but shows it on one line and cuts what does not fit
with "…": a phone shows a few dozen characters on a full-width button. 64 is enough for a short
sentence, about twice the shipped survey's longest label (34); details belong in the question's
help.
"""

_Render = Callable[[str], str]
"""A message put into one language."""

_SAMPLE_DEADLINE = datetime(2030, 12, 31, 23, 59, tzinfo=UTC)
"""A deadline to measure the welcome message with, when the file sets none (/open can)."""


def telegram_problems(questionnaire: Questionnaire) -> list[str]:
    """The problems that would keep Telegram from showing this survey as written."""
    problems = list(_survey_problems(questionnaire))
    questions = questionnaire.questions
    # What may be asked first comes under the intro, with the language buttons: the first
    # question, or any item of a first battery (its items may be shuffled).
    first = questions[0].battery
    for index, question in enumerate(questions):
        step = Ask(question, index + 1, len(questions), progress=99)  # the longest line
        opening = index == 0 or (first is not None and question.battery == first)
        problems += _message_problems(questionnaire, step)
        problems += _button_problems(questionnaire, step, opening=opening)
    return problems


def language_warnings(questionnaire: Questionnaire) -> list[str]:
    """Survey languages the bot has no sentences for, and the language it writes them in."""
    fallback = f"{i18n.get(i18n.FALLBACK).name} ({i18n.FALLBACK})"
    return [
        f"the bot has no translation file for {code}: its own sentences (buttons, hints, "
        f"errors) will be in {fallback}"
        for code in questionnaire.languages
        if not i18n.has(code)
    ]


def _survey_problems(questionnaire: Questionnaire) -> Iterator[str]:
    deadline = questionnaire.closes_at or _SAMPLE_DEADLINE
    intro = _longest(
        questionnaire,
        lambda language: intro_text(
            questionnaire, language, i18n.get(language).short_moment(deadline, UTC)
        ),
    )
    if intro is not None:
        length, language = intro
        yield (
            f"intro: the welcome message is {length:,} characters{_in(questionnaire, language)} "
            "(title, intro, the bot's note on anonymity and the deadline); Telegram carries at "
            f"most {MAX_MESSAGE_LENGTH:,}: shorten the intro"
        )
    thanks = _longest(
        questionnaire, lambda language: questionnaire.text(questionnaire.thanks, language)
    )
    if thanks is not None:
        length, language = thanks
        yield (
            f"thanks: the text is {length:,} characters{_in(questionnaire, language)}; "
            f"Telegram carries at most {MAX_MESSAGE_LENGTH:,} in a message"
        )


def _message_problems(questionnaire: Questionnaire, step: Ask) -> Iterator[str]:
    question = step.question
    where = f"question {question.id!r}"
    # Numbered options too: the preview lists them, and the count is kept on the safe side.
    longest = _longest(
        questionnaire,
        lambda language: question_text(questionnaire, step, language, numbered=True),
    )
    if longest is not None:
        length, language = longest
        field = _longer_part(questionnaire, question, language)
        yield (
            f"{where}: {field}: the question's message is {length:,} characters"
            f"{_in(questionnaire, language)} (with its number, help, hint and options listed); "
            f"Telegram carries at most {MAX_MESSAGE_LENGTH:,}: shorten the text or the help"
        )


def _button_problems(questionnaire: Questionnaire, step: Ask, *, opening: bool) -> Iterator[str]:
    question = step.question
    where = f"question {question.id!r}"

    def markup_in(language: str) -> InlineKeyboardMarkup | None:
        markup = question_keyboard(questionnaire, step, language)
        return opening_keyboard(questionnaire, markup, language) if opening else markup

    keyboards = {language: _buttons(markup_in(language)) for language in questionnaire.languages}
    buttons = keyboards[questionnaire.language]
    shown = question.buttons()
    values = [button.value for button in shown.choices] if shown is not None else []
    if len(buttons) > MAX_BUTTONS:
        answers = sum(1 for button in buttons if _answer_value(button) is not None)
        yield (
            f"{where}: {'options' if values else 'buttons'}: {answers} answer buttons "
            f"and {len(buttons) - answers} more (back, skip, confirm, languages) make "
            f"{len(buttons)}; "
            f"Telegram shows at most {MAX_BUTTONS} under a message: remove "
            f"{_count(len(buttons) - MAX_BUTTONS, 'option')}"
        )
    several = len(questionnaire.languages) > 1
    labels = {language: _answer_labels(keyboard) for language, keyboard in keyboards.items()}
    for value in values:
        field = f"options.{value}.label" if question.keeps_item(value) else "labels"
        for language, by_value in labels.items():
            label = by_value.get(value)
            if label is None:
                continue
            the_label = f"the {language!r} label" if several else "the label"
            if len(label.splitlines()) > 1:
                yield (
                    f"{where}: {field}: {the_label} holds a line break; a button shows one "
                    "line: write the label on one line"
                )
            if len(label) > MAX_LABEL_LENGTH:
                yield (
                    f"{where}: {field}: {the_label} is {len(label)} characters; a button shows "
                    f"at most {MAX_LABEL_LENGTH}: shorten it (details can go in the question's "
                    "help)"
                )


def _buttons(markup: InlineKeyboardMarkup | None) -> list[InlineKeyboardButton]:
    return [button for row in markup.inline_keyboard for button in row] if markup else []


def _answer_value(button: InlineKeyboardButton) -> str | None:
    """The value an answer button gives (an option id), None for back, skip and confirm."""
    data = button.callback_data
    callback = decode(data if isinstance(data, str) else None)
    if callback is None or callback.action not in (Action.ANSWER, Action.TOGGLE):
        return None
    return callback.args[-1]


def _answer_labels(buttons: list[InlineKeyboardButton]) -> dict[str, str]:
    """The label of each answer button, by the value it gives (read once per keyboard)."""
    labels: dict[str, str] = {}
    for button in buttons:
        value = _answer_value(button)
        if value is not None:
            labels.setdefault(value, _label(button))
    return labels


def _label(button: InlineKeyboardButton) -> str:
    """A button's label as written in the file, without the tick box the bot adds."""
    return button.text.removeprefix(CHECKED).removeprefix(UNCHECKED)


def _longest(questionnaire: Questionnaire, render: _Render) -> tuple[int, str] | None:
    """The length and language of the longest rendering, when it is too long for a message."""
    length, language = max(
        (len(render(language)), language) for language in questionnaire.languages
    )
    return (length, language) if length > MAX_MESSAGE_LENGTH else None


def _longer_part(questionnaire: Questionnaire, question: Question, language: str) -> str:
    """The field that makes most of a question's message: its text or its help."""
    text = questionnaire.text(question.text, language)
    if question.help is not None and len(questionnaire.text(question.help, language)) > len(text):
        return "help"
    return "text"


def _in(questionnaire: Questionnaire, language: str) -> str:
    return f" in {language!r}" if len(questionnaire.languages) > 1 else ""


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
