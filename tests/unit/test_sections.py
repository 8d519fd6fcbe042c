"""Sections and notes: read from the file, asked per section, conditions on whole sections."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.answers import Answer, SessionState
from bot.core.engine import Ask, Engine, Review
from bot.core.questionnaire import QuestionnaireError, load_questionnaire, parse_questionnaire
from bot.i18n import yes_no_words
from bot.rendering.questions import preamble_text, question_text
from tests.support.headers import ENGLISH_HEADER
from tests.support.paths import REPO

SECTIONS = REPO / "tests" / "surveys" / "sections.toml"


def ask(engine: Engine, answers: dict[str, Answer]) -> Ask:
    step = engine.next_step(SessionState("fr", answers))
    assert isinstance(step, Ask)
    return step


def test_questions_remember_their_section_and_notes() -> None:
    survey = load_questionnaire(SECTIONS)
    assert [q.id for q in survey.questions] == ["phone", "years", "per-day", "stress"]
    assert [q.section for q in survey.questions] == ["you", "you", "calls", "calls"]
    assert survey.question("per-day").notes == ["calls-note"]
    assert [s.id for s in survey.sections] == ["you", "calls"]


def test_progress_reads_per_section_and_the_section_opens_with_its_title() -> None:
    survey = load_questionnaire(SECTIONS)
    engine = Engine(survey, yes_no_words())
    first = ask(engine, {})
    assert first.opens_section and first.in_section == (1, 2)
    assert question_text(survey, first, "fr").startswith("Vous · question 1 · ")
    preamble = preamble_text(survey, first, "fr")
    assert preamble == "— Vous —\nD'abord votre travail."
    second = ask(engine, {"phone": Answer(True)})
    assert not second.opens_section and second.in_section == (2, 2)
    assert preamble_text(survey, second, "fr") is None
    third = ask(engine, {"phone": Answer(True), "years": Answer(3)})
    assert third.question.id == "per-day" and third.in_section == (1, 2)
    assert preamble_text(survey, third, "nl") == "— De oproepen —\n\nDenk aan de voorbije week."


def test_a_section_condition_applies_to_each_of_its_questions() -> None:
    survey = load_questionnaire(SECTIONS)
    engine = Engine(survey, yes_no_words())
    step = engine.next_step(SessionState("fr", {"phone": Answer(False), "years": Answer(3)}))
    assert isinstance(step, Review), "no call questions for who does not answer the phone"
    assert [q.id for q, _ in step.answers] == ["phone", "years"]


HEADER = ENGLISH_HEADER
QUESTION = {"id": "q", "type": "yesno", "text": "Q?"}


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (
            [{"type": "section", "id": "s", "title": "S", "colour": "red"}, QUESTION],
            "section 's': colour: unknown field",
        ),
        (
            [QUESTION, {"type": "note", "id": "n", "text": "N"}],
            "note 'n': a note is shown before a question: none follows",
        ),
        (
            [{"type": "section", "id": "q", "title": "S"}, QUESTION],
            "'q': id: the id is used twice (questions, sections, notes, batteries)",
        ),
        (
            [{"type": "section", "id": "s"}, QUESTION],
            "section 's': title:",
        ),
    ],
)
def test_a_broken_section_or_note_is_named(entries: list[dict[str, Any]], expected: str) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire({**HEADER, "questions": entries}, "parts.toml")
    found = caught.value.problems
    assert any(problem.startswith(expected) for problem in found), found
