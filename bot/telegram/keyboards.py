"""Inline keyboards and the callback data they carry (at most 64 bytes, ids only).

The buttons of a session's steps end with `~` and the session's handle (12 characters): after
a restart, when the process no longer knows who answers which session (the disk never says),
a tap on any of them finds the session again. Ids of at most 24 bytes keep the longest,
`a|question|option~handle`, within 64 bytes.

With several surveys, a button of a step finds its survey by its handle (unique in its
survey's database, 72 random bits across surveys): the process's memory knows whose it is, or
after a restart each survey's store is asked. The few buttons without a handle that open a
survey (the first screen's languages, "start over") carry `~@` and the survey's id instead
(ids are at most 24 bytes), and the menu of surveys `m|<survey id>`; any other button without
a handle goes to the survey whose step the person was last shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import i18n
from bot.core.answers import Answer
from bot.core.engine import Ask, AskOther, Review
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.i18n import text
from bot.rendering.questions import answer_text
from bot.rendering.words import say

SEPARATOR = "|"
HANDLE_MARK = "~"
SURVEY_MARK = "@"
CHECKED = "✅ "
UNCHECKED = "▫️ "


class Action(StrEnum):
    """What a button asks for; the first field of its callback data."""

    LANGUAGE = "l"  # start the survey in a language, or switch to it: l|fr
    BEGIN = "g"  # the start button of earlier versions' intros: g|fr
    ANSWER = "a"  # pick an option, a scale value or yes/no: a|question|value
    TOGGLE = "t"  # tick or untick a multiple-choice option: t|question|option
    CONFIRM = "c"  # confirm the ticked options: c|question
    SKIP = "s"  # skip an optional question: s|question
    BACK = "b"  # back to the previous question: b|question (or b| from the recap)
    SUBMIT = "S"  # submit the answers: S
    CANCEL = "x"  # confirm /cancel: x|y or x|n
    CLOSE = "k"  # admin: confirm /close: k|y or k|n
    CHANGE = "e"  # the recap's list of questions to change, one page of it: e|0
    REVISIT = "r"  # re-open an answered question from the recap: r|question
    RECAP = "v"  # from the list of questions, back to the recap's own buttons: v
    CLEAR = "d"  # delete the survey's conversation, from its first message: d|first|fr
    MENU = "m"  # open a survey from the menu of surveys: m|survey-id
    PICK = "p"  # admin: run a command on the survey picked: p|stats|survey-id|its arguments


@dataclass(frozen=True)
class Callback:
    """Decoded callback data."""

    action: Action
    args: tuple[str, ...]
    handle: str = ""
    """The handle of the session whose step the button belongs to ("" on other buttons)."""
    survey: str = ""
    """The survey a button without a handle opens, with several surveys ("" otherwise)."""


def encode(action: Action, *args: str, handle: str = "", survey: str = "") -> str:
    """Return callback data for a button (of the session named `handle`, if given, else of
    the survey `survey`, if given)."""
    data = SEPARATOR.join((action.value, *args))
    if handle:
        data += HANDLE_MARK + handle
    elif survey:
        data += HANDLE_MARK + SURVEY_MARK + survey
    if len(data.encode()) > 64:
        raise ValueError("callback data longer than 64 bytes")
    return data


def decode(data: str | None) -> Callback | None:
    """Parse callback data; None when it is not ours (forged or from an old version)."""
    if not data:
        return None
    data, _, handle = data.partition(HANDLE_MARK)
    head, *args = data.split(SEPARATOR)
    try:
        action = Action(head)
    except ValueError:
        return None
    if handle.startswith(SURVEY_MARK):
        return Callback(action, tuple(args), survey=handle.removeprefix(SURVEY_MARK))
    return Callback(action, tuple(args), handle)


def _button(
    label: str, action: Action, *args: str, handle: str = "", survey: str = ""
) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        label, callback_data=encode(action, *args, handle=handle, survey=survey)
    )


def language_name(code: str) -> str:
    """A language's name in that language itself, as on its button."""
    return i18n.get(code).name if i18n.has(code) else code


def language_row(
    questionnaire: Questionnaire, selected: str | None, handle: str = "", survey: str = ""
) -> list[InlineKeyboardButton]:
    """One button per survey language, each in its own language, `selected` ticked; none for
    a survey in one language once it is selected."""
    if len(questionnaire.languages) == 1 and selected is not None:
        return []
    return [
        _button(
            ("✓ " if code == selected else "") + language_name(code),
            Action.LANGUAGE,
            code,
            handle=handle,
            survey=survey,
        )
        for code in questionnaire.languages
    ]


