"""The pure comparison of two waves: which questions are compatible, and the change computed
from shown figures only, each wave through the release step on its own. Values by hand."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core import release
from bot.core.counts import Counts
from bot.core.figures import NO_GROUP, Figures, Hidden, Overview, QuestionFigures
from bot.core.questionnaire import Questionnaire, QuestionnaireError, parse_questionnaire
from bot.core.release import Scope, Survey
from bot.core.waves import Difference, Match, compare, compatibility
from tests.support.headers import ENGLISH_HEADER

MINIMUM = 5
OVERVIEW = Overview(started=10, in_progress=0, submitted=10, per_day=(), median_minutes=None)


def options(*ids: str) -> list[dict[str, str]]:
    return [{"id": i, "label": i.title()} for i in ids]


def survey(survey_id: str, *questions: dict[str, Any]) -> Questionnaire:
    return parse_questionnaire(
        {**ENGLISH_HEADER, "id": survey_id, "questions": [{"text": "?", **q} for q in questions]},
        f"{survey_id}.toml",
    )


def one(**question: Any) -> Questionnaire:
    return survey("w", question)


def only(questionnaire: Questionnaire) -> Any:
    return questionnaire.questions[0]


@pytest.mark.parametrize(
    ("earlier", "later", "difference"),
    [
        (
            {"type": "single", "options": options("a", "b")},
            {"type": "single", "options": options("b", "a")},
            None,
        ),
        (
            {"type": "single", "options": options("a", "b")},
            {"type": "single", "options": options("a", "c")},
            Difference.OPTIONS,
        ),
        (
            {"type": "single", "options": options("a", "b")},
            {"type": "single", "options": options("a", "b", "c")},
            Difference.OPTIONS,
        ),
        (
            {"type": "single", "options": options("a", "b")},
            {"type": "multiple", "options": options("a", "b")},
            Difference.TYPE,
        ),
        (
            {"type": "multiple", "options": options("a", "b")},
            {"type": "multiple", "options": options("a", "b"), "max": 1},
            None,
        ),
        ({"type": "yesno"}, {"type": "yesno"}, None),
        ({"type": "scale", "min": 1, "max": 5}, {"type": "scale", "min": 1, "max": 5}, None),
        (
            {"type": "scale", "min": 1, "max": 5},
            {"type": "scale", "min": 0, "max": 10},
            Difference.SCALE,
        ),
        ({"type": "number", "min": 0, "max": 40}, {"type": "number", "min": 0, "max": 60}, None),
        ({"type": "number"}, {"type": "decimal"}, Difference.TYPE),
        ({"type": "date"}, {"type": "date"}, Difference.DATES),
        ({"type": "text"}, {"type": "text"}, Difference.TEXTS),
    ],
)
def test_compatible_means_same_type_and_same_options_or_points(
    earlier: dict[str, Any], later: dict[str, Any], difference: Difference | None
) -> None:
    assert compatibility(only(one(id="q", **earlier)), only(one(id="q", **later))) is difference


EARLIER = survey(
    "w1",
    {"id": "site", "type": "single", "options": options("north", "south")},
    {"id": "often", "type": "single", "options": options("yes", "no")},
    {"id": "hours", "type": "number"},
    {"id": "gone", "type": "yesno"},
)
LATER = survey(
    "w2",
    {"id": "new", "type": "yesno"},
    {"id": "hours", "type": "number"},
    {"id": "often", "type": "single", "options": options("yes", "no")},
    {"id": "site", "type": "single", "options": options("north", "south", "east")},
)


def figures(*questions: QuestionFigures | Hidden) -> Figures:
    return Figures(OVERVIEW, 10, questions, complete=True)


def test_the_later_waves_order_then_the_earlier_waves_own() -> None:
    before = figures(
        QuestionFigures("site", 10, 0, {"north": 10, "south": 0}),
        QuestionFigures("often", 10, 0, {"yes": 6, "no": 4}),
        QuestionFigures("hours", 10, 0, {"10": 5, "20": 5}, mean=15, median=15),
        QuestionFigures("gone", 10, 0, {"yes": 10, "no": 0}),
    )
    after = figures(
        QuestionFigures("new", 10, 0, {"yes": 10, "no": 0}),
        QuestionFigures("hours", 10, 0, {"10": 8, "30": 2}, mean=14, median=10),
        QuestionFigures("often", 8, 2, {"yes": 2, "no": 6}),
        QuestionFigures("site", 10, 0, {"north": 5, "south": 0, "east": 5}),
    )
    waves = compare(EARLIER.questions, before, LATER.questions, after)
    assert [(q.question_id, q.match) for q in waves.questions] == [
        ("new", Match.NEW),
        ("hours", Match.COMPARED),
        ("often", Match.COMPARED),
        ("site", Match.DIFFERS),
        ("gone", Match.GONE),
    ]
    by_id = {q.question_id: q for q in waves.questions}
    assert by_id["site"].difference is Difference.OPTIONS and by_id["site"].change is None
    assert by_id["new"].earlier is None and by_id["gone"].later is None
    # 6 of 10 then 2 of 8: 60 % -> 25 %, -35 points; 40 % -> 75 %, +35 points.
    often = by_id["often"].change
    assert often is not None
    assert often.points == pytest.approx({"yes": -35.0, "no": 35.0})
    assert often.mean is None and often.median is None
    hours = by_id["hours"].change
    assert hours is not None
    assert (hours.points, hours.mean, hours.median) == ({}, -1, -5)


@pytest.mark.parametrize("hidden_in", ["earlier", "later", "both"])
def test_no_change_where_either_wave_is_hidden(hidden_in: str) -> None:
    shown = QuestionFigures("often", 10, 0, {"yes": 6, "no": 4})
    hidden = Hidden("often", MINIMUM)
    before = hidden if hidden_in in ("earlier", "both") else shown
    after = hidden if hidden_in in ("later", "both") else shown
    questions = [q for q in LATER.questions if q.id == "often"]
    row = compare(questions, figures(before), questions, figures(after)).questions[0]
    assert row.match is Match.COMPARED
    assert (row.earlier, row.later) == (before, after)
    assert row.change is None


def counts(answers: dict[str, int]) -> Counts:
    """Counts of `often` as a store gives them, no breakdown."""
    total = sum(answers.values())
    return Counts(
        respondents={NO_GROUP: total},
        values=[(NO_GROUP, "often", key, None, False, n) for key, n in answers.items()],
    )


def test_each_wave_goes_through_the_release_step_on_its_own() -> None:
    """Wave 2's four answers are hidden by its own threshold, whatever wave 1 shows: nothing
    of the four can be read as a difference from wave 1."""
    questions = [q for q in LATER.questions if q.id == "often"]
    shape = Survey(questions)
    scope = Scope(MINIMUM, complete=True)
    first = release.figures(counts({"yes": 6, "no": 4}), OVERVIEW, shape, scope)
    second = release.figures(counts({"yes": 3, "no": 1}), OVERVIEW, shape, scope)
    row = compare(questions, first, questions, second).questions[0]
    assert row.later == Hidden("often", MINIMUM)
    assert row.change is None
    # Seven answers in wave 2: shown, and the change is from the shown shares (5/7 - 6/10).
    third = release.figures(counts({"yes": 5, "no": 2}), OVERVIEW, shape, scope)
    change = compare(questions, first, questions, third).questions[0].change
    assert change is not None
    assert change.points["yes"] == pytest.approx(100 * 5 / 7 - 60)


def test_a_survey_cannot_follow_itself() -> None:
    with pytest.raises(QuestionnaireError) as error:
        parse_questionnaire(
            {
                **ENGLISH_HEADER,
                "compares_with": "t",
                "questions": [{"id": "q", "type": "yesno", "text": "?"}],
            },
            "wave.toml",
        )
    assert "wave.toml" in str(error.value)
    assert "compares_with: a survey cannot be compared with itself" in str(error.value)
