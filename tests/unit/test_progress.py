"""Progress never goes back: over every path through the shipped survey and the tests' surveys
with conditions, forward, with *back* and with answers changed from the recap.

Every path: each answer that a condition looks at is given in each of its ways (each option,
yes and no, a skip); the others in one way. On each path, every step may go back one question
and be answered again in each way, and the recap may re-open any question and have it
answered in each way, once per path.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.answers import Invalid, SessionState
from bot.core.engine import Accepted, Ask, AskOther, Engine, Review
from bot.core.questionnaire import Questionnaire, load_questionnaire
from bot.core.questions import Question
from bot.i18n import yes_no_words
from tests.support.agents import condition_sources
from tests.support.paths import SHIPPED_SURVEY

TYPED = ("3", "12", "0", "11/02/2020", "1,5", "oui", "Un texte")
"""Typed answers tried in turn; the first few a question takes are its ways of answering."""

SURVEYS = [SHIPPED_SURVEY] + [
    path
    for path in sorted((Path(__file__).parents[1] / "surveys").glob("*.toml"))
    if "when" in path.read_text(encoding="utf-8")
]


def ways(engine: Engine, state: SessionState, question: Question) -> Iterator[SessionState]:
    """The states after each way of answering `question`, the question being asked."""
    buttons = question.buttons(state.seed)
    outcomes = (
        [engine.choose(state, question.id, [b.value]) for b in buttons.choices]
        if buttons is not None
        else [engine.submit_input(state, question.id, raw) for raw in TYPED]
    )
    if question.optional:
        outcomes.append(engine.skip(state))
    taken = [o.state for o in outcomes if isinstance(o, Accepted)]
    assert taken, f"no way to answer {question.id}"
    yield from taken[:3]


class Walk:
    """Walks every path of a survey, checking the progress each step shows."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.engine = Engine(questionnaire, yes_no_words())
        self.sources = condition_sources(questionnaire)
        self.steps = 0

    def walk(self, state: SessionState, shown: int, detoured: bool = False) -> None:
        """Go on from `state`, the last progress shown being `shown`."""
        engine = self.engine
        step = engine.next_step(state)
        self.steps += 1
        if isinstance(step, Review):
            if not detoured:
                for question, _ in step.answers:
                    reopened = engine.revisit(state, question.id)
                    assert reopened is not None
                    self.walk(reopened, shown, detoured=True)
            return
        assert step.progress >= shown, (step.question.id, step.progress, shown)
        assert 0 <= step.progress < 100
        if isinstance(step, AskOther):
            after = engine.give_other(state, "Autre chose")
            assert not isinstance(after, Invalid) and isinstance(after, Accepted)
            self.walk(after.state, step.progress, detoured)
            return
        assert isinstance(step, Ask)
        every = step.question.id in self.sources or state.cursor is not None
        for answered in list(ways(engine, state, step.question))[: None if every else 1]:
            self.walk(answered, step.progress, detoured)
        if not detoured:
            back = engine.back(state)
            if back is not None:
                self.walk(back, step.progress, detoured=True)


@pytest.mark.parametrize("path", SURVEYS, ids=lambda p: p.name)
def test_progress_never_goes_back_on_any_path(path: Path) -> None:
    questionnaire = load_questionnaire(path)
    walk = Walk(questionnaire)
    for language in questionnaire.languages[:1]:
        walk.walk(SessionState(language, seed="seed"), 0)
    assert walk.steps > 3 * len(questionnaire.questions)


def test_a_changed_answer_that_opens_a_question_does_not_take_progress_back() -> None:
    """The shipped survey: "no" to the training, then back and "yes": the question on the
    training opens, one more ahead, and the bar stays where it was."""
    engine = Engine(load_questionnaire(SHIPPED_SURVEY), yes_no_words())
    state = SessionState("fr")
    for question_id, value in [
        ("administration", "agpr"),
        ("line", "second"),
        ("phone_frequency", "daily"),
    ]:
        outcome = engine.choose(state, question_id, [value])
        assert isinstance(outcome, Accepted)
        state = outcome.state
    typed = engine.submit_input(state, "phone_hours", "12")
    assert isinstance(typed, Accepted)
    said_no = engine.choose(typed.state, "training", ["no"])
    assert isinstance(said_no, Accepted)
    before = engine.next_step(said_no.state)
    assert isinstance(before, Ask) and before.question.id == "calls_per_day"
    back = engine.back(said_no.state)
    assert back is not None
    said_yes = engine.choose(back, "training", ["yes"])
    assert isinstance(said_yes, Accepted)
    after = engine.next_step(said_yes.state)
    assert isinstance(after, Ask) and after.question.id == "training_use"
    assert after.progress >= before.progress > 0
