"""Storage against a real SQLite file: answers, sessions, durability, schema, state, figures."""

from __future__ import annotations

import asyncio
import os
import queue
import signal
import sqlite3
import subprocess
import threading
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app.respondents import Refusal, RespondentService, Result
from bot.core.answers import Answer
from bot.core.engine import Accepted, Ask, Review
from bot.core.figures import OTHER_GROUPS, Breakdown, Group, QuestionFigures, merge_small_groups
from bot.core.questionnaire import Questionnaire
from bot.core.schedule import Phase
from bot.core.stores import Status, StorageError
from storage.database import REDELIVERY_WINDOW, SurveyStore
from storage.pepper import Pepper
from storage.schema import SCHEMA_VERSION
from tests.support.answering import BASE, Harness, Reply, drive, progress, replies
from tests.support.paths import PYTHON, REPO

ZONE = ZoneInfo("Europe/Brussels")
T0 = datetime(2020, 2, 3, 9, 0, tzinfo=UTC)
DEADLINE = datetime.fromisoformat("2020-02-11T23:59:59+01:00")
CHILD_TIMEOUT = 60.0


def asked(result: Result) -> str:
    step = progress(result).step
    assert isinstance(step, Ask), step
    return step.question.id


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "survey.sqlite3"


@pytest.fixture
def pepper_path(tmp_path: Path) -> Path:
    return tmp_path / "secret" / "survey.pepper"


@pytest.fixture
def pepper(pepper_path: Path) -> Pepper:
    return Pepper.create(pepper_path)


@pytest.fixture
async def harness(
    db_path: Path, shipped_survey: Questionnaire, pepper: Pepper
) -> AsyncIterator[Harness]:
    opened = Harness(db_path, shipped_survey, pepper)
    try:
        yield opened
    finally:
        await opened.close()


# -- answers ------------------------------------------------------------------------------


async def test_every_question_type_is_stored_and_reloaded(harness: Harness) -> None:
    service = await harness.open()
    answers = replies(
        administration=["other"],
        line=["both"],
        phone_hours="12",
        training_use="5",
        calls_per_day=None,
        effects=["overtime", "backlog"],
        support=["helped"],
        rating="0",
        comments="Un commentaire, accentué, sur deux\nlignes",
    )
    done = await drive(service, 1001, answers, T0, other="Bureau de Namur")
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
    service = await harness.reopen()
    assert harness.store is not None
    session = await harness.store.session(1001)
    assert session is not None
    assert dict(session.state.answers) == expected
    assert type(session.state.answers["training"].value) is bool
    assert type(session.state.answers["rating"].value) is int
    assert session.state.language == "fr"
    assert session.state.cursor is None
    assert session.started_at == T0
    assert isinstance(progress(await service.current(1001, T0)).step, Review)

    rows = await harness.query(
        "SELECT question, item, number, text FROM answers WHERE token = ? ORDER BY question, item",
        (session.token,),
    )
    assert ("calls_per_day", "", None, None) in rows
    assert ("effects", "backlog", None, None) in rows
    assert ("effects", "overtime", None, None) in rows
    assert ("administration", "other", None, "Bureau de Namur") in rows
    assert ("training", "", 1, None) in rows
    assert ("rating", "", 0, None) in rows


async def test_yes_no_false_and_dropped_answers(harness: Harness) -> None:
    service = await harness.open()
    result = await drive(service, 1002, replies(training_use="3"), T0, stop_at="calls_per_day")
    assert asked(result) == "calls_per_day"
    assert asked(await service.back(1002, T0)) == "training_use"
    assert asked(await service.back(1002, T0)) == "training"

    changed = progress(await service.choose(1002, "training", ["no"], T0))
    assert isinstance(changed.outcome, Accepted)
    assert changed.outcome.dropped == frozenset({"training_use"})

    await harness.reopen()
    assert harness.store is not None
    session = await harness.store.session(1002)
    assert session is not None
    assert session.state.answers["training"] == Answer(False)
    assert type(session.state.answers["training"].value) is bool
    assert "training_use" not in session.state.answers
    assert await harness.query(
        "SELECT count(*) FROM answers WHERE token = ? AND question = 'training_use'",
        (session.token,),
    ) == [(0,)]


