"""Piping: a later text shows an earlier answer, by its label, in the person's language."""

from __future__ import annotations

import pytest

from bot.core.answers import Answer
from bot.core.engine import Ask, Review
from bot.core.questionnaire import QuestionnaireError, load_questionnaire, parse_questionnaire
from bot.rendering.questions import question_text, review_text
from tests.support.headers import ENGLISH_HEADER
from tests.support.paths import REPO

PIPING = REPO / "tests" / "surveys" / "piping.toml"


def test_a_later_text_shows_the_earlier_answer_by_its_label() -> None:
    survey = load_questionnaire(PIPING)
    ease = survey.question("ease")
    answers = {"tool": Answer("crm")}
    french = question_text(survey, Ask(ease, 2, 2), "fr", answers)
    assert "« Le CRM » est-il facile à utiliser ?" in french
    assert "Vous avez répondu : Le CRM." in french
    dutch = question_text(survey, Ask(ease, 2, 2), "nl", answers)
    assert 'Is "De CRM" makkelijk te gebruiken?' in dutch
    recap = review_text(
        survey, Review(((survey.question("tool"), answers["tool"]), (ease, Answer(4)))), "fr"
    )
    assert "« Le CRM » est-il facile à utiliser ?" in recap


def test_without_the_answer_the_text_shows_an_ellipsis() -> None:
    survey = load_questionnaire(PIPING)
    text = question_text(survey, Ask(survey.question("ease"), 2, 2), "fr")
    assert "« … » est-il facile à utiliser ?" in text
    assert "{answer:" not in text


HEADER = ENGLISH_HEADER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "You said {answer:later}",
            "question 'first': text: {answer:later}: question 'later' comes later",
        ),
        (
            "You said {answer:nope}",
            "question 'first': text: {answer:nope}: question 'nope' does not exist",
        ),
        (
            "You said {answer:first}",
            "question 'first': text: {answer:first}: question 'first' is this one: a question "
            "cannot show its own answer",
        ),
    ],
)
def test_piping_looks_back_at_a_question_that_exists(text: str, expected: str) -> None:
    questions = [
        {"id": "first", "type": "yesno", "text": text},
        {"id": "later", "type": "yesno", "text": "Later"},
    ]
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire({**HEADER, "questions": questions}, "pipes.toml")
    assert expected in caught.value.problems
