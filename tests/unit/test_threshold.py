"""No figure from fewer than `min_group_size` answers: the core rule, and the attacks on it."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping, Sequence

import pytest

from bot.core.figures import (
    Breakdown,
    Figures,
    Group,
    Hidden,
    Overview,
    QuestionFigures,
    ScoreFigures,
    release_point,
    shown_breakdown,
    shown_figures,
    shown_groups,
)

MINIMUM = 5
OVERVIEW = Overview(started=30, in_progress=0, submitted=30, per_day=(), median_minutes=None)


def question(counts: Mapping[str, int], question_id: str = "followup") -> QuestionFigures:
    """A single-choice question's figures with these counts."""
    return QuestionFigures(question_id, sum(counts.values()), 0, dict(counts))


def score(values: Mapping[float, int]) -> ScoreFigures:
    return ScoreFigures("wellbeing", sum(values.values()), 0, dict(values), None, None, ())


def test_a_question_or_score_of_fewer_answers_is_hidden_and_its_count_with_it() -> None:
    figures = Figures(
        OVERVIEW,
        included=30,
        questions=(
            question({"yes": 3, "no": 1}, "few"),
            question({"yes": 3, "no": 2}, "enough"),
            QuestionFigures("nobody", 0, 30, {}),
        ),
        complete=True,
        scores=(score({40.0: 2, 80.0: 2}),),
    )
    shown = shown_figures(figures, MINIMUM)
    assert shown.questions == (
        Hidden("few", MINIMUM),
        figures.questions[1],
        Hidden("nobody", MINIMUM),
    )
    assert shown.scores == (Hidden("wellbeing", MINIMUM),)
    assert shown.overview == figures.overview, "the live counts are not figures of a question"
    five = replace_score(figures, score({40.0: 2, 80.0: 3}))
    assert shown_figures(five, MINIMUM).scores == five.scores


def replace_score(figures: Figures, value: ScoreFigures) -> Figures:
    return Figures(figures.overview, figures.included, figures.questions, True, (value,))


def breakdown(columns: Sequence[Mapping[str, int]]) -> Breakdown:
    """Groups a, b, c… each with the follow-up question's counts, and a score over as many."""
    groups = tuple(
        Group(
            key,
            respondents=10,
            questions=(question(counts),),
            scores=(score({50.0: sum(counts.values())}),),
        )
        for key, counts in zip("abcdefgh", columns, strict=False)
    )
    return Breakdown("team", groups, 0, MINIMUM)


def subtract(whole: Counter[str], parts: Sequence[QuestionFigures]) -> Counter[str]:
    """What an attacker gets from the whole survey's counts minus these groups' counts."""
    rest = Counter(whole)
    for part in parts:
        rest.subtract(part.counts)
    return rest


def test_a_question_hidden_in_one_group_is_hidden_in_enough_others() -> None:
    # The follow-up question: 12 answers in group a, 7 in b, 3 in c (hidden there).
    columns = [{"yes": 8, "no": 4}, {"yes": 5, "no": 2}, {"yes": 1, "no": 2}]
    whole = Counter[str]()
    for counts in columns:
        whole.update(counts)
    assert whole == {"yes": 14, "no": 8}, "the whole survey's figure: 22 answers, shown"
    raw = breakdown(columns)

    # Hiding group c alone is not enough: the whole minus a and b is c, to the person.
    naive = [f for g in raw.groups for f in g.questions if isinstance(f, QuestionFigures)]
    naive = [f for f in naive if f.answered >= MINIMUM]
    assert subtract(whole, naive) == {"yes": 1, "no": 2}, "c recovered, to the person"

    split = shown_breakdown(raw, MINIMUM)
    figures = [g.questions[0] for g in split.groups]
    assert figures[2] == Hidden("followup", MINIMUM)
    assert figures[1] == Hidden("followup", MINIMUM), "b, the smallest shown, hides too"
    assert figures[0] == raw.groups[0].questions[0], "a stays"
    visible = [f for f in figures if isinstance(f, QuestionFigures)]
    # Every subtraction an attacker can make from what is shown:
    for size in range(len(visible) + 1):
        for parts in itertools.combinations(visible, size):
            rest = subtract(whole, parts)
            assert rest.total() == 0 or rest.total() >= MINIMUM, (parts, rest)
    assert subtract(whole, visible) == {"yes": 6, "no": 4}, "b and c together: 10 answers"
    assert [type(g.scores[0]) for g in split.groups] == [ScoreFigures, Hidden, Hidden]


@pytest.mark.parametrize("minimum", [2, 3, 5])
def test_no_subtraction_of_shown_groups_leaves_fewer_than_the_minimum(minimum: int) -> None:
    values = [0, 1, 2, 4, 5, 6, 9]
    for sizes in itertools.product(values, repeat=3):
        answered = dict(zip("abc", sizes, strict=True))
        shown = shown_groups(answered, minimum)
        assert all(answered[k] >= minimum for k in shown), answered
        if sum(sizes) < minimum:
            assert not shown, "the whole survey's figure is hidden, and so is every group's"
            continue
        for size in range(len(shown) + 1):
            for parts in itertools.combinations(sorted(shown), size):
                rest = sum(answered.values()) - sum(answered[k] for k in parts)
                assert rest == 0 or rest >= minimum, (answered, shown, parts)