async def test_back_cursor_is_persisted_and_answers_are_dropped(harness: Harness) -> None:
    service = await harness.open()
    await drive(service, 1003, BASE, T0)
    assert asked(await service.back(1003, T0)) == "comments"

    service = await harness.reopen()
    assert harness.store is not None
    session = await harness.store.session(1003)
    assert session is not None
    assert session.state.cursor == "comments"
    step = progress(await service.current(1003, T0)).step
    assert isinstance(step, Ask)
    assert step.question.id == "comments"
    assert step.current == Answer("Trop d'appels")

    for expected in ("rating", "since_november", "support", "effects"):
        assert asked(await service.back(1003, T0)) == expected
    service = await harness.reopen()
    assert asked(await service.current(1003, T0)) == "effects"

    changed = progress(await service.choose(1003, "effects", ["backlog"], T0))
    assert isinstance(changed.outcome, Accepted)
    assert changed.outcome.dropped == frozenset({"support"})
    assert isinstance(changed.step, Review)

    service = await harness.reopen()
    assert harness.store is not None
    session = await harness.store.session(1003)
    assert session is not None
    assert session.state.cursor is None
    assert "support" not in session.state.answers
    assert session.state.answers["effects"] == Answer(("backlog",))
    assert await harness.query(
        "SELECT item FROM answers WHERE token = ? AND question IN ('support', 'effects')",
        (session.token,),
    ) == [("backlog",)]


async def test_language_change_is_stored(harness: Harness) -> None:
    service = await harness.open()
    await drive(service, 1004, BASE, T0, stop_at="line")
    result = progress(await service.set_language(1004, "nl", T0))
    assert result.state.language == "nl"

    service = await harness.reopen()
    assert harness.store is not None
    session = await harness.store.session(1004)
    assert session is not None
    assert session.state.language == "nl"
    assert session.state.answers == {"administration": Answer("agpr")}
    assert asked(await service.current(1004, T0)) == "line"


# -- one response per person --------------------------------------------------------------


async def test_starting_twice_returns_the_same_session(harness: Harness) -> None:
    service = await harness.open()
    store = harness.store
    assert store is not None
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
    assert await harness.query("SELECT count(*) FROM sessions") == [(1,)]
    assert await harness.query("SELECT count(*) FROM respondents") == [(1,)]
    assert await store.status(2001) is Status.IN_PROGRESS


async def test_after_submission_the_person_cannot_start_again(harness: Harness) -> None:
    service = await harness.open()
    store = harness.store
    assert store is not None
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
    service = await harness.reopen()
    assert await service.begin(2002, "nl", T0) is Refusal.ALREADY_SUBMITTED
    assert await harness.query("SELECT count(*) FROM sessions") == [(1,)]


async def test_cancel_deletes_everything_and_allows_a_new_start(harness: Harness) -> None:
    service = await harness.open()
    store = harness.store
    assert store is not None
    assert not await service.cancel(2003)
    await drive(service, 2003, BASE, T0, stop_at="training")
    old = await store.session(2003)
    assert old is not None
    assert await service.cancel(2003)
    for table in ("respondents", "sessions", "answers"):
        assert await harness.query(f"SELECT count(*) FROM {table}") == [(0,)], table
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


async def test_a_session_resumes_after_the_store_is_reopened(harness: Harness) -> None:
    service = await harness.open()
    await drive(service, 3001, BASE, T0, stop_at="calls_per_day")
    await harness.close()

    service = await harness.open()
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
    [(minutes,)] = await harness.query("SELECT duration_minutes FROM sessions")
    assert minutes == 5 * 60 + 1


