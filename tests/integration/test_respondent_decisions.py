"""What the respondents' service decides for the front ends: whether a tap is for the step
shown, what a tick makes of the options ticked, what a confirm may not leave empty, whether
there is a question before. Over the in-memory backend: nothing here is about storage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.respondents import NoEarlier, Progress, RespondentService, Result, Ticked
from bot.core.answers import Invalid, Problem
from bot.core.engine import Accepted, Stale
from bot.core.questionnaire import Questionnaire
from bot.core.questions.multiple import MultipleProblem
from storage.pepper import Pepper
from tests.support.answering import BASE, ZONE, asked, drive
from tests.support.memory import MemoryData, MemoryStore

T0 = datetime(2020, 2, 3, 9, 0, tzinfo=UTC)
WHO = 4001


@pytest.fixture
async def service(tmp_path: Path, shipped_survey: Questionnaire) -> RespondentService:
    """The service over the in-memory backend, the person asked the multiple choice."""
    pepper = Pepper.create(tmp_path / "survey.pepper")
    store = MemoryStore(MemoryData(), shipped_survey, pepper)
    service = RespondentService(
        shipped_survey, store, deadline=None, grace=timedelta(hours=2), zone=ZONE
    )
    await drive(service, WHO, BASE, T0, stop_at="effects")
    return service


def outcome(result: Result) -> object:
    assert isinstance(result, Progress), result
    return result.outcome


async def test_a_tick_adds_an_option_in_the_order_shown(service: RespondentService) -> None:
    result = await service.toggle(WHO, "effects", "backlog", ["stress"], T0)
    assert outcome(result) == Ticked(("backlog", "stress"))
    untick = await service.toggle(WHO, "effects", "stress", ["backlog", "stress"], T0)
    assert outcome(untick) == Ticked(("backlog",))
    assert asked(await service.current(WHO, T0)) == "effects", "a tick stores nothing"


async def test_an_exclusive_option_unticks_the_others_and_back(
    service: RespondentService,
) -> None:
    alone = await service.toggle(WHO, "effects", "none", ["backlog", "stress"], T0)
    assert outcome(alone) == Ticked(("none",))
    other = await service.toggle(WHO, "effects", "stress", ["none"], T0)
    assert outcome(other) == Ticked(("stress",))


async def test_a_tick_beyond_the_most_is_refused(service: RespondentService) -> None:
    result = await service.toggle(
        WHO, "effects", "overtime", ["backlog", "interruptions", "stress"], T0
    )
    assert outcome(result) == Invalid(Problem.PICK_BETWEEN, {"low": 1, "high": 3})


async def test_a_tick_for_another_question_or_option_is_stale(
    service: RespondentService,
) -> None:
    assert isinstance(outcome(await service.toggle(WHO, "line", "first", [], T0)), Stale)
    assert isinstance(outcome(await service.toggle(WHO, "effects", "nope", [], T0)), Stale)


async def test_confirming_nothing_ticked_is_refused_with_the_minimum(
    service: RespondentService,
) -> None:
    result = await service.confirm(WHO, "effects", [], T0, 50)
    assert outcome(result) == Invalid(MultipleProblem.TICK_NONE, {"count": 1})
    assert asked(result) == "effects"
    confirmed = await service.confirm(WHO, "effects", ["backlog"], T0, 51)
    assert isinstance(outcome(confirmed), Accepted)
    assert asked(confirmed) != "effects"


async def test_confirming_for_a_question_not_asked_is_stale(service: RespondentService) -> None:
    assert isinstance(outcome(await service.confirm(WHO, "line", [], T0, 50)), Stale)


async def test_back_from_a_step_no_longer_shown_changes_nothing(
    service: RespondentService,
) -> None:
    stale = await service.back(WHO, T0, 50, question_id="line")
    assert isinstance(outcome(stale), Stale)
    assert asked(stale) == "effects"
    assert isinstance(outcome(await service.back(WHO, T0, 51, question_id="")), Stale)
    assert asked(await service.current(WHO, T0)) == "effects"
    assert asked(await service.back(WHO, T0, 52, question_id="effects")) == "complex_files"


async def test_back_from_the_first_question_says_there_is_none(
    service: RespondentService,
) -> None:
    for _ in range(20):
        result = await service.back(WHO, T0)
        if isinstance(outcome(result), NoEarlier):
            break
    assert isinstance(outcome(result), NoEarlier)
    assert asked(result) == "administration"