def test_no_hidden_figure_goes_into_the_complement() -> None:
    hidden = Breakdown("team", (Group("a", 5, (Hidden("followup", MINIMUM),)),), 0, MINIMUM)
    with pytest.raises(ValueError, match="counts"):
        shown_breakdown(hidden, MINIMUM)


def views(per_batch: Mapping[int, int], minimum: int) -> list[int]:
    """How many answers a question's figures hold after each release, in turn."""
    counts = []
    for last in sorted(per_batch):
        point = release_point([{b: n for b, n in per_batch.items() if b <= last}], minimum)
        counts.append(sum(n for b, n in per_batch.items() if b <= point))
    return counts


def test_a_follow_up_question_waits_for_several_releases() -> None:
    # Each release lets in 5 responses; of those, 2, 2, 1, 0, 3 and 4 answer the follow-up.
    per_batch = {1: 2, 2: 2, 3: 1, 4: 0, 5: 3, 6: 4}
    assert views(per_batch, MINIMUM) == [0, 0, 5, 5, 5, 12]
    # Without release points, the views would hold 2, 4, 5, 5, 8, 12 answers: the third
    # minus the second would be one person's answer.
    naive = list(itertools.accumulate(per_batch[b] for b in sorted(per_batch)))
    assert naive == [2, 4, 5, 5, 8, 12]
    assert naive[2] - naive[1] == 1
    shown = views(per_batch, MINIMUM)
    for before, after in itertools.pairwise(shown):
        assert after == before or after - before >= MINIMUM, shown


@pytest.mark.parametrize("minimum", [2, 5])
def test_successive_views_never_differ_by_fewer_than_the_minimum(minimum: int) -> None:
    for answers in itertools.product([0, 1, 3, 5], repeat=4):
        shown = views(dict(enumerate(answers, start=1)), minimum)
        for before, after in itertools.pairwise([0, *shown]):
            assert after == before or after - before >= minimum, (answers, shown)


def in_groups(per_batch: Mapping[str, Mapping[int, int]], minimum: int) -> list[dict[str, int]]:
    """How many answers each group's figure holds after each release, in turn."""
    result = []
    for last in sorted({b for batches in per_batch.values() for b in batches}):
        parts = {g: {b: n for b, n in bs.items() if b <= last} for g, bs in per_batch.items()}
        point = release_point(list(parts.values()), minimum)
        result.append({g: sum(n for b, n in bs.items() if b <= point) for g, bs in parts.items()})
    return result


def test_a_group_moves_only_by_whole_groups_of_answers() -> None:
    # Release 1: 5 answers in north, 5 in south; release 2: 1 and 4; release 3: 4 and 1.
    per_batch = {"north": {1: 5, 2: 1, 3: 4}, "south": {1: 5, 2: 4, 3: 1}}
    whole = {b: per_batch["north"][b] + per_batch["south"][b] for b in (1, 2, 3)}
    assert views(whole, MINIMUM) == [10, 15, 20], "the whole survey moves at each release"
    # Grouped at the whole survey's point, north went from 5 to 6: the second view minus the
    # first is the answer of the one person of north in release 2.
    at_whole_point = [
        {g: sum(n for b, n in bs.items() if b <= last) for g, bs in per_batch.items()}
        for last in (1, 2, 3)
    ]
    assert [v["north"] for v in at_whole_point] == [5, 6, 10]
    assert at_whole_point[1]["north"] - at_whole_point[0]["north"] == 1
    shown = in_groups(per_batch, MINIMUM)
    assert shown == [
        {"north": 5, "south": 5},
        {"north": 5, "south": 5},
        {"north": 10, "south": 10},
    ]
    assert [sum(v.values()) for v in shown] == [10, 10, 20], "views the whole survey showed"


def test_groups_moving_on_their_own_would_give_one_answer_away() -> None:
    # North's one answer of release 2 waits for more; south's 4 + 5 are enough by release 3.
    per_batch = {"north": {1: 5, 2: 1, 3: 0}, "south": {1: 5, 2: 4, 3: 5}}
    whole = views({b: per_batch["north"][b] + per_batch["south"][b] for b in (1, 2, 3)}, 5)
    assert whole == [10, 15, 20], "the whole survey moves at each release"
    # Each group up to its own point: north 5, south 14, and the whole survey 20.
    apart = {g: views(bs, MINIMUM)[-1] for g, bs in per_batch.items()}
    assert apart == {"north": 5, "south": 14}
    assert whole[-1] - apart["north"] - apart["south"] == 1, "north's one answer of release 2"
    # At one point for both, each moving by none or by at least 5: they stay at release 1.
    assert in_groups(per_batch, MINIMUM)[-1] == {"north": 5, "south": 5}


@pytest.mark.parametrize("minimum", [2, 5])
def test_every_group_moves_by_none_or_by_the_minimum_at_a_point_the_whole_showed(
    minimum: int,
) -> None:
    for answers in itertools.product([0, 1, 3, 5], repeat=6):
        per_batch = {
            "a": dict(enumerate(answers[:3], start=1)),
            "b": dict(enumerate(answers[3:], start=1)),
        }
        whole = {b: per_batch["a"][b] + per_batch["b"][b] for b in (1, 2, 3)}
        whole_views = {0, *views(whole, minimum)}
        shown = in_groups(per_batch, minimum)
        for before, after in itertools.pairwise([{"a": 0, "b": 0}, *shown]):
            for group in "ab":
                moved = after[group] - before[group]
                assert moved == 0 or moved >= minimum, (answers, shown)
        for view in shown:
            assert sum(view.values()) in whole_views, (answers, shown)
