"""The storage contract: what the services rely on, run over every backend of the core's Protocols.

Each test takes `backend`, parametrized indirectly over `tests.support.backends.BACKENDS`
(the SQLite store on a real file, and `tests.support.memory.MemoryStore`). A test here uses
only `SessionStore`, `ResultsStore`, `AdminStore` and `SpendingStore` (directly or through the
respondents' service) and the backend's `reopen`; what a backend keeps where (tables, rows,
files) is tested beside that backend.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.respondents import Refusal, RespondentService
from bot.core import release
from bot.core.answers import Answer, SubmittedResponse
from bot.core.engine import Accepted, Ask, Review
from bot.core.figures import NO_GROUP, OTHER_GROUPS, Breakdown, Group, QuestionFigures
from bot.core.questionnaire import Questionnaire, parse_questionnaire
from bot.core.release import Survey
from bot.core.stores import UNKNOWN_INPUT, Status, StepMessage
from tests.support.answering import BASE, asked, drive, progress, replies
from tests.support.backends import BACKENDS, Backend, Store, make_backend
from tests.support.counted import counted, counted_breakdown, counted_figures, typed_texts
from tests.support.known import EVERY_TYPE, EVERY_TYPE_OTHER, KNOWN, submit_all

T0 = datetime(2020, 2, 3, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
async def backend(
    request: pytest.FixtureRequest, tmp_path: Path, shipped_survey: Questionnaire
) -> AsyncIterator[Backend]:
    """The backend named by the test's parameter, open on new data for the shipped survey."""
    opened = make_backend(request.param, shipped_survey, tmp_path)
    await opened.open()
    try:
        yield opened
    finally:
        await opened.close()


async def known_responses(backend: Backend) -> Store:
    """The KNOWN responses submitted and one response still in progress."""
    service = backend.service()
    await submit_all(service, KNOWN)
    await drive(service, 8100, BASE, T0, stop_at="phone_frequency")
    return backend.store


# -- the store's own methods ------------------------------------------------------------------


async def test_record_update_and_submit_through_the_store(backend: Backend) -> None:
    store = backend.store
    assert not await store.submitted(2101)
    session = await store.start("fr", T0)
    assert (session.state.answers, session.state.language, session.duplicate) == ({}, "fr", False)
    assert len(session.handle) == 12
    await store.record(session.token, "training", Answer(True), (), 7)
    await store.record(session.token, "training_use", Answer(4), (), 8)
    await store.record(session.token, "training", Answer(False), ("training_use",), 9)
    await store.update_session(session.token, 10, cursor="training", language="nl")

    await backend.reopen()
    store = backend.store
    assert await store.find(session.handle) == session.token
    assert await store.in_progress() == 1
    again = await store.session(session.token, 10)
    assert again is not None
    assert again.handle == session.handle
    assert again.duplicate, "update 10 was applied"
    assert again.state.answers == {"training": Answer(False)}
    assert (again.state.cursor, again.state.language) == ("training", "nl")
    assert again.started_at == T0
    fresh = await store.session(session.token, 11)
    assert fresh is not None
    assert not fresh.duplicate

    assert await store.submit(2101, session.token, T0.date(), 5)
    assert not await store.submit(2101, session.token, T0.date(), 5), "submitted once only"
    assert await store.submitted(2101)
    assert await store.session(session.token) is None
    assert await store.find(session.handle) is None
    assert await store.in_progress() == 0
    assert [r async for r in store.iter_responses()] == [
        SubmittedResponse("nl", "2020-02-03", 5, {"training": Answer(False)})
    ]


# -- answers ------------------------------------------------------------------------------


