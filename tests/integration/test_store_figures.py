"""The figures computed in SQL over submitted responses: counts, means, batches, breakdowns."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bot.app.respondents import RespondentService
from bot.core.engine import Review
from bot.core.figures import OTHER_GROUPS, Breakdown, Group, QuestionFigures
from storage.database import SurveyStore
from tests.support.answering import BASE, Harness, Reply, drive, replies

T0 = datetime(2020, 2, 3, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Respondent:
    user_id: int
    answers: dict[str, Reply]
    begin: datetime
    submit: datetime
    other: str | None = None


KNOWN = (
    Respondent(
        8001,
        replies(calls_per_day="20", comments="a"),
        datetime(2020, 2, 3, 9, 0, tzinfo=UTC),
        datetime(2020, 2, 3, 9, 4, tzinfo=UTC),
    ),
    Respondent(
        8002,
        replies(
            line=["second"],
            phone_frequency=["weekly"],
            phone_hours="4",
            training=["no"],
            calls_per_day=None,
            unanswered=["always"],
            effects=["none"],
            since_november=["worse"],
            rating="2",
            comments=None,
        ),
        # 23:10 UTC is past midnight in Brussels: the day is the 4th.
        datetime(2020, 2, 3, 22, 50, tzinfo=UTC),
        datetime(2020, 2, 3, 23, 10, tzinfo=UTC),
    ),
    Respondent(
        8003,
        replies(
            administration=["agdp"],
            line=["both"],
            phone_hours="20",
            training_use="2",
            calls_per_day="40",
            complex_files=["gt50"],
            effects=["stress", "overtime", "interruptions"],
            support=["helped"],
            rating="5",
            comments="b",
        ),
        datetime(2020, 2, 4, 10, 0, tzinfo=UTC),
        datetime(2020, 2, 4, 10, 0, 30, tzinfo=UTC),
    ),
    Respondent(
        8004,
        replies(
            administration=["other"],
            phone_frequency=["less"],
            phone_hours="0",
            training=["no"],
            calls_per_day=None,
            unanswered=["sometimes"],
            complex_files=["dont_know"],
            effects=["backlog"],
            since_november=["improved"],
            rating="8",
            comments=None,
        ),
        datetime(2020, 2, 5, 8, 0, tzinfo=UTC),
        datetime(2020, 2, 5, 8, 7, 10, tzinfo=UTC),
        other="Douanes",
    ),
    Respondent(
        8005,
        replies(
            administration=["agdp"],
            line=["second"],
            phone_hours="7",
            training_use="5",
            calls_per_day="30",
            effects=["interruptions"],
            comments="c",
        ),
        datetime(2020, 2, 5, 12, 0, tzinfo=UTC),
        datetime(2020, 2, 5, 12, 12, tzinfo=UTC),
    ),
)


async def submit_all(service: RespondentService, respondents: Iterable[Respondent]) -> None:
    for r in respondents:
        done = await drive(
            service, r.user_id, r.answers, r.begin, other=r.other, submit_at=r.submit
        )
        assert isinstance(done.step, Review)


async def known_responses(harness: Harness) -> SurveyStore:
    """Open the store with the KNOWN responses submitted and one response still in progress."""
    service = await harness.open()
    assert harness.store is not None
    await submit_all(service, KNOWN)
    await drive(service, 8100, BASE, T0, stop_at="phone_frequency")
    return harness.store


async def test_figures_over_known_responses(harness: Harness) -> None:
    store = await known_responses(harness)

    result = await store.figures(complete=True)
    assert result.complete
    assert result.included == 5
    overview = result.overview
    assert (overview.started, overview.in_progress, overview.submitted) == (6, 1, 5)
    assert overview.per_day == (("2020-02-03", 1), ("2020-02-04", 2), ("2020-02-05", 2))
    assert overview.median_minutes == 8.0  # durations 4, 20, 1, 8, 12
    assert overview.completion_rate == pytest.approx(5 / 6)

    by_id = {q.question_id: q for q in result.questions}
    assert list(by_id) == [q.id for q in harness.questionnaire.questions]

    administration = by_id["administration"]
    assert administration.counts == {"agpr": 2, "agdp": 2, "tresorerie": 0, "other": 1}
    assert (administration.answered, administration.skipped, administration.texts) == (5, 0, 1)
    assert administration.mean is None

    assert by_id["training"].counts == {"yes": 3, "no": 2}
    assert by_id["training"].answered == 5

    training_use = by_id["training_use"]
    assert training_use.counts == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}
    assert training_use.answered == 3
    assert training_use.mean == pytest.approx(11 / 3)
    assert training_use.median == 4.0

    hours = by_id["phone_hours"]
    assert hours.counts == {"0": 1, "4": 1, "7": 1, "10": 1, "20": 1}
    assert list(hours.counts) == ["0", "4", "7", "10", "20"], "numbers sort as numbers"
    assert hours.mean == pytest.approx(8.2)
    assert hours.median == 7.0

    calls = by_id["calls_per_day"]
    assert (calls.answered, calls.skipped) == (3, 2)
    assert calls.mean == pytest.approx(30.0)
    assert calls.median == 30.0

    assert by_id["effects"].counts == {
        "backlog": 2,
        "interruptions": 2,
        "stress": 2,
        "overtime": 1,
        "none": 1,
    }
    assert by_id["effects"].answered == 5
    complex_files = by_id["complex_files"]
    assert complex_files.counts == {"lt25": 1, "25-50": 0, "gt50": 1, "dont_know": 1}
    assert (complex_files.answered, complex_files.skipped) == (3, 0), "not applicable != skipped"
    assert by_id["support"].answered == 2

    rating = by_id["rating"]
    assert rating.counts["3"] == 2
    assert sum(rating.counts.values()) == 5
    assert rating.mean == pytest.approx(4.2)
    assert rating.median == 3.0

    comments = by_id["comments"]
    assert (comments.answered, comments.skipped, comments.texts) == (3, 2, 3)
    assert comments.counts == {}
    assert comments.mean is None


async def test_figures_are_released_in_batches(harness: Harness) -> None:
    service = await harness.open()
    store = harness.store
    assert store is not None

    async def included(*, complete: bool) -> int:
        assert store is not None
        return (await store.figures(complete=complete)).included

    start = datetime(2020, 2, 4, 9, 0, tzinfo=UTC)
    users = [9001 + i for i in range(7)]
    for user in users[:3]:
        await drive(service, user, BASE, start, submit_at=start + timedelta(minutes=2))
    assert await store.release_figures(5) == 0
    assert await included(complete=False) == 0
    assert await included(complete=True) == 3

    for user in users[3:5]:
        await drive(service, user, BASE, start, submit_at=start + timedelta(minutes=2))
    assert await store.release_figures(5) == 5
    assert await included(complete=False) == 5
    assert await store.release_figures(5) == 0, "nothing is waiting any more"

    await drive(service, users[5], BASE, start, submit_at=start + timedelta(minutes=2))
    await drive(service, users[6], BASE, start, stop_at="rating")  # in progress: never counted
    assert await store.release_figures(5) == 0
    assert await included(complete=False) == 5
    assert await included(complete=True) == 6
    partial = await store.figures(complete=False)
    assert not partial.complete
    assert partial.overview.submitted == 6, "the live overview counts every submission"
    assert {q.question_id: q.answered for q in partial.questions}["administration"] == 5
    assert await store.release_figures(1) == 1
    assert await included(complete=False) == 6


async def test_responses_are_read_in_chunks_each_once(harness: Harness) -> None:
    store = await known_responses(harness)
    # A response without a single answer row (as when every question was skipped away).
    empty = await store.start(8200, "nl", T0)
    assert empty is not None
    assert await store.submit(8200, empty.token, T0.date(), 3)

    whole = [r async for r in store.iter_responses(chunk=1000)]
    assert len(whole) == len(KNOWN) + 1
    assert [r.language for r in whole if not r.answers] == ["nl"]
    comments = [r.answers["comments"].value for r in whole if r.answers]
    assert sorted(comments, key=repr) == sorted((k.answers["comments"] for k in KNOWN), key=repr)
    for chunk in (1, 2, 5):
        assert [r async for r in store.iter_responses(chunk=chunk)] == whole
    assert await store.responses() == whole


async def fill_groups(service: RespondentService, sizes: Mapping[str, int]) -> None:
    """Submit responses whose administration is each key, `sizes[key]` times."""
    user = 10_000
    start = datetime(2020, 2, 6, 9, 0, tzinfo=UTC)
    for administration, count in sizes.items():
        for i in range(count):
            user += 1
            answers = replies(administration=[administration], rating=str(i % 11))
            done = await drive(
                service,
                user,
                answers,
                start,
                other="Douanes",
                submit_at=start + timedelta(minutes=3),
            )
            assert isinstance(done.step, Review)


async def breakdown_of(harness: Harness, min_group_size: int) -> Breakdown:
    assert harness.store is not None
    return await harness.store.breakdown(
        "administration",
        complete=True,
        min_group_size=min_group_size,
    )


def _question(group: Group, question_id: str) -> QuestionFigures:
    return next(q for q in group.questions if q.question_id == question_id)


async def test_breakdown_merges_small_groups(harness: Harness) -> None:
    service = await harness.open()
    await fill_groups(service, {"agpr": 5, "agdp": 4, "tresorerie": 2, "other": 2})
    split = await breakdown_of(harness, 4)
    assert split.dimension == "administration"
    assert split.hidden == 0
    assert [(g.key, g.respondents) for g in split.groups] == [
        ("agpr", 5),
        ("agdp", 4),
        (OTHER_GROUPS, 4),
    ]
    groups = {g.key: g for g in split.groups}
    assert _question(groups["agpr"], "rating").answered == 5
    assert _question(groups["agpr"], "rating").counts["0"] == 1
    merged = _question(groups[OTHER_GROUPS], "rating")
    assert merged.answered == 4
    assert merged.counts["0"] == 2
    assert merged.counts["1"] == 2


async def test_breakdown_hides_groups_smaller_than_the_minimum(harness: Harness) -> None:
    service = await harness.open()
    await fill_groups(service, {"agpr": 3, "agdp": 1, "tresorerie": 1})
    split = await breakdown_of(harness, 6)
    assert split.groups == ()
    assert split.hidden == 5
    assert split.min_group_size == 6
    # Together the three small groups reach 5: one merged group, none on its own.
    split = await breakdown_of(harness, 5)
    assert split.hidden == 0
    assert [(g.key, g.respondents) for g in split.groups] == [(OTHER_GROUPS, 5)]
    assert _question(split.groups[0], "rating").answered == 5


async def test_breakdown_never_exposes_a_small_group_by_subtraction(harness: Harness) -> None:
    service = await harness.open()
    # One small group: merging it alone would show it under another name; the smallest
    # shown group has to join it.
    await fill_groups(service, {"agpr": 6, "agdp": 4, "tresorerie": 1})
    split = await breakdown_of(harness, 3)
    assert split.hidden == 0
    assert [(g.key, g.respondents) for g in split.groups] == [
        ("agpr", 6),
        (OTHER_GROUPS, 5),
    ]


async def test_breakdown_with_one_large_group_hides_the_small_one(harness: Harness) -> None:
    service = await harness.open()
    # Showing agpr (6) beside the overall figures (7) would give away the one tresorerie
    # answer as the difference.
    await fill_groups(service, {"agpr": 6, "tresorerie": 1})
    split = await breakdown_of(harness, 3)
    total = sum(g.respondents for g in split.groups) + split.hidden
    assert total == 7
    assert split.hidden == 0 or not split.groups, split
    assert all(g.respondents >= 3 for g in split.groups)
    assert [g.key for g in split.groups] in ([], [OTHER_GROUPS])
