"""Each action of a respondent costs one store transaction at most, counted by SQLite on a real
file: none for what stores nothing (where they stand, a tick, a refused answer, a stale tap, an
update delivered again), one for what does (an answer, back, skip, submit...)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app.respondents import Progress, Refusal, RespondentService, Result, Ticked
from bot.core.answers import Invalid
from bot.core.engine import Accepted, Review, Stale
from bot.core.questionnaire import Questionnaire
from storage.pepper import Pepper
from tests.support.answering import BASE, Harness, asked, drive
from tests.support.transactions import Transactions

T0 = datetime(2020, 2, 3, 9, 0, tzinfo=UTC)
WHO = 7001

Action = Callable[[RespondentService], Awaitable[Result]]


def went(result: Result) -> Progress:
    assert isinstance(result, Progress), result
    return result


# Per action: where the person stands before it (None: not started; a question: answered up
# to it; "review": up to the recap), the action, a check of its result, and its transactions.
ACTIONS: dict[str, tuple[str | None, Action, Callable[[Result], object], int]] = {
    "start": (
        None,
        lambda s: s.begin(WHO, "fr", T0),
        lambda r: asked(went(r)) == "administration",
        1,
    ),
    "start again (resume)": (
        "administration",
        lambda s: s.begin(WHO, "fr", T0),
        lambda r: went(r).resumed,
        0,
    ),
    "where they stand": (
        "line",
        lambda s: s.current(WHO, T0),
        lambda r: asked(went(r)) == "line",
        0,
    ),
    "answer by button": (
        "administration",
        lambda s: s.choose(WHO, "administration", ["agpr"], T0, 10),
        lambda r: isinstance(went(r).outcome, Accepted) and asked(went(r)) == "line",
        1,
    ),
    "typed answer": (
        "phone_hours",
        lambda s: s.type_answer(WHO, None, "10", T0, 10),
        lambda r: isinstance(went(r).outcome, Accepted),
        1,
    ),
    "refused typed answer": (
        "phone_hours",
        lambda s: s.type_answer(WHO, None, "beaucoup", T0, 10),
        lambda r: isinstance(went(r).outcome, Invalid),
        0,
    ),
    "tick": (
        "effects",
        lambda s: s.toggle(WHO, "effects", "backlog", ["stress"], T0),
        lambda r: went(r).outcome == Ticked(("backlog", "stress")),
        0,
    ),
    "confirm the ticks": (
        "effects",
        lambda s: s.confirm(WHO, "effects", ["backlog"], T0, 10),
        lambda r: isinstance(went(r).outcome, Accepted),
        1,
    ),
    "confirm nothing ticked": (
        "effects",
        lambda s: s.confirm(WHO, "effects", [], T0, 10),
        lambda r: went(r).outcome == Invalid("tick_none", {"count": 1}),
        0,
    ),
    "back": (
        "effects",
        lambda s: s.back(WHO, T0, 10),
        lambda r: asked(went(r)) == "complex_files",
        1,
    ),
    "back from the question asked": (
        "effects",
        lambda s: s.back(WHO, T0, 10, question_id="effects"),
        lambda r: asked(went(r)) == "complex_files",
        1,
    ),
    "back from a question no longer asked": (
        "effects",
        lambda s: s.back(WHO, T0, 10, question_id="line"),
        lambda r: isinstance(went(r).outcome, Stale) and asked(went(r)) == "effects",
        0,
    ),
    "skip": (
        "calls_per_day",
        lambda s: s.skip(WHO, "calls_per_day", T0, 10),
        lambda r: isinstance(went(r).outcome, Accepted) and asked(went(r)) == "unanswered",
        1,
    ),
    "change an answer from the recap": (
        "review",
        lambda s: s.revisit(WHO, "rating", T0, 10),
        lambda r: asked(went(r)) == "rating",
        1,
    ),
    "submit": (
        "review",
        lambda s: s.submit(WHO, T0, 10),
        lambda r: isinstance(went(r).step, Review),
        1,
    ),
    "change the language": (
        "line",
        lambda s: s.set_language(WHO, "nl", T0, 10),
        lambda r: went(r).state.language == "nl",
        1,
    ),
    "update delivered again": (
        "line",
        lambda s: s.choose(WHO, "line", ["first"], T0, 1),
        lambda r: r is Refusal.DUPLICATE,
        0,
    ),
}


@pytest.mark.parametrize("name", ACTIONS)
async def test_each_action_is_one_transaction_at_most(
    name: str, tmp_path: Path, shipped_survey: Questionnaire
) -> None:
    before, action, check, transactions = ACTIONS[name]
    harness = Harness(
        tmp_path / "data" / "survey.sqlite3",
        shipped_survey,
        Pepper.create(tmp_path / "secret" / "survey.pepper"),
    )
    service = await harness.open()
    try:
        await service.phase(T0)  # the survey's state, read once per process
        if before == "review":
            await drive(service, WHO, BASE, T0)
        elif before is not None:
            await drive(service, WHO, BASE, T0, stop_at=before)
            # Each update applied so far is update 1, so that 1 comes again as a redelivery.
            await service.set_language(WHO, "fr", T0, 1)
        assert harness.store is not None
        counter = await Transactions.watch(harness.store)
        with counter.counting() as counted:
            result = await action(service)
        assert check(result), result
        assert counted == [transactions], name
    finally:
        await harness.close()


async def test_cancel_is_one_transaction(tmp_path: Path, shipped_survey: Questionnaire) -> None:
    harness = Harness(
        tmp_path / "data" / "survey.sqlite3",
        shipped_survey,
        Pepper.create(tmp_path / "secret" / "survey.pepper"),
    )
    service = await harness.open()
    try:
        await drive(service, WHO, BASE, T0, stop_at="line")
        assert harness.store is not None
        counter = await Transactions.watch(harness.store)
        with counter.counting() as counted:
            assert await service.cancel(WHO)
        assert counted == [1]
        assert await service.current(WHO, T0) is Refusal.NOT_STARTED
    finally:
        await harness.close()