async def test_every_question_type_is_stored_and_reloaded(backend: Backend) -> None:
    service = backend.service()
    done = await drive(service, 1001, EVERY_TYPE, T0, other=EVERY_TYPE_OTHER)
    assert isinstance(done.step, Review)

    expected = {
        "administration": Answer("other", "Bureau de Namur"),
        "line": Answer("both"),
        "phone_frequency": Answer("daily"),
        "phone_hours": Answer(12),
        "training": Answer(True),
        "training_use": Answer(5),
        "calls_per_day": Answer(None),
        "unanswered": Answer("often"),
        "complex_files": Answer("lt25"),
        "effects": Answer(("backlog", "overtime")),
        "support": Answer("helped"),
        "since_november": Answer("unchanged"),
        "rating": Answer(0),
        "comments": Answer("Un commentaire, accentué, sur deux\nlignes"),
    }
    await backend.reopen(1001)
    service = backend.service()
    session = await backend.sessions.session(1001)
    assert session is not None
    assert dict(session.state.answers) == expected
    assert type(session.state.answers["training"].value) is bool
    assert type(session.state.answers["rating"].value) is int
    assert session.state.language == "fr"
    assert session.state.cursor is None
    assert session.started_at == T0
    assert isinstance(progress(await service.current(1001, T0)).step, Review)


async def test_decimals_dates_and_patterned_texts_are_stored_and_reloaded(
    backend: Backend, request: pytest.FixtureRequest, types_survey: Questionnaire, tmp_path: Path
) -> None:
    typed = make_backend(request.node.callspec.params["backend"], types_survey, tmp_path / "t")
    await typed.open()
    try:
        answers = {"site": ["north"], "distance": "12,5", "hired": "11.02.2020", "postcode": None}
        await drive(typed.service(), 1003, answers, T0)
        whole = {**answers, "distance": "7", "hired": "2020-02-29", "postcode": "1000"}
        await drive(typed.service(), 1004, whole, T0, submit_at=T0 + timedelta(minutes=2))
        await typed.reopen(1003)
        session = await typed.sessions.session(1003)
        assert session is not None
        assert dict(session.state.answers) == {
            "site": Answer("north"),
            "distance": Answer(12.5),
            "hired": Answer(date(2020, 2, 11)),
            "postcode": Answer(None),
        }
        (response,) = [r async for r in typed.store.iter_responses()]
        assert response.answers["distance"] == Answer(7.0)
        assert type(response.answers["distance"].value) is float, "a whole decimal stays a float"
        assert response.answers["hired"] == Answer(date(2020, 2, 29))
        assert response.answers["postcode"] == Answer("1000")
    finally:
        await typed.close()


async def test_yes_no_false_and_dropped_answers(backend: Backend) -> None:
    service = backend.service()
    result = await drive(service, 1002, replies(training_use="3"), T0, stop_at="calls_per_day")
    assert asked(result) == "calls_per_day"
    assert asked(await service.back(1002, T0)) == "training_use"
    assert asked(await service.back(1002, T0)) == "training"

    changed = progress(await service.choose(1002, "training", ["no"], T0))
    assert isinstance(changed.outcome, Accepted)
    assert changed.outcome.dropped == frozenset({"training_use"})

    await backend.reopen(1002)
    session = await backend.sessions.session(1002)
    assert session is not None
    assert session.state.answers["training"] == Answer(False)
    assert type(session.state.answers["training"].value) is bool
    assert "training_use" not in session.state.answers


async def test_back_cursor_is_persisted_and_answers_are_dropped(backend: Backend) -> None:
    service = backend.service()
    await drive(service, 1003, BASE, T0)
    assert asked(await service.back(1003, T0)) == "comments"

    await backend.reopen(1003)
    service = backend.service()
    session = await backend.sessions.session(1003)
    assert session is not None
    assert session.state.cursor == "comments"
    step = progress(await service.current(1003, T0)).step
    assert isinstance(step, Ask)
    assert step.question.id == "comments"
    assert step.current == Answer("Trop d'appels")

    for expected in ("rating", "since_november", "support", "effects"):
        assert asked(await service.back(1003, T0)) == expected
    await backend.reopen(1003)
    service = backend.service()
    assert asked(await service.current(1003, T0)) == "effects"

    changed = progress(await service.choose(1003, "effects", ["backlog"], T0))
    assert isinstance(changed.outcome, Accepted)
    assert changed.outcome.dropped == frozenset({"support"})
    assert isinstance(changed.step, Review)

    await backend.reopen(1003)
    service = backend.service()
    session = await backend.sessions.session(1003)
    assert session is not None
    assert session.state.cursor is None
    assert "support" not in session.state.answers
    assert session.state.answers["effects"] == Answer(("backlog",))


