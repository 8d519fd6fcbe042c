"""The core's one results step, on counts made by hand: release points, merged groups and hidden
figures, for questions and a score alike, with the values worked out by hand."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.core import release
from bot.core.counts import Arrivals, Counts, Points, Release, Texts
from bot.core.figures import (
    NO_GROUP,
    OTHER_GROUPS,
    Figures,
    Group,
    Hidden,
    Overview,
    QuestionFigures,
    ScoreFigures,
)
from bot.core.questionnaire import Questionnaire, parse_questionnaire
from bot.core.release import Scope, Survey
from tests.support.headers import ENGLISH_HEADER

MINIMUM = 3
OVERVIEW = Overview(started=12, in_progress=1, submitted=11, per_day=(), median_minutes=None)

# One row per response: (site, release, mood, why); why None: not asked.
RESPONSES: list[tuple[str, Release, int, str | None]] = [
    ("north", 1, 1, "a"),
    ("north", 1, 2, "a"),
    ("north", 1, 3, None),
    ("north", 2, 4, "a"),
    ("north", 2, 5, None),
    ("south", 1, 5, "b"),
    ("south", 1, 5, None),
    ("south", 1, 4, None),
    ("south", 2, 1, None),
    ("east", 1, 2, None),
    ("north", None, 3, "b"),  # submitted, not released yet
]


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return parse_questionnaire(
        {
            **ENGLISH_HEADER,
            "questions": [
                {
                    "id": "site",
                    "type": "single",
                    "text": "Site?",
                    "breakdown": True,
                    "options": [
                        {"id": "north", "label": "North"},
                        {"id": "south", "label": "South"},
                        {"id": "east", "label": "East"},
                    ],
                },
                {"id": "mood", "type": "scale", "text": "Mood?", "min": 1, "max": 5},
                {
                    "id": "why",
                    "type": "single",
                    "text": "Why?",
                    "optional": True,
                    "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
                },
            ],
            "scores": [{"id": "wellbeing", "label": "Well-being", "items": ["mood"]}],
        },
        "release.toml",
    )


def arrivals_of(by_site: bool) -> Arrivals:
    """What each release of RESPONSES brought, as a store reads it, broken down by site or not."""
    respondents: Counter[tuple[str, int]] = Counter()
    answered: Counter[tuple[str, str, int]] = Counter()
    scored: Counter[tuple[str, str, int]] = Counter()
    for site, batch, _, why in RESPONSES:
        if batch is None:
            continue
        group = site if by_site else NO_GROUP
        respondents[(group, batch)] += 1
        for question_id in ("site", "mood", "why") if why is not None else ("site", "mood"):
            answered[(group, question_id, batch)] += 1
        scored[(group, "wellbeing", batch)] += 1
    return Arrivals(dict(respondents), dict(answered), dict(scored))


def counts_of(by_site: bool, points: Points | None) -> Counts:
    """The counts a store gives for RESPONSES, broken down by site or not: every response, or
    those released up to `points`, each question and score up to its own point."""

    def upto(batch: Release, point: int) -> bool:
        return points is None or (batch is not None and batch <= min(point, points.last))

    def question_point(question_id: str) -> int:
        return 0 if points is None else points.questions[question_id]

    respondents: Counter[str] = Counter()
    values: Counter[tuple[str, str, str, float | None, bool]] = Counter()
    scores: Counter[tuple[str, str, float | None]] = Counter()
    for site, batch, mood, why in RESPONSES:
        group = site if by_site else NO_GROUP
        if not upto(batch, 0 if points is None else points.last):
            continue
        respondents[group] += 1
        if upto(batch, question_point("site")):
            values[(group, "site", site, None, False)] += 1
        if upto(batch, question_point("mood")):
            values[(group, "mood", "", mood, False)] += 1
        if why is not None and upto(batch, question_point("why")):
            values[(group, "why", why, None, False)] += 1
        if upto(batch, 0 if points is None else points.scores["wellbeing"]):
            scores[(group, "wellbeing", float(mood))] += 1
    return Counts(
        respondents=dict(respondents),
        values=[(*key, n) for key, n in values.items()],
        scores=dict(scores),
    )


def released(questionnaire: Questionnaire, *, by_site: bool, broken_down: bool) -> Counts:
    """The counts of the released responses, each figure up to its release point."""
    survey = survey_of(questionnaire)
    points = release.points(arrivals_of(by_site), survey, MINIMUM, broken_down=broken_down)
    return counts_of(by_site, points)


def survey_of(questionnaire: Questionnaire) -> Survey:
    return Survey(questionnaire.questions, questionnaire.scores)


def question(figures: Figures | Group, question_id: str) -> QuestionFigures | Hidden:
    return next(
        f
        for f in figures.questions
        if (f.id if isinstance(f, Hidden) else f.question_id) == question_id
    )


def test_release_points_come_from_what_each_release_brought(
    questionnaire: Questionnaire,
) -> None:
    survey = survey_of(questionnaire)
    # The whole survey: release 1 brings 7 answers to site, mood and the score, 3 to why;
    # release 2 brings 3, and 1 to why: fewer than 3, so why stays at release 1.
    for by_site in (False, True):
        assert release.points(arrivals_of(by_site), survey, MINIMUM) == Points(
            2, {"site": 2, "mood": 2, "why": 1}, {"wellbeing": 2}
        )
    # By site, north and the merged others: release 2 brings north 2 and the others 1, fewer
    # than 3 in each; why never brings 3 to both.
    assert release.points(arrivals_of(True), survey, MINIMUM, broken_down=True) == Points(
        2, {"site": 1, "mood": 1, "why": 0}, {"wellbeing": 1}
    )


@pytest.mark.parametrize("by_site", [False, True], ids=["whole", "counted by site"])
def test_the_whole_survey_takes_each_question_up_to_its_own_release_point(
    questionnaire: Questionnaire, by_site: bool
) -> None:
    scope = Scope(MINIMUM, complete=False)
    counts = released(questionnaire, by_site=by_site, broken_down=False)
    shown = release.figures(counts, OVERVIEW, survey_of(questionnaire), scope)
    assert shown.included == 10, "the response not released yet is left out"
    # mood: 7 answers in release 1, 3 in release 2: both points. 1, 2, 3, 4, 5, 5, 5, 4, 1, 2.
    assert question(shown, "mood") == QuestionFigures(
        "mood", 10, 0, {"1": 2, "2": 2, "3": 1, "4": 2, "5": 3}, 3.2, 3.5
    )
    # why: 3 answers in release 1 (a point), 1 in release 2 (not yet one): release 1 only.
    assert question(shown, "why") == QuestionFigures("why", 3, 0, {"a": 2, "b": 1})
    # The score follows its item's releases: the same 10 values.
    assert shown.scores == (
        ScoreFigures("wellbeing", 10, 0, {1.0: 2, 2.0: 2, 3.0: 1, 4.0: 2, 5.0: 3}, 3.2, 3.5, ()),
    )


def test_the_owners_view_takes_every_submitted_response(questionnaire: Questionnaire) -> None:
    scope = Scope(MINIMUM, complete=True)
    shown = release.figures(counts_of(False, None), OVERVIEW, survey_of(questionnaire), scope)
    assert shown.included == 11
    assert question(shown, "why") == QuestionFigures("why", 5, 0, {"a": 3, "b": 2})
    (wellbeing,) = shown.scores
    assert isinstance(wellbeing, ScoreFigures)
    assert (wellbeing.scored, wellbeing.values[3.0]) == (11, 2)


def test_a_breakdown_merges_small_groups_and_moves_them_by_whole_groups_of_answers(
    questionnaire: Questionnaire,
) -> None:
    scope = Scope(MINIMUM, complete=False)
    site = questionnaire.question("site")
    counts = released(questionnaire, by_site=True, broken_down=True)
    split = release.breakdown(counts, site, survey_of(questionnaire), scope)
    # north 5, south 4, east 1: east alone would be the whole minus the others, so south,
    # the smallest shown group, joins it: north 5 and the others 5.
    assert [(g.key, g.respondents) for g in split.groups] == [("north", 5), (OTHER_GROUPS, 5)]
    assert split.hidden == 0
    north, others = split.groups
    # mood: release 1 brings 3 to north and 4 to the others; release 2 only 2 and 1, fewer
    # than 3 in each: both stay at release 1.
    assert question(north, "mood") == QuestionFigures(
        "mood", 3, 0, {"1": 1, "2": 1, "3": 1, "4": 0, "5": 0}, 2.0, 2.0
    )
    assert question(others, "mood") == QuestionFigures(
        "mood", 4, 0, {"1": 0, "2": 1, "3": 0, "4": 1, "5": 2}, 4.0, 4.5
    )
    # why: release 1 brings 2 to north and 1 to the others: no point yet, nothing to show.
    assert question(north, "why") == Hidden("why", MINIMUM)
    assert question(others, "why") == Hidden("why", MINIMUM)
    # The breakdown question's own counts are blanked: they would give away each small group.
    assert question(others, "site") == QuestionFigures("site", 4, 0, {})
    # The score moves with the same rules: north 1, 2, 3; the others 5, 5, 4, 2.
    assert north.scores == (
        ScoreFigures("wellbeing", 3, 0, {1.0: 1, 2.0: 1, 3.0: 1}, 2.0, 2.0, ()),
    )
    assert others.scores == (
        ScoreFigures("wellbeing", 4, 0, {2.0: 1, 4.0: 1, 5.0: 2}, 4.0, 4.5, ()),
    )


def test_a_breakdown_hides_a_figure_in_one_group_and_its_complement(
    questionnaire: Questionnaire,
) -> None:
    # Every response, for the owner: north 6 (mood 1, 2, 3, 4, 5, 3), the others 5.
    site = questionnaire.question("site")
    split = release.breakdown(
        counts_of(True, None), site, survey_of(questionnaire), Scope(MINIMUM, complete=True)
    )
    north, others = split.groups
    assert (north.respondents, others.respondents) == (6, 5)
    # why: north a, a, a, b (4 answers), the others b (1): hidden there, and so in north too,
    # or the whole survey's 5 minus north's 4 would give the one answer away.
    assert question(north, "why") == Hidden("why", MINIMUM)
    assert question(others, "why") == Hidden("why", MINIMUM)
    assert isinstance(question(north, "mood"), QuestionFigures)


def test_the_step_runs_twice_on_two_sets_of_counts_each_on_its_own(
    questionnaire: Questionnaire,
) -> None:
    """Two waves: each thresholded on its own counts, the first unchanged by the second."""
    survey, scope = survey_of(questionnaire), Scope(MINIMUM, complete=False)
    counts = released(questionnaire, by_site=False, broken_down=False)
    first = release.figures(counts, OVERVIEW, survey, scope)
    few = Counts(
        respondents={NO_GROUP: 2},
        values=[(NO_GROUP, "mood", "", 4, False, 2)],
        scores={(NO_GROUP, "wellbeing", 4.0): 2},
    )
    second = release.figures(few, OVERVIEW, survey, scope)
    assert question(second, "mood") == Hidden("mood", MINIMUM)
    assert second.scores == (Hidden("wellbeing", MINIMUM),)
    assert first == release.figures(counts, OVERVIEW, survey, scope)


def test_free_texts_follow_their_questions_release_point(questionnaire: Questionnaire) -> None:
    typed: Texts = {
        ("why", 1): ["Zèbre", "abc"],
        ("why", 2): ["late"],
        ("gone", 1): ["old question"],
    }
    survey = survey_of(questionnaire)
    points = release.points(arrivals_of(False), survey, MINIMUM)
    texts = release.texts(typed, points, survey)
    assert texts == {"why": ["abc", "Zèbre"]}, "release 2 is past why's point"
    everything = release.texts(typed, None, survey)
    assert everything == {"why": ["abc", "late", "Zèbre"]}