CHILD_SCRIPT = """
import asyncio
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.engine import Accepted
from bot.core.questionnaire import load_questionnaire
from bot.app.respondents import Progress, RespondentService
from storage.database import SurveyStore
from storage.pepper import Pepper

ANSWERS = [("administration", "agdp"), ("line", "second"), ("phone_frequency", "weekly")]


async def main() -> None:
    database, pepper, survey, user, now = sys.argv[1:6]
    questionnaire = load_questionnaire(survey)
    store = await SurveyStore.open(database, questionnaire, Pepper.load(Path(pepper)))
    service = RespondentService(
        questionnaire, store, deadline=None, grace=timedelta(0), zone=ZoneInfo("UTC")
    )
    when = datetime.fromisoformat(now)
    assert isinstance(await service.begin(int(user), "fr", when), Progress)
    for update_id, (question, option) in enumerate(ANSWERS, start=100):
        result = await service.choose(int(user), question, [option], when, update_id)
        assert isinstance(result, Progress) and isinstance(result.outcome, Accepted), result
        print("committed", question, flush=True)
    # Stay busy with the database open until killed.
    await asyncio.to_thread(sys.stdin.readline)
    print("not killed", flush=True)


asyncio.run(main())
"""


def _run_child_and_kill(script: Path, args: list[str], wanted: int) -> list[str]:
    """Start the child, wait (with a timeout) for `wanted` lines, then SIGKILL it."""
    child = subprocess.Popen(
        [str(PYTHON), str(script), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            lines.put(line.strip())
        lines.put(None)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    seen: list[str] = []
    try:
        while len(seen) < wanted:
            try:
                line = lines.get(timeout=CHILD_TIMEOUT)
            except queue.Empty:
                raise AssertionError(f"the child said only {seen} in time") from None
            if line is None:
                break
            seen.append(line)
    finally:
        os.kill(child.pid, signal.SIGKILL)  # not yet reaped, so the pid is still the child's
        child.wait(timeout=CHILD_TIMEOUT)
        reader.join(timeout=CHILD_TIMEOUT)  # the pump owns stdout; it ends at EOF
        assert child.stdin is not None
        assert child.stdout is not None
        assert child.stderr is not None
        stderr = child.stderr.read()
        for pipe in (child.stdin, child.stdout, child.stderr):
            pipe.close()
    assert not reader.is_alive()
    assert len(seen) == wanted, (seen, stderr)
    assert child.returncode == -signal.SIGKILL, (child.returncode, stderr)
    return seen


async def test_committed_answers_survive_a_killed_process(
    harness: Harness, db_path: Path, pepper_path: Path, shipped_survey_path: Path, tmp_path: Path
) -> None:
    # The database exists before the child starts, as it would in production.
    await harness.open()
    await harness.close()
    script = tmp_path / "child.py"
    script.write_text(CHILD_SCRIPT, encoding="utf-8")
    args = [str(db_path), str(pepper_path), str(shipped_survey_path), "4001", T0.isoformat()]

    seen = await asyncio.to_thread(_run_child_and_kill, script, args, 3)
    assert seen == [
        "committed administration",
        "committed line",
        "committed phone_frequency",
    ]
    assert not db_path.with_name(db_path.name + "-wal").exists(), "no write-ahead log"

    service = await harness.open()
    assert harness.store is not None
    session = await harness.store.session(4001)
    assert session is not None
    assert session.state.answers == {
        "administration": Answer("agdp"),
        "line": Answer("second"),
        "phone_frequency": Answer("weekly"),
    }
    redelivered = await harness.store.session(4001, 102)
    assert redelivered is not None
    assert redelivered.duplicate, "the last committed update id survived too"
    resumed = progress(await service.begin(4001, "fr", T0))
    assert resumed.resumed
    assert asked(resumed) == "phone_hours"
    done = await drive(
        service, 4001, replies(line=["second"]), T0, submit_at=T0 + timedelta(minutes=9)
    )
    assert isinstance(done.step, Review)
    assert await harness.store.status(4001) is Status.SUBMITTED


# -- redelivered updates -----------------------------------------------------------------


async def test_a_redelivered_update_is_marked_duplicate(harness: Harness) -> None:
    service = await harness.open()
    store = harness.store
    assert store is not None
    progress(await service.begin(5001, "fr", T0))
    session = await store.session(5001, 10)
    assert session is not None
    assert not session.duplicate, "nothing was applied yet"

    first = progress(await service.choose(5001, "administration", ["agpr"], T0, update_id=10))
    assert isinstance(first.outcome, Accepted)
    for update_id, duplicate in ((10, True), (9, True), (11, False)):
        seen = await store.session(5001, update_id)
        assert seen is not None
        assert seen.duplicate is duplicate, update_id
    # Telegram restarts update ids at a random value after a week of silence: an id far
    # below the last one is new, not a redelivery.
    restarted = await store.session(5001, 10 - REDELIVERY_WINDOW)
    assert restarted is not None
    assert not restarted.duplicate
    plain = await store.session(5001)
    assert plain is not None
    assert not plain.duplicate

    again = await service.choose(5001, "administration", ["agdp"], T0, update_id=10)
    assert again is Refusal.DUPLICATE
    assert await service.type_answer(5001, None, "1", T0, update_id=10) is Refusal.DUPLICATE
    assert await service.back(5001, T0, update_id=9) is Refusal.DUPLICATE
    await harness.reopen()
    assert harness.store is not None
    reloaded = await harness.store.session(5001, 10)
    assert reloaded is not None
    assert reloaded.duplicate
    assert reloaded.state.answers == {"administration": Answer("agpr")}
    [(last,)] = await harness.query("SELECT last_update FROM respondents")
    assert last == 10


# -- schema ---------------------------------------------------------------------------------


async def test_schema_version_is_set(harness: Harness, db_path: Path) -> None:
    await harness.open()
    assert await harness.query("PRAGMA user_version") == [(SCHEMA_VERSION,)]
    await harness.close()
    with closing(sqlite3.connect(db_path)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert db.execute("SELECT survey_id FROM survey").fetchall() == [("telephonie-crm-2020",)]
    await harness.open()  # reopening an up-to-date database changes nothing
    assert await harness.query("PRAGMA user_version") == [(SCHEMA_VERSION,)]


async def test_a_database_of_another_survey_is_refused(
    harness: Harness, db_path: Path, shipped_survey: Questionnaire, pepper: Pepper
) -> None:
    await harness.open()
    await harness.close()
    other = shipped_survey.model_copy(update={"id": "another-survey"})
    with pytest.raises(StorageError) as caught:
        await SurveyStore.open(db_path, other, pepper)
    message = str(caught.value)
    assert "telephonie-crm-2020" in message
    assert "another-survey" in message
    assert "belongs to survey" in message


async def test_a_database_with_a_newer_schema_is_refused(
    db_path: Path, shipped_survey: Questionnaire, pepper: Pepper
) -> None:
    db_path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(db_path)) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        db.commit()
    with pytest.raises(StorageError, match="upgrade the program") as caught:
        await SurveyStore.open(db_path, shipped_survey, pepper)
    assert f"schema version {SCHEMA_VERSION + 1}" in str(caught.value)
    with closing(sqlite3.connect(db_path)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION + 1,)
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)


# -- survey state --------------------------------------------------------------------------


async def test_close_reopen_and_closing_announcement(harness: Harness) -> None:
    await harness.open()
    store = harness.store
    assert store is not None
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

    await harness.reopen()
    store = harness.store
    assert store is not None
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
    await harness.reopen()
    store = harness.store
    assert store is not None
    status = await store.survey_status()
    assert status.closed_at is None
    assert status.deadline == new_deadline
    assert status.deadline_override
    assert not status.closing_announced
    assert await store.mark_closing_announced()


async def test_a_closed_survey_refuses_answers(harness: Harness) -> None:
    harness.deadline = DEADLINE
    service = await harness.open()
    store = harness.store
    assert store is not None
    await drive(service, 6001, BASE, T0, stop_at="line")
    closed_at = T0 + timedelta(hours=1)
    await store.close_survey(closed_at)
    later = closed_at + timedelta(minutes=1)
    assert await service.phase(later) is Phase.CLOSED
    assert await service.phase(T0) is Phase.OPEN, "closing applies from its moment on"
    assert await service.begin(6001, "fr", later) is Refusal.CLOSED
    assert await service.begin(6002, "fr", later) is Refusal.CLOSED
    assert await service.current(6001, later) is Refusal.CLOSED
    assert await service.choose(6001, "line", ["first"], later) is Refusal.CLOSED
    assert await service.type_answer(6001, None, "1", later) is Refusal.CLOSED
    assert await service.skip(6001, None, later) is Refusal.CLOSED
    assert await service.back(6001, later) is Refusal.CLOSED
    assert await service.set_language(6001, "nl", later) is Refusal.CLOSED
    assert await service.submit(6001, later) is Refusal.CLOSED
    # Closing ends the sessions in progress: the link from the person to their answers is gone,
    # the answers stay as an unfinished response without any time.
    assert await store.session(6001) is None
    assert await harness.query("SELECT count(*) FROM respondents") == [(0,)]
    assert await harness.query(
        "SELECT count(*) FROM sessions WHERE started_at IS NULL AND submitted_day IS NULL"
    ) == [(1,)]

    # Reopened without a deadline: open even after the configured deadline; people start afresh.
    await store.reopen_survey(None)
    after_deadline = DEADLINE + timedelta(days=3)
    assert await service.phase(after_deadline) is Phase.OPEN
    assert asked(await service.begin(6001, "fr", after_deadline)) == "administration"
    assert asked(await service.begin(6002, "fr", after_deadline)) == "administration"


async def test_grace_period_lets_started_people_finish_only(harness: Harness) -> None:
    harness.deadline = DEADLINE
    harness.grace = timedelta(hours=2)
    service = await harness.open()
    store = harness.store
    assert store is not None
    before = DEADLINE - timedelta(hours=1)
    in_grace = DEADLINE + timedelta(minutes=30)
    after_grace = DEADLINE + timedelta(hours=2, seconds=1)
    assert await service.phase(before) is Phase.OPEN
    assert await service.phase(DEADLINE) is Phase.GRACE
    assert await service.phase(in_grace) is Phase.GRACE
    assert await service.phase(after_grace) is Phase.CLOSED

    await drive(service, 7001, BASE, before, stop_at="phone_hours")
    await drive(service, 7002, BASE, before, stop_at="line")
    await drive(service, 7003, BASE, before, submit_at=before)

    assert await service.begin(7004, "fr", in_grace) is Refusal.CLOSED, "nobody new starts"
    assert await store.status(7004) is Status.NEW
    assert await service.begin(7003, "fr", in_grace) is Refusal.ALREADY_SUBMITTED
    resumed = progress(await service.begin(7001, "fr", in_grace))
    assert resumed.resumed
    assert asked(resumed) == "phone_hours"
    done = await drive(service, 7001, BASE, in_grace, submit_at=in_grace + timedelta(minutes=5))
    assert isinstance(done.step, Review)
    assert await store.status(7001) is Status.SUBMITTED

    assert await service.choose(7002, "line", ["first"], after_grace) is Refusal.CLOSED
    assert await service.begin(7002, "fr", after_grace) is Refusal.CLOSED

    # A new deadline set by /open overrides the configured one.
    await store.reopen_survey(DEADLINE + timedelta(days=7))
    assert asked(await service.begin(7004, "fr", after_grace)) == "administration"
    assert asked(await service.choose(7002, "line", ["first"], after_grace)) == ("phone_frequency")


# -- figures --------------------------------------------------------------------------------


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


def _merge_outcomes(sizes: dict[str, int], minimum: int) -> None:
    mapping, hidden = merge_small_groups(sizes, minimum)
    shown = {key for key, target in mapping.items() if target == key}
    merged = [key for key, target in mapping.items() if target == OTHER_GROUPS]
    left_out = set(sizes) - set(mapping)
    assert hidden == sum(sizes[k] for k in left_out)
    assert all(sizes[k] >= minimum for k in shown), (sizes, mapping)
    if merged:
        assert sum(sizes[k] for k in merged) >= minimum, (sizes, mapping)
        assert len(merged) >= 2, ("a merged group alone is exposed", sizes, mapping)
    # The groups shown (merged or not) cover either everybody or nobody: otherwise the
    # overall figures minus the shown groups give away the hidden ones.
    assert hidden == 0 or not mapping, (sizes, mapping, hidden)


@pytest.mark.parametrize("minimum", [2, 3, 5])
def test_merging_small_groups_never_leaves_one_recoverable(minimum: int) -> None:
    values = [0, 1, 2, 3, 4, 5, 7]
    for a in values:
        for b in values:
            for c in values:
                for d in (0, 1, 6):
                    sizes = {
                        k: n
                        for k, n in zip(
                            ("agpr", "agdp", "tresorerie", "other"), (a, b, c, d), strict=True
                        )
                        if n
                    }
                    _merge_outcomes(sizes, minimum)