async def test_language_change_is_stored(backend: Backend) -> None:
    service = backend.service()
    await drive(service, 1004, BASE, T0, stop_at="line")
    result = progress(await service.set_language(1004, "nl", T0))
    assert result.state.language == "nl"

    await backend.reopen(1004)
    service = backend.service()
    session = await backend.sessions.session(1004)
    assert session is not None
    assert session.state.language == "nl"
    assert session.state.answers == {"administration": Answer("agpr")}
    assert asked(await service.current(1004, T0)) == "line"


# -- one response per person --------------------------------------------------------------


async def test_starting_twice_returns_the_same_session(backend: Backend) -> None:
    service = backend.service()
    store = backend.sessions
    assert await store.status(2001) is Status.NEW
    first = progress(await service.begin(2001, "fr", T0))
    assert not first.resumed
    await service.choose(2001, "administration", ["agdp"], T0)
    again = progress(await service.begin(2001, "nl", T0 + timedelta(minutes=5)))
    assert again.resumed
    assert again.state.answers == {"administration": Answer("agdp")}
    assert again.state.language == "fr"
    one = await store.start(2001, "fr", T0)
    two = await store.start(2001, "fr", T0)
    assert one is not None
    assert two is not None
    assert one.token == two.token
    assert one.started_at == T0
    assert await store.status(2001) is Status.IN_PROGRESS


async def test_after_submission_the_person_cannot_start_again(backend: Backend) -> None:
    service = backend.service()
    store = backend.sessions
    done = await drive(service, 2002, BASE, T0, submit_at=T0 + timedelta(minutes=3))
    assert isinstance(done.step, Review)
    assert await store.status(2002) is Status.SUBMITTED
    assert await service.begin(2002, "fr", T0) is Refusal.ALREADY_SUBMITTED
    assert await service.current(2002, T0) is Refusal.ALREADY_SUBMITTED
    assert await service.submit(2002, T0) is Refusal.ALREADY_SUBMITTED
    assert await service.type_answer(2002, None, "x", T0) is Refusal.ALREADY_SUBMITTED
    assert await store.start(2002, "fr", T0) is None
    assert await store.session(2002) is None
    assert not await service.cancel(2002)
    await backend.reopen()
    service = backend.service()
    assert await service.begin(2002, "nl", T0) is Refusal.ALREADY_SUBMITTED


async def test_cancel_deletes_everything_and_allows_a_new_start(backend: Backend) -> None:
    service = backend.service()
    store = backend.sessions
    assert not await service.cancel(2003)
    await drive(service, 2003, BASE, T0, stop_at="training")
    old = await store.session(2003)
    assert old is not None
    assert await service.cancel(2003)
    assert await store.status(2003) is Status.NEW
    assert await service.current(2003, T0) is Refusal.NOT_STARTED
    assert not await service.cancel(2003)

    fresh = progress(await service.begin(2003, "nl", T0))
    assert not fresh.resumed
    assert fresh.state.answers == {}
    assert fresh.state.language == "nl"
    new = await store.session(2003)
    assert new is not None
    assert new.token != old.token


# -- resuming ------------------------------------------------------------------------------


async def test_a_session_resumes_after_the_store_is_reopened(backend: Backend) -> None:
    service = backend.service()
    await drive(service, 3001, BASE, T0, stop_at="calls_per_day")
    await backend.reopen(3001)  # a tap on a button of the last question
    service = backend.service()
    resumed = progress(await service.begin(3001, "fr", T0 + timedelta(hours=5)))
    assert resumed.resumed
    assert asked(resumed) == "calls_per_day"
    assert set(resumed.state.answers) == {
        "administration",
        "line",
        "phone_frequency",
        "phone_hours",
        "training",
        "training_use",
    }
    done = await drive(service, 3001, BASE, T0, submit_at=T0 + timedelta(hours=5, minutes=1))
    assert isinstance(done.step, Review)
    [response] = [r async for r in backend.store.iter_responses()]
    assert response.duration_minutes == 5 * 60 + 1