def language_keyboard(questionnaire: Questionnaire, survey: str = "") -> InlineKeyboardMarkup:
    """The first screen's buttons: a language each, to start the survey in (`survey`: the
    survey's id, with several surveys)."""
    return InlineKeyboardMarkup([language_row(questionnaire, None, survey=survey)])


def opening_keyboard(
    questionnaire: Questionnaire,
    markup: InlineKeyboardMarkup | None,
    language: str,
    handle: str = "",
) -> InlineKeyboardMarkup | None:
    """The first question's buttons under the intro, and the languages to switch to."""
    rows = [list(row) for row in markup.inline_keyboard] if markup is not None else []
    languages = language_row(questionnaire, language, handle)
    if languages:
        rows.append(languages)
    return InlineKeyboardMarkup(rows) if rows else None


def _navigation(
    step: Ask | AskOther, language: str, skip: bool, handle: str
) -> list[InlineKeyboardButton]:
    qid = step.question.id
    row = []
    if step.position > 1 or isinstance(step, AskOther):
        row.append(_button(text(language, "button_back"), Action.BACK, qid, handle=handle))
    if skip:
        row.append(_button(text(language, "button_skip"), Action.SKIP, qid, handle=handle))
    return row


def question_keyboard(
    questionnaire: Questionnaire,
    step: Ask,
    language: str,
    selected: tuple[str, ...] = (),
    handle: str = "",
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
                handle=handle,
            )
            for b in buttons.choices
        ]
        width = buttons.per_row
        rows = [keys[i : i + width] for i in range(0, len(keys), width)]
        if buttons.several:
            confirm = _button(text(language, "button_confirm"), Action.CONFIRM, qid, handle=handle)
            rows.append([confirm])
    navigation = _navigation(step, language, question.optional, handle)
    if navigation:
        rows.append(navigation)
    return InlineKeyboardMarkup(rows) if rows else None


def other_keyboard(step: AskOther, language: str, handle: str = "") -> InlineKeyboardMarkup:
    """The follow-up prompt for an "other" option has only a back button."""
    return InlineKeyboardMarkup([_navigation(step, language, False, handle)])


def review_keyboard(language: str, handle: str = "") -> InlineKeyboardMarkup:
    """Submit, change any answer, or go back to the last question."""
    return InlineKeyboardMarkup(
        [
            [_button(text(language, "button_submit"), Action.SUBMIT, handle=handle)],
            [_button(text(language, "button_change"), Action.CHANGE, "0", handle=handle)],
            [_button(text(language, "button_back"), Action.BACK, "", handle=handle)],
        ]
    )


def clear_keyboard(
    language: str, first: int | None, share: str | None = None
) -> InlineKeyboardMarkup:
    """Under the thanks: clear the conversation, from message `first` (0: not known), and
    beside it, with `share` (a `share_url`), pass the survey on."""
    label = text(language, "button_clear")
    row = [_button(label, Action.CLEAR, str(first or 0), language)]
    if share is not None:
        row.append(InlineKeyboardButton(text(language, "button_share"), url=share))
    return InlineKeyboardMarkup([row])


def share_url(bot_username: str, survey_id: str, title: str) -> str:
    """Telegram's page that passes the survey's link on (to a chat the person picks), with
    its title: the link opens the survey (its id as the start parameter)."""
    link = f"https://t.me/{bot_username}?start={survey_id}"
    return f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(title, safe='')}"


CHANGE_PAGE = 16
"""Questions per page of the recap's list: a page stays well within Telegram's 100 buttons."""
CHANGE_LABEL = 24
"""The longest question label in that list, in characters (cut at a word), when the question
gives no `short` label of its own."""
CHANGE_ANSWER = 32
"""The longest answer after it, in characters (cut at a word)."""


def _cut(said: str, limit: int = CHANGE_LABEL) -> str:
    """A text's first line, cut at a word to `limit` characters."""
    first = said.strip().split("\n", 1)[0]
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:\u00a0")
    return cut + "…"


def change_label(
    questionnaire: Questionnaire, question: Question, answer: Answer, language: str
) -> str:
    """A question in the recap's list: its short label (the file's `short`, else the start
    of its text) and the answer it has ("Effets → Des heures supplémentaires")."""
    label = question.short if question.short is not None else question.text
    said = answer_text(questionnaire, question, answer, language)
    return f"{_cut(questionnaire.text(label, language))} → {_cut(said, CHANGE_ANSWER)}"


