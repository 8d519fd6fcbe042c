"""Sessions and answers in a real SQLite file: stored, reloaded, dropped, resumed, survived."""

from __future__ import annotations

import asyncio
import os
import queue
import signal
import subprocess
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app.respondents import Refusal
from bot.core.answers import Answer
from bot.core.engine import Accepted, Review
from bot.core.schedule import Phase
from bot.core.stores import REDELIVERY_WINDOW, Status
from tests.support.answering import BASE, Harness, asked, drive, progress, replies
from tests.support.known import EVERY_TYPE, EVERY_TYPE_OTHER
from tests.support.paths import PYTHON, REPO

T0 = datetime(2020, 2, 3, 9, 0, tzinfo=UTC)
DEADLINE = datetime.fromisoformat("2020-02-11T23:59:59+01:00")
CHILD_TIMEOUT = 60.0


# -- rows in the file (the contract tests check the same sessions through the Protocols) -----


async def test_answers_are_stored_one_row_per_item(harness: Harness) -> None:
    service = await harness.open()
    done = await drive(service, 1001, EVERY_TYPE, T0, other=EVERY_TYPE_OTHER)
    assert isinstance(done.step, Review)
    assert harness.store is not None
    session = await harness.sessions.session(1001)
    assert session is not None

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


async def test_an_answer_dropped_by_a_change_leaves_no_row(harness: Harness) -> None:
    service = await harness.open()
    await drive(service, 1002, replies(training_use="3"), T0, stop_at="calls_per_day")
    assert asked(await service.back(1002, T0)) == "training_use"
    assert asked(await service.back(1002, T0)) == "training"
    progress(await service.choose(1002, "training", ["no"], T0))
    assert harness.store is not None
    session = await harness.sessions.session(1002)
    assert session is not None
    assert await harness.query(
        "SELECT count(*) FROM answers WHERE token = ? AND question = 'training_use'",
        (session.token,),
    ) == [(0,)]


async def test_answers_dropped_after_going_back_leave_no_row(harness: Harness) -> None:
    service = await harness.open()
    await drive(service, 1003, BASE, T0)
    for expected in ("comments", "rating", "since_november", "support", "effects"):
        assert asked(await service.back(1003, T0)) == expected
    progress(await service.choose(1003, "effects", ["backlog"], T0))
    assert harness.store is not None
    session = await harness.sessions.session(1003)
    assert session is not None
    assert await harness.query(
        "SELECT item FROM answers WHERE token = ? AND question IN ('support', 'effects')",
        (session.token,),
    ) == [("backlog",)]


async def test_starting_twice_keeps_one_row_per_person(harness: Harness) -> None:
    service = await harness.open()
    assert harness.store is not None
    progress(await service.begin(2001, "fr", T0))
    await service.choose(2001, "administration", ["agdp"], T0)
    assert progress(await service.begin(2001, "nl", T0 + timedelta(minutes=5))).resumed
    await harness.sessions.start(2001, "fr", T0)
    await harness.sessions.start(2001, "fr", T0)
    assert await harness.query("SELECT count(*) FROM sessions") == [(1,)]


async def test_trying_again_after_submission_adds_no_session_row(harness: Harness) -> None:
    service = await harness.open()
    assert harness.store is not None
    await drive(service, 2002, BASE, T0, submit_at=T0 + timedelta(minutes=3))
    assert await service.begin(2002, "fr", T0) is Refusal.ALREADY_SUBMITTED
    assert await harness.sessions.start(2002, "fr", T0) is None
    service = await harness.reopen()
    assert await service.begin(2002, "nl", T0) is Refusal.ALREADY_SUBMITTED
    assert await harness.query("SELECT count(*) FROM sessions") == [(1,)]


async def test_cancel_leaves_no_row(harness: Harness) -> None:
    service = await harness.open()
    await drive(service, 2003, BASE, T0, stop_at="training")
    assert await service.cancel(2003)
    for table in ("sessions", "answers"):
        assert await harness.query(f"SELECT count(*) FROM {table}") == [(0,)], table


# -- a killed process ------------------------------------------------------------------------

CHILD_SCRIPT = """
import asyncio
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.engine import Accepted
from bot.core.questionnaire import load_questionnaire
from bot.app.respondents import Progress, RespondentService
from storage.store import SurveyStore
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
    # After the restart, the person's next tap carries their session's handle.
    [(handle,)] = await harness.query("SELECT handle FROM sessions WHERE started_at IS NOT NULL")
    assert await service.rejoin(4001, handle, 1)
    session = await harness.sessions.session(4001)
    assert session is not None
    assert session.state.answers == {
        "administration": Answer("agdp"),
        "line": Answer("second"),
        "phone_frequency": Answer("weekly"),
    }
    redelivered = await harness.sessions.session(4001, 102)
    assert redelivered is not None
    assert redelivered.duplicate, "the last committed update id survived too"
    resumed = progress(await service.begin(4001, "fr", T0))
    assert resumed.resumed
    assert asked(resumed) == "phone_hours"
    done = await drive(
        service, 4001, replies(line=["second"]), T0, submit_at=T0 + timedelta(minutes=9)
    )
    assert isinstance(done.step, Review)
    assert await harness.sessions.status(4001) is Status.SUBMITTED


# -- redelivered updates -----------------------------------------------------------------


async def test_a_redelivered_update_is_marked_duplicate(harness: Harness) -> None:
    service = await harness.open()
    store = harness.sessions
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
    handle = plain.handle
    service = await harness.reopen()
    assert await service.rejoin(5001, handle, 1)
    reloaded = await harness.sessions.session(5001, 10)
    assert reloaded is not None
    assert reloaded.duplicate
    assert reloaded.state.answers == {"administration": Answer("agpr")}
    [(last,)] = await harness.query("SELECT last_update FROM sessions")
    assert last == 10, "kept with the session, not with the person"


# -- the survey's state, through the service --------------------------------------------


async def test_a_closed_survey_refuses_answers(harness: Harness) -> None:
    harness.deadline = DEADLINE
    service = await harness.open()
    store = harness.store
    assert store is not None
    await drive(service, 6001, BASE, T0, stop_at="line")
    closed_at = T0 + timedelta(hours=1)
    await service.close(closed_at)  # as an admin's /close does
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
    assert await harness.sessions.session(6001) is None
    assert await harness.query("SELECT count(*) FROM sessions WHERE handle IS NOT NULL") == [(0,)]
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
    assert await harness.sessions.status(7004) is Status.NEW
    assert await service.begin(7003, "fr", in_grace) is Refusal.ALREADY_SUBMITTED
    resumed = progress(await service.begin(7001, "fr", in_grace))
    assert resumed.resumed
    assert asked(resumed) == "phone_hours"
    done = await drive(service, 7001, BASE, in_grace, submit_at=in_grace + timedelta(minutes=5))
    assert isinstance(done.step, Review)
    assert await harness.sessions.status(7001) is Status.SUBMITTED

    assert await service.choose(7002, "line", ["first"], after_grace) is Refusal.CLOSED
    assert await service.begin(7002, "fr", after_grace) is Refusal.CLOSED

    # A new deadline set by /open overrides the configured one.
    await store.reopen_survey(DEADLINE + timedelta(days=7))
    assert asked(await service.begin(7004, "fr", after_grace)) == "administration"
    assert asked(await service.choose(7002, "line", ["first"], after_grace)) == ("phone_frequency")