async def test_after_a_restart_only_a_tap_on_the_session_finds_it(backend: Backend) -> None:
    service = backend.service()
    await drive(service, 3002, BASE, T0, stop_at="calls_per_day")
    handle = progress(await service.current(3002, T0)).state.handle
    await backend.reopen()
    service = backend.service()
    assert await service.current(3002, T0) is Refusal.NOT_STARTED, "the disk does not say"
    assert await service.may_resume(3002, T0), "a session waits for somebody to tap on it"
    assert not await service.rejoin(3003, "no-such-handl", 5)
    assert await service.rejoin(3002, handle, 41)
    assert not await service.rejoin(3003, handle, 42), "a session is one person's"
    assert asked(await service.current(3002, T0)) == "calls_per_day"
    assert await service.step_message(3002) == StepMessage(41, True, UNKNOWN_INPUT, UNKNOWN_INPUT)
    assert not await service.may_resume(3003, T0)


# -- survey state --------------------------------------------------------------------------


async def test_where_the_step_is_shown_lasts_as_long_as_the_session(backend: Backend) -> None:
    store = backend.sessions
    assert await store.step_message(2201) is None
    await store.keep_step_message(2201, StepMessage(3))  # no session: nothing is kept
    assert await store.step_message(2201) is None
    session = await store.start(2201, "fr", T0)
    assert session is not None
    assert await store.step_message(2201) == StepMessage()
    shown = StepMessage(12, True, 14, 14)
    await store.keep_step_message(2201, shown)
    assert await store.step_message(2201) == shown

    await backend.reopen(2201)  # in memory only: the tapped message shows the step
    store = backend.sessions
    assert await store.step_message(2201) == StepMessage(1, True, UNKNOWN_INPUT, UNKNOWN_INPUT)
    assert await store.submit(2201, session.token, T0.date(), 3)
    assert await store.step_message(2201) is None
    await store.keep_step_message(2201, shown)
    assert await store.step_message(2201) is None


async def test_an_admins_language_is_kept(backend: Backend) -> None:
    store = backend.store
    assert await store.admin_language(4242) is None
    await store.keep_admin_language(4242, "nl")
    await store.keep_admin_language(4343, "fr")
    await store.keep_admin_language(4242, "de")
    await backend.reopen()
    store = backend.store
    assert (await store.admin_language(4242), await store.admin_language(4343)) == ("de", "fr")
    assert await backend.sessions.status(4242) is Status.NEW, (
        "an admin is no respondent for all that"
    )


async def test_the_paid_messages_counted_survive_a_restart(backend: Backend) -> None:
    store = backend.store
    assert await store.paid_messages() == 0
    await store.keep_paid_messages(50)
    await store.keep_paid_messages(120)
    await backend.reopen()
    assert await backend.store.paid_messages() == 120


async def test_close_reopen_and_closing_announcement(backend: Backend) -> None:
    store = backend.store
    status = await store.survey_status()
    assert status.closed_at is None
    assert status.deadline is None
    assert not status.deadline_override
    assert not status.closing_announced

    closed_at = datetime(2020, 2, 8, 17, 30, tzinfo=UTC)
    await store.close_survey(closed_at)
    assert (await store.survey_status()).closed_at == closed_at
    assert await store.mark_closing_announced()
    assert not await store.mark_closing_announced()

    await backend.reopen()
    store = backend.store
    status = await store.survey_status()
    assert status.closed_at == closed_at
    assert status.closing_announced
    assert not await store.mark_closing_announced()

    await store.reopen_survey(None)
    status = await store.survey_status()
    assert status.closed_at is None
    assert status.deadline is None
    assert status.deadline_override, "reopening without a deadline removes the deadline"
    assert not status.closing_announced

    new_deadline = datetime(2020, 2, 20, 18, 0, tzinfo=UTC)
    await store.close_survey(closed_at)
    assert await store.mark_closing_announced()
    await store.reopen_survey(new_deadline)
    await backend.reopen()
    store = backend.store
    status = await store.survey_status()
    assert status.closed_at is None
    assert status.deadline == new_deadline
    assert status.deadline_override
    assert not status.closing_announced
    assert await store.mark_closing_announced()


