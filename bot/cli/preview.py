"""The terminal preview: answer the questionnaire with the same service the bot uses."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.app.catalogue import load_registry
from bot.app.clock import utc_now
from bot.app.respondents import Progress, Refusal, RespondentService
from bot.app.settings import Settings
from bot.app.wiring import open_context
from bot.core.answers import Invalid
from bot.core.engine import Ask, AskOther, Review, Stale
from bot.i18n import text
from bot.rendering.questions import (
    invalid_text,
    other_text,
    preamble_text,
    question_text,
    review_text,
)
from bot.rendering.words import say

PREVIEW_USER = 0
"""The preview's one respondent; its key is an HMAC like any other."""

Prompt = Callable[[str], Awaitable[str | None]]

COMMANDS_HELP = "b = back · s = skip · q = quit"


async def _read_line(prompt: str) -> str | None:
    try:
        return await asyncio.to_thread(input, prompt)
    except EOFError:
        return None


async def run_preview(
    settings: Settings,
    *,
    language: str | None,
    database: str | None,
    read: Prompt = _read_line,
    write: Callable[[str], None] = print,
    survey: str | None = None,
) -> int:
    """Walk through a survey in the terminal (`survey`, else the config's first, the others
    named); answers go to a throw-away database."""
    registry = load_registry(settings)
    entry = registry.entries[0] if survey is None else registry.get(survey)
    if entry is None:
        write(f"No survey {survey!r} in the config: use one of {', '.join(registry.ids)}.")
        return 2
    others = [survey_id for survey_id in registry.ids if survey_id != entry.id]
    if others:
        write(
            f"(Previewing {entry.id}; the config lists {', '.join(others)} too: "
            "`survey-bot preview --survey ID` previews another.)"
        )
    settings = entry.settings
    with tempfile.TemporaryDirectory(prefix="survey-preview-") as scratch:
        if database is None:
            path = Path(scratch) / "preview.sqlite3"
            settings = settings.model_copy(
                update={"pepper_file": Path(scratch) / "preview.pepper"}
            )
            write("(Preview: answers go to a throw-away database; the deadline is ignored.)")
        else:
            path = Path(database)
        async with open_context(settings, database=path) as context:
            if database is None:
                await context.store.reopen_survey(None)
            else:
                # A preview database has one respondent, the terminal: it goes on with its
                # session, as a tap on a button of it would in Telegram.
                handles = await context.store.handles()
                if len(handles) == 1:
                    await context.service.rejoin(PREVIEW_USER, handles[0], 0)
            return await _walk(context.service, language, read, write)


async def _walk(
    service: RespondentService,
    language: str | None,
    read: Prompt,
    write: Callable[[str], None],
) -> int:
    questionnaire = service.questionnaire
    if language is None or language not in questionnaire.languages:
        language = await _choose_language(service, read, write)
        if language is None:
            return 0
    now = utc_now()
    write("")
    write(questionnaire.text(questionnaire.title, language))
    write(questionnaire.text(questionnaire.intro, language))
    write(text(language, "anonymity"))
    write(f"({COMMANDS_HELP})")
    result = await service.begin(PREVIEW_USER, language, now)
    while True:
        if isinstance(result, Refusal):
            write(_refusal_text(result, language))
            return 0
        _show(service, result, language, write)
        step = result.step
        line = await read("> ")
        if line is None or line.strip().lower() in ("q", "quit"):
            write("")
            return 0
        entry = line.strip()
        now = utc_now()
        if entry.lower() in ("b", "back"):
            result = await service.back(PREVIEW_USER, now)
        elif entry.lower() in ("s", "skip") and isinstance(step, Ask):
            result = await service.skip(PREVIEW_USER, step.question.id, now)
        elif isinstance(step, Review):
            if entry.lower() in ("submit", "y", "yes", "oui", "ja", "o", "j"):
                done = await service.submit(PREVIEW_USER, now)
                if isinstance(done, Progress):
                    write(questionnaire.text(questionnaire.thanks, language))
                    return 0
                result = done
            else:
                write("submit / b")
                continue
        else:
            question = step.question
            result = await service.type_answer(PREVIEW_USER, question.id, entry, now)


def _show(
    service: RespondentService, result: Progress, language: str, write: Callable[[str], None]
) -> None:
    questionnaire = service.questionnaire
    outcome = result.outcome
    if isinstance(outcome, Invalid):
        write(f"! {invalid_text(outcome, language, questionnaire)}")
        return
    if isinstance(outcome, Stale) and not isinstance(result.step, Review):
        write(f"! {text(language, 'no_back')}")
    step = result.step
    write("")
    if isinstance(step, Ask):
        answers = result.state.answers
        stem = preamble_text(questionnaire, step, language, answers)
        if stem is not None and step.current is None:
            write(stem)
            write("")
        write(question_text(questionnaire, step, language, answers, numbered=True))
        question = step.question
        typing = question.typing_hint()
        if typing is not None:
            write(say(questionnaire, typing, language))
        if question.optional:
            write(f"({text(language, 'button_skip')}: s)")
    elif isinstance(step, AskOther):
        write(other_text(questionnaire, step, language))
    else:
        write(review_text(questionnaire, step, language))
        write(f"[submit] {text(language, 'button_submit')}")


async def _choose_language(
    service: RespondentService, read: Prompt, write: Callable[[str], None]
) -> str | None:
    languages = service.questionnaire.languages
    if len(languages) == 1:
        return languages[0]
    default = service.questionnaire.language
    while True:
        line = await read(f"{text(default, 'choose_language')} {'/'.join(languages)} > ")
        if line is None:
            return None
        choice = line.strip().lower() or default
        if choice in languages:
            return choice


def _refusal_text(refusal: Refusal, language: str) -> str:
    if refusal is Refusal.ALREADY_SUBMITTED:
        return text(language, "already_done")
    if refusal is Refusal.CLOSED:
        return text(language, "closed_now")
    return text(language, "not_started")
