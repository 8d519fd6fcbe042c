"""Inline keyboards and the callback data they carry (at most 64 bytes, ids only)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import i18n
from bot.core.answers import Answer
from bot.core.engine import Ask, AskOther
from bot.core.questionnaire import Questionnaire
from bot.i18n import text
from bot.rendering.words import say

SEPARATOR = "|"
CHECKED = "✅ "
UNCHECKED = "▫️ "


class Action(StrEnum):
    """What a button asks for; the first field of its callback data."""

    LANGUAGE = "l"  # show the intro in another language: l|fr
    BEGIN = "g"  # start the survey in a language: g|fr
    ANSWER = "a"  # pick an option, a scale value or yes/no: a|question|value
    TOGGLE = "t"  # tick or untick a multiple-choice option: t|question|option
    CONFIRM = "c"  # confirm the ticked options: c|question
    SKIP = "s"  # skip an optional question: s|question
    BACK = "b"  # back to the previous question: b|question (or b| from the recap)
    SUBMIT = "S"  # submit the answers: S
    CANCEL = "x"  # confirm /cancel: x|y or x|n
    CLOSE = "k"  # admin: confirm /close: k|y or k|n


@dataclass(frozen=True)
class Callback:
    """Decoded callback data."""

    action: Action
    args: tuple[str, ...]


def encode(action: Action, *args: str) -> str:
    """Return callback data for a button."""
    data = SEPARATOR.join((action.value, *args))
    if len(data.encode()) > 64:
        raise ValueError("callback data longer than 64 bytes")
    return data


def decode(data: str | None) -> Callback | None:
    """Parse callback data; None when it is not ours (forged or from an old version)."""
    if not data:
        return None
    head, *args = data.split(SEPARATOR)
    try:
        action = Action(head)
    except ValueError:
        return None
    return Callback(action, tuple(args))


def _button(label: str, action: Action, *args: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(action, *args))


def language_keyboard(questionnaire: Questionnaire, selected: str) -> InlineKeyboardMarkup:
    """Language buttons (the selected one ticked) and the start button."""
    languages = [
        _button(
            ("✓ " if code == selected else "") + (i18n.get(code).name if i18n.has(code) else code),
            Action.LANGUAGE,
            code,
        )
        for code in questionnaire.languages
    ]
    rows = [languages] if len(languages) > 1 else []
    rows.append([_button(text(selected, "begin") + " ▶", Action.BEGIN, selected)])
    return InlineKeyboardMarkup(rows)


def _navigation(step: Ask | AskOther, language: str, skip: bool) -> list[InlineKeyboardButton]:
    row = []
    if step.position > 1 or isinstance(step, AskOther):
        row.append(_button(text(language, "button_back"), Action.BACK, step.question.id))
    if skip:
        row.append(_button(text(language, "button_skip"), Action.SKIP, step.question.id))
    return row


def question_keyboard(
    questionnaire: Questionnaire,
    step: Ask,
    language: str,
    selected: tuple[str, ...] = (),
) -> InlineKeyboardMarkup | None:
    """The buttons of a question: options, values or yes/no, then back and skip."""
    question = step.question
    qid = question.id
    rows: list[list[InlineKeyboardButton]] = []
    buttons = question.buttons(step.seed)
    if buttons is not None:
        action = Action.TOGGLE if buttons.several else Action.ANSWER
        keys = [
            _button(
                (CHECKED if b.value in selected else UNCHECKED if buttons.several else "")
                + say(questionnaire, b.label, language),
                action,
                qid,
                b.value,
            )
            for b in buttons.choices
        ]
        width = buttons.per_row
        rows = [keys[i : i + width] for i in range(0, len(keys), width)]
        if buttons.several:
            rows.append([_button(text(language, "button_confirm"), Action.CONFIRM, qid)])
    navigation = _navigation(step, language, question.optional)
    if navigation:
        rows.append(navigation)
    return InlineKeyboardMarkup(rows) if rows else None


def other_keyboard(step: AskOther, language: str) -> InlineKeyboardMarkup:
    """The follow-up prompt for an "other" option has only a back button."""
    return InlineKeyboardMarkup([_navigation(step, language, skip=False)])


def review_keyboard(language: str) -> InlineKeyboardMarkup:
    """Submit, or go back to the last question."""
    return InlineKeyboardMarkup(
        [
            [_button(text(language, "button_submit"), Action.SUBMIT)],
            [_button(text(language, "button_back"), Action.BACK, "")],
        ]
    )


def yes_no_keyboard(action: Action, yes: str, no: str) -> InlineKeyboardMarkup:
    """Two buttons confirming or refusing an action."""
    return InlineKeyboardMarkup([[_button(yes, action, "y"), _button(no, action, "n")]])


def ticked(markup: InlineKeyboardMarkup | None, question_id: str) -> tuple[str, ...]:
    """Read the ticked options of a multiple-choice question from its message's keyboard."""
    if markup is None:
        return ()
    result = []
    for row in markup.inline_keyboard:
        for button in row:
            callback = decode(
                button.callback_data if isinstance(button.callback_data, str) else None
            )
            if (
                callback is not None
                and callback.action is Action.TOGGLE
                and callback.args[:1] == (question_id,)
                and len(callback.args) == 2
                and button.text.startswith(CHECKED)
            ):
                result.append(callback.args[1])
    return tuple(result)


def selected_options(current: Answer | None) -> tuple[str, ...]:
    """The options already chosen for a multiple-choice question the user came back to."""
    if current is not None and isinstance(current.value, tuple):
        return current.value
    return ()