def change_pages(review: Review) -> int:
    """How many pages the recap's list of questions takes."""
    return max(1, -(-len(review.answers) // CHANGE_PAGE))


def change_keyboard(
    questionnaire: Questionnaire, review: Review, language: str, page: int, handle: str = ""
) -> InlineKeyboardMarkup:
    """The recap's questions, one button each ("3. Short label"), a page at a time, with the
    way back to the recap's own buttons."""
    page = min(max(page, 0), change_pages(review) - 1)
    start = page * CHANGE_PAGE
    rows = [
        [
            _button(
                f"{number}. " + change_label(questionnaire, question, answer, language),
                Action.REVISIT,
                question.id,
                handle=handle,
            )
        ]
        for number, (question, answer) in enumerate(
            review.answers[start : start + CHANGE_PAGE], start=start + 1
        )
    ]
    turn = []
    if page > 0:
        turn.append(_button("◀", Action.CHANGE, str(page - 1), handle=handle))
    if page < change_pages(review) - 1:
        turn.append(_button("▶", Action.CHANGE, str(page + 1), handle=handle))
    if turn:
        rows.append(turn)
    rows.append([_button(text(language, "button_to_recap"), Action.RECAP, handle=handle)])
    return InlineKeyboardMarkup(rows)


def start_over_keyboard(language: str, survey: str = "") -> InlineKeyboardMarkup:
    """One button that starts the survey afresh in `language` (a survey language), for whom
    no session is known after a restart (`survey`: the survey's id, with several surveys)."""
    label = text(language, "button_start_over")
    return InlineKeyboardMarkup([[_button(label, Action.LANGUAGE, language, survey=survey)]])


def surveys_keyboard(titles: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """The menu of surveys: a button each, `(survey id, title)`, one under the other."""
    return InlineKeyboardMarkup(
        [[_button(title, Action.MENU, survey_id)] for survey_id, title in titles]
    )


def yes_no_keyboard(action: Action, yes: str, no: str, handle: str = "") -> InlineKeyboardMarkup:
    """Two buttons confirming or refusing an action (on the session named `handle`, if any)."""
    return InlineKeyboardMarkup(
        [[_button(yes, action, "y", handle=handle), _button(no, action, "n", handle=handle)]]
    )


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


def close_keyboard(yes: str, no: str, survey: str = "") -> InlineKeyboardMarkup:
    """The confirmation of /close: `k|y`, `k|n`, and the survey's id after them when the bot
    runs several (`k|y|survey-id`)."""
    if not survey:
        return yes_no_keyboard(Action.CLOSE, yes, no)
    return InlineKeyboardMarkup(
        [[_button(yes, Action.CLOSE, "y", survey), _button(no, Action.CLOSE, "n", survey)]]
    )


def pick_keyboard(
    command: str, surveys: list[tuple[str, str]], args: list[str]
) -> InlineKeyboardMarkup | None:
    """An admin's buttons to pick the survey a command runs on, `(survey id, label)` each,
    `p|command|survey-id|arguments`; None when the arguments do not fit in a button's data."""
    typed = " ".join(args)
    if any(mark in typed for mark in (SEPARATOR, HANDLE_MARK)):
        return None
    try:
        rows = [[_button(label, Action.PICK, command, survey, typed)] for survey, label in surveys]
    except ValueError:  # longer than Telegram's 64 bytes
        return None
    return InlineKeyboardMarkup(rows)


OTHER_DATE = "?"
"""What the button "another date" under /open's question types: the admin is told how."""


def open_keyboard(survey: str, choices: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """/open's buttons for a new deadline, `(label, what it types)` each, one a row: each
    runs `/open <survey> <typed>` in one tap (`p|open|survey-id|2027-12-31`)."""
    return InlineKeyboardMarkup(
        [[_button(label, Action.PICK, "open", survey, typed)] for label, typed in choices]
    )


def organiser_keyboard(
    survey: str, commands: list[tuple[str, str]], take: tuple[str, str]
) -> InlineKeyboardMarkup:
    """An admin's /start: a button per `(command, label)`, two a row, each running the
    command on the survey (`p|stats|survey-id|`), then `take` (label, the survey's link),
    which opens it as anyone's link does."""
    buttons = [_button(label, Action.PICK, command, survey, "") for command, label in commands]
    rows = [buttons[n : n + 2] for n in range(0, len(buttons), 2)]
    label, link = take
    return InlineKeyboardMarkup([*rows, [InlineKeyboardButton(label, url=link)]])