# -- figures and responses ------------------------------------------------------------------


async def test_closing_ends_the_sessions_in_progress(backend: Backend) -> None:
    store = backend.store
    session = await store.start("en", T0)
    await store.close_survey(T0 + timedelta(hours=1))
    assert await store.in_progress() == 0
    assert await store.find(session.handle) is None
    assert await store.session(session.token) is None


async def test_figures_over_known_responses(backend: Backend) -> None:
    store = await known_responses(backend)

    result = await counted_figures(store, backend.questionnaire)
    assert result.complete
    assert result.included == 5
    overview = result.overview
    assert (overview.started, overview.in_progress, overview.submitted) == (6, 1, 5)
    assert overview.per_day == (("2020-02-03", 1), ("2020-02-04", 2), ("2020-02-05", 2))
    assert overview.median_minutes == 8.0  # durations 4, 20, 1, 8, 12
    assert overview.completion_rate == pytest.approx(5 / 6)

    by_id = {q.question_id: q for q in counted(result.questions)}
    assert list(by_id) == [q.id for q in backend.questionnaire.questions]

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


async def test_figures_are_released_in_batches(backend: Backend) -> None:
    service = backend.service()
    store = backend.store

    async def included(*, complete: bool) -> int:
        return (await counted_figures(store, backend.questionnaire, complete=complete)).included

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
    partial = await counted_figures(store, backend.questionnaire, complete=False)
    assert not partial.complete
    assert partial.overview.submitted == 6, "the live overview counts every submission"
    assert {q.question_id: q.answered for q in counted(partial.questions)}["administration"] == 5
    assert await store.release_figures(1) == 1
    assert await included(complete=False) == 6


async def test_every_submitted_response_is_read_once(backend: Backend) -> None:
    store = await known_responses(backend)
    # A response without a single answer (as when every question was skipped away).
    empty = await store.start("nl", T0)
    assert empty is not None
    assert await store.submit(8200, empty.token, T0.date(), 3)

    whole = [r async for r in store.iter_responses()]
    assert len(whole) == len(KNOWN) + 1
    assert [r.language for r in whole if not r.answers] == ["nl"]
    comments = [r.answers["comments"].value for r in whole if r.answers]
    assert sorted(comments, key=repr) == sorted((k.answers["comments"] for k in KNOWN), key=repr)


async def test_free_texts_follow_the_released_responses(backend: Backend) -> None:
    store = await known_responses(backend)
    assert await typed_texts(store, backend.questionnaire, complete=False) == {}, (
        "nothing released yet"
    )
    texts = await typed_texts(store, backend.questionnaire)
    assert texts == {"administration": ["Douanes"], "comments": ["a", "b", "c"]}
    assert await store.release_figures(len(KNOWN)) == len(KNOWN)
    assert await typed_texts(store, backend.questionnaire, complete=False) == texts


# -- breakdowns ----------------------------------------------------------------------------


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


async def breakdown_of(backend: Backend, min_group_size: int) -> Breakdown:
    return await counted_breakdown(
        backend.store, backend.questionnaire, "administration", min_group_size=min_group_size
    )


def _question(group: Group, question_id: str) -> QuestionFigures:
    return next(q for q in counted(group.questions) if q.question_id == question_id)


async def test_breakdown_merges_small_groups(backend: Backend) -> None:
    service = backend.service()
    await fill_groups(service, {"agpr": 5, "agdp": 4, "tresorerie": 2, "other": 2})
    split = await breakdown_of(backend, 4)
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


async def test_breakdown_hides_groups_smaller_than_the_minimum(backend: Backend) -> None:
    service = backend.service()
    await fill_groups(service, {"agpr": 3, "agdp": 1, "tresorerie": 1})
    split = await breakdown_of(backend, 6)
    assert split.groups == ()
    assert split.hidden == 5
    assert split.min_group_size == 6
    # Together the three small groups reach 5: one merged group, none on its own.
    split = await breakdown_of(backend, 5)
    assert split.hidden == 0
    assert [(g.key, g.respondents) for g in split.groups] == [(OTHER_GROUPS, 5)]
    assert _question(split.groups[0], "rating").answered == 5


