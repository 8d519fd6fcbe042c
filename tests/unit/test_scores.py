"""Scores and batteries: the published instruments scored as their authors define them."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.answers import Answer, SessionState
from bot.core.engine import Ask, Engine
from bot.core.questionnaire import (
    Questionnaire,
    QuestionnaireError,
    load_questionnaire,
    parse_questionnaire,
)
from bot.core.questions.base import Buttons, QuestionBase
from bot.core.scores import score_figures
from bot.i18n import yes_no_words
from tests.support.headers import ENGLISH_HEADER
from tests.support.paths import SURVEYS

WHO5 = SURVEYS / "examples" / "who5.toml"
SUS = SURVEYS / "examples" / "sus.toml"


def buttons(question: QuestionBase) -> Buttons:
    shown = question.buttons()
    assert shown is not None
    return shown


@pytest.fixture(scope="module")
def who5() -> Questionnaire:
    return load_questionnaire(WHO5)


@pytest.fixture(scope="module")
def sus() -> Questionnaire:
    return load_questionnaire(SUS)


def test_the_who5_battery_becomes_five_questions_that_share_its_stem(who5: Questionnaire) -> None:
    assert [q.id for q in who5.questions] == [f"who5_{i}" for i in range(1, 6)]
    assert {q.battery for q in who5.questions} == {"who5"}
    assert who5.battery("who5").items == [q.id for q in who5.questions]
    options = [[b.value for b in buttons(q).choices] for q in who5.questions]
    assert options == [["all", "most", "more-half", "less-half", "some", "never"]] * 5


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # 5+4+3+2+1 = 15, times 4
        (["all", "most", "more-half", "less-half", "some"], 60.0),
        (["all"] * 5, 100.0),
        (["never"] * 5, 0.0),
        # 3+3+2+2+2 = 12, times 4: poor well-being (<= 50)
        (["more-half", "more-half", "less-half", "less-half", "less-half"], 48.0),
    ],
)
def test_who5_scores_as_the_who_computes_them(
    who5: Questionnaire, answers: list[str], expected: float
) -> None:
    given = {f"who5_{i}": Answer(a) for i, a in enumerate(answers, start=1)}
    assert who5.scores[0].of(who5.question_map, given) == expected


def test_who5_needs_every_item(who5: Questionnaire) -> None:
    given = {f"who5_{i}": Answer("all") for i in range(1, 5)}
    assert who5.scores[0].of(who5.question_map, given) is None
    given["who5_5"] = Answer(None)  # skipped
    assert who5.scores[0].of(who5.question_map, given) is None


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # Brooke's rule: odd items give (answer - 1), even items (5 - answer); sum times 2.5.
        ([5, 1, 5, 1, 5, 1, 5, 1, 5, 1], 100.0),
        ([1, 5, 1, 5, 1, 5, 1, 5, 1, 5], 0.0),
        ([3] * 10, 50.0),
        # odd: 4+3+3+4+3 = 17, even: 3+4+3+2+3 = 15; 32 times 2.5
        ([5, 2, 4, 1, 4, 2, 5, 3, 4, 2], 80.0),
    ],
)
def test_sus_scores_as_brooke_defines_them(
    sus: Questionnaire, answers: list[int], expected: float
) -> None:
    given = {f"sus_{i}": Answer(str(a)) for i, a in enumerate(answers, start=1)}
    assert sus.scores[0].of(sus.question_map, given) == expected


def test_score_figures_count_bands_and_unscored_responses(who5: Questionnaire) -> None:
    score = who5.scores[0]
    figures = score_figures(score, [20.0, 48.0, 52.0, 100.0, None])
    assert (figures.scored, figures.unscored) == (4, 1)
    assert figures.bands == (1, 1, 2)  # <= 28, <= 50, <= 100
    assert figures.mean == 55.0
    assert figures.median == 50.0
    assert figures.values == {20.0: 1, 48.0: 1, 52.0: 1, 100.0: 1}


def test_a_battery_opens_with_its_stem_once(who5: Questionnaire) -> None:
    engine = Engine(who5, yes_no_words())
    state = SessionState("fr")
    first = engine.next_step(state)
    assert isinstance(first, Ask) and first.opens_battery
    state = SessionState("fr", {"who5_1": Answer("all")})
    second = engine.next_step(state)
    assert isinstance(second, Ask) and second.question.id == "who5_2"
    assert not second.opens_battery


HEADER = ENGLISH_HEADER
SCALE = {"type": "scale", "min": 1, "max": 5}


def problems(questions: list[dict[str, Any]], **extra: Any) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire({**HEADER, "questions": questions, **extra}, "bad.toml")
    assert caught.value.path == "bad.toml"
    return caught.value.problems


def battery(**fields: Any) -> dict[str, Any]:
    return {
        "type": "battery",
        "id": "b",
        "text": "Stem",
        "answer": SCALE,
        "items": [{"id": "b1", "text": "One"}, {"id": "b2", "text": "Two", "reverse": True}],
        **fields,
    }


def test_a_valid_battery_and_score_are_accepted() -> None:
    survey = parse_questionnaire(
        {
            **HEADER,
            "questions": [battery()],
            "scores": [{"id": "s", "label": "S", "items": ["b1", "b2"], "method": "mean"}],
        },
        "good.toml",
    )
    given = {"b1": Answer(5), "b2": Answer(2)}  # b2 reversed: 1 + 5 - 2 = 4
    assert survey.scores[0].of(survey.question_map, given) == 4.5


@pytest.mark.parametrize(
    ("questions", "extra", "expected"),
    [
        ([battery(answer=None)], {}, "battery 'b': answer: give the items' way of answering"),
        ([battery(items=[])], {}, "battery 'b': items: a battery needs at least one item"),
        (
            [battery(items=[{"id": "b1", "text": "One", "colour": "red"}])],
            {},
            "battery 'b': item 'b1': colour: unknown field",
        ),
        (
            [battery()],
            {"scores": [{"id": "s", "label": "S", "items": ["b1", "nope"]}]},
            "score 's': items: question 'nope' does not exist",
        ),
        (
            [battery(), {"id": "t", "type": "text", "text": "Say"}],
            {"scores": [{"id": "s", "label": "S", "items": ["b1", "t"]}]},
            "score 's': items: question 't': only scales, choices with option values, yes/no "
            "and numbers can be scored",
        ),
        (
            [
                {
                    "id": "c",
                    "type": "single",
                    "text": "C",
                    "options": [{"id": "a", "label": "A", "value": 1}, {"id": "b", "label": "B"}],
                }
            ],
            {"scores": [{"id": "s", "label": "S", "items": ["c"]}]},
            "score 's': items: question 'c': give every option a value to score this question",
        ),
        (
            [battery()],
            {"scores": [{"id": "s", "label": "S", "items": ["b1"], "min_answered": 2}]},
            "score 's': min_answered: 2 is more than the 1 items",
        ),
        (
            [{"id": "t", "type": "text", "text": "Say", "reverse": True}],
            {},
            "question 't': reverse: only scales, choices with option values, yes/no and "
            "numbers can be scored",
        ),
    ],
)
def test_a_broken_battery_or_score_is_named_with_its_field(
    questions: list[dict[str, Any]], extra: dict[str, Any], expected: str
) -> None:
    found = problems(questions, **extra)
    assert any(problem.startswith(expected) for problem in found), found


def shuffled_battery(items: int = 6, **fields: Any) -> dict[str, Any]:
    listed = [{"id": f"b{i}", "text": f"Item {i}"} for i in range(1, items + 1)]
    return battery(items=listed, randomize=True, **fields)


def shuffled_survey() -> Engine:
    survey = parse_questionnaire(
        {
            **HEADER,
            "questions": [
                {"id": "before", "type": "yesno", "text": "Before"},
                shuffled_battery(),
                {"id": "after", "type": "yesno", "text": "After"},
            ],
        },
        "good.toml",
    )
    return Engine(survey, yes_no_words())


def walk(engine: Engine, seed: str) -> list[str]:
    """The question ids one session meets, answering each with the scale's first point."""
    state = SessionState("en", seed=seed)
    asked: list[str] = []
    while isinstance(step := engine.next_step(state), Ask):
        asked.append(step.question.id)
        answer = Answer(True) if step.question.id in {"before", "after"} else Answer(1)
        state = SessionState("en", {**state.answers, step.question.id: answer}, seed=seed)
    return asked