async def test_breakdown_never_exposes_a_small_group_by_subtraction(backend: Backend) -> None:
    service = backend.service()
    # One small group: merging it alone would show it under another name; the smallest
    # shown group has to join it.
    await fill_groups(service, {"agpr": 6, "agdp": 4, "tresorerie": 1})
    split = await breakdown_of(backend, 3)
    assert split.hidden == 0
    assert [(g.key, g.respondents) for g in split.groups] == [
        ("agpr", 6),
        (OTHER_GROUPS, 5),
    ]


async def test_breakdown_with_one_large_group_hides_the_small_one(backend: Backend) -> None:
    service = backend.service()
    # Showing agpr (6) beside the overall figures (7) would give away the one tresorerie
    # answer as the difference.
    await fill_groups(service, {"agpr": 6, "tresorerie": 1})
    split = await breakdown_of(backend, 3)
    total = sum(g.respondents for g in split.groups) + split.hidden
    assert total == 7
    assert split.hidden == 0 or not split.groups, split
    assert all(g.respondents >= 3 for g in split.groups)
    assert [g.key for g in split.groups] in ([], [OTHER_GROUPS])


# -- the two reads of the figures ---------------------------------------------------------


async def test_a_release_between_the_two_reads_changes_no_count(backend: Backend) -> None:
    """The counts go up to the last release the arrivals knew: a /stats that releases a batch
    between another one's two reads does not change what the other counts."""
    service, store = backend.service(), backend.store
    survey = Survey(backend.questionnaire.questions, backend.questionnaire.scores)
    start = datetime(2020, 2, 4, 9, 0, tzinfo=UTC)
    for user in range(9101, 9106):
        await drive(service, user, BASE, start, submit_at=start + timedelta(minutes=2))
    assert await store.release_figures(5) == 5
    points = release.points(await store.arrivals(), survey, 5)
    before = await store.counts(None, points)
    for user in range(9106, 9111):
        await drive(service, user, BASE, start, submit_at=start + timedelta(minutes=2))
    assert await store.release_figures(5) == 5
    assert await store.counts(None, points) == before
    assert before.respondents == {NO_GROUP: 5}


def scored_survey(path: Path) -> Questionnaire:
    """The shipped survey with two scores: a reversed scale and yes/no, a scale and numbers,
    a mean of at least two items, a sum with a multiplier."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for question in data["questions"]:
        if question["id"] in ("rating", "training"):
            question["reverse"] = True
    data["scores"] = [
        {
            "id": "practice",
            "label": {"fr": "Pratique", "nl": "Praktijk"},
            "items": ["training", "training_use", "rating"],
            "method": "mean",
            "min_answered": 2,
        },
        {
            "id": "load",
            "label": {"fr": "Charge", "nl": "Belasting"},
            "items": ["phone_hours", "calls_per_day", "training"],
            "multiplier": 1.5,
        },
    ]
    return parse_questionnaire(data, "scored.toml")


async def test_scores_are_counted_as_each_response_scores(
    backend: Backend, request: pytest.FixtureRequest, shipped_survey_path: Path, tmp_path: Path
) -> None:
    """Scores added up by the store give each response the value its score's definition gives
    it (`Score.of`), too few items answered included."""
    survey = scored_survey(shipped_survey_path)
    scored = make_backend(request.node.callspec.params["backend"], survey, tmp_path / "scored")
    await scored.open()
    try:
        await submit_all(scored.service(), KNOWN)
        questions = survey.question_map
        responses = [response async for response in scored.store.iter_responses()]
        expected = Counter(
            (score.id, score.of(questions, response.answers))
            for response in responses
            for score in survey.scores
        )
        counts = await scored.store.counts()
        assert Counter({(s, v): n for (_, s, v), n in counts.scores.items()}) == expected
        assert (("load", None)) in expected, "a response without calls per day is not scored"
        assert len({v for s, v in expected if s == "practice"}) > 2
    finally:
        await scored.close()