def test_a_randomized_battery_shows_its_items_in_an_order_of_each_session() -> None:
    engine = shuffled_survey()
    items = [f"b{i}" for i in range(1, 7)]
    orders = {seed: walk(engine, seed) for seed in ("s1", "s2", "s3", "s4")}
    for order in orders.values():
        assert order[0] == "before" and order[-1] == "after", "only the items trade places"
        assert sorted(order[1:-1]) == items
    # The same seed gives the same order (a resumed session), and sessions differ.
    assert walk(engine, "s1") == orders["s1"]
    assert len({tuple(order) for order in orders.values()}) > 1
    # The stem opens whichever item comes first; the recap and figures keep the file's order.
    first_item = engine.next_step(SessionState("en", {"before": Answer(True)}, seed="s2"))
    assert isinstance(first_item, Ask) and first_item.opens_battery
    assert first_item.question.id == orders["s2"][1]
    assert [q.id for q in engine.questionnaire.questions][1:-1] == items


def test_a_randomized_battery_is_refused_when_its_items_look_at_one_another() -> None:
    items = [
        {"id": "b1", "text": "One"},
        {"id": "b2", "text": "Two", "when": {"question": "b1", "equals": 1}},
        {"id": "b3", "text": "After {answer:b1}"},
    ]
    found = problems([battery(items=items, randomize=True)])
    assert (
        "battery 'b': randomize: item 'b2' depends on item 'b1', and items shown in a "
        "random order cannot depend on one another"
    ) in found
    assert any(
        p.startswith("battery 'b': randomize: item 'b3' depends on item 'b1'") for p in found
    )
    # Without randomize the same battery is fine: b1 is always asked first.
    parse_questionnaire({**HEADER, "questions": [battery(items=items)]}, "good.toml")
    single = problems([shuffled_battery(items=1)])
    assert "battery 'b': randomize: a battery needs at least two items to be shuffled" in single


def test_bands_must_rise() -> None:
    bands = [{"max": 50, "label": "high"}, {"max": 20, "label": "low"}]
    found = problems(
        [battery()], scores=[{"id": "s", "label": "S", "items": ["b1"], "bands": bands}]
    )
    assert "score 's': bands: bands go from the lowest 'max' to the highest" in found
