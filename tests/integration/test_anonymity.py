"""Anonymity, checked on the database file itself: no user id, no name, no link, no timing."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import re
import sqlite3
import stat
from collections.abc import AsyncIterator, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest

from bot.app.respondents import Progress, Refusal, RespondentService
from bot.core.questionnaire import Questionnaire
from bot.core.stores import StepMessage
from bot.reports.tables import columns, rows
from storage.pepper import KeyScheme, Pepper, PepperError
from storage.schema import MIGRATIONS
from storage.store import SurveyStore
from tests.support.answering import BASE, Harness, drive, replies
from tests.support.sqlite_forensics import cells, page_images

SHIPPED_ID = "telephonie-crm-2020"
"""The shipped survey's id, in its respondents' keys."""

START = datetime(2020, 2, 4, 8, 15, 27, tzinfo=UTC)


@dataclass(frozen=True)
class Person:
    """A Telegram user as the bot would see them; only `user_id` ever reaches the service."""

    user_id: int
    username: str
    first_name: str


SUBMITTING = (
    Person(987654321, "zephyrine_kwak", "Zéphyrine"),
    Person(1234567890123, "quirinus_vdbroek", "Quirinus"),
    Person(2718281828, "oswaldo_telefoon", "Oswaldo"),
)
IN_PROGRESS = Person(3141592653, "hieronymus_bosch9", "Hieronymus")
CANCELLING = Person(1618033988, "gwendolyn_xq", "Gwendolyn")
EVERYONE = (*SUBMITTING, IN_PROGRESS, CANCELLING)
CANCELLED_TEXT = "Texte-annulé-confidentiel-7b3f"


def id_encodings(user_id: int) -> Iterator[bytes]:
    """Every plausible binary or text form of an integer in a file."""
    yield str(user_id).encode()
    for width in (4, 6, 8):
        if user_id < 2 ** (8 * width - 1):
            yield user_id.to_bytes(width, "big")  # SQLite record format
            yield user_id.to_bytes(width, "little")
    yield sqlite_varint(user_id)  # rowids and record headers


def sqlite_varint(value: int) -> bytes:
    """SQLite's big-endian variable-length integer (as used for rowids)."""
    if value > 0x00FFFFFFFFFFFFFF:
        out = [value & 0xFF]
        value >>= 8
        for _ in range(8):
            out.append((value & 0x7F) | 0x80)
            value >>= 7
        return bytes(reversed(out))
    groups = [value & 0x7F]
    value >>= 7
    while value:
        groups.append((value & 0x7F) | 0x80)
        value >>= 7
    return bytes(reversed(groups))


def test_the_encodings_are_found_where_sqlite_writes_them(tmp_path: Path) -> None:
    """The byte searches below are meaningful: SQLite writes ids in exactly these forms."""
    assert sqlite_varint(0) == b"\x00"
    assert sqlite_varint(127) == b"\x7f"
    assert sqlite_varint(128) == b"\x81\x00"
    path = tmp_path / "probe.sqlite3"
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE as_rowid (id INTEGER PRIMARY KEY, v INTEGER)")
        db.execute("CREATE TABLE as_value (v INTEGER, t TEXT)")
        db.execute("INSERT INTO as_rowid VALUES (?, 0)", (987654321,))
        db.execute("INSERT INTO as_value VALUES (?, ?)", (1234567890123, "quirinus_vdbroek"))
        db.commit()
    content = path.read_bytes()
    assert sqlite_varint(987654321) in content
    assert (1234567890123).to_bytes(6, "big") in content
    assert b"quirinus_vdbroek" in content


@pytest.fixture
async def survey(
    tmp_path: Path, shipped_survey: Questionnaire
) -> AsyncIterator[tuple[Harness, Path]]:
    """A database where three people submitted, one is answering and one cancelled."""
    pepper_path = tmp_path / "keys" / "survey.pepper"
    harness = Harness(tmp_path / "survey.sqlite3", shipped_survey, Pepper.create(pepper_path))
    service = await harness.open()
    try:
        for i, person in enumerate(SUBMITTING):
            begin = START + timedelta(hours=i, seconds=13 * i)
            done = await drive(
                service,
                person.user_id,
                replies(administration=["other"], rating=str(i + 4)),
                begin,
                other="Service des douanes",
                submit_at=begin + timedelta(minutes=6, seconds=41),
            )
            assert done.outcome is None
        await drive(service, IN_PROGRESS.user_id, BASE, START, stop_at="effects")
        await drive(
            service, CANCELLING.user_id, replies(comments=CANCELLED_TEXT), START, submit_at=None
        )
        assert await service.cancel(CANCELLING.user_id)
        assert harness.store is not None
        await harness.store.keep_admin_language(SUBMITTING[0].user_id, "nl")  # an admin too
        yield harness, pepper_path
    finally:
        await harness.close()


def file_bytes(path: Path) -> dict[str, bytes]:
    """The database file and its -wal/-shm companions, if present."""
    found = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            found[companion.name] = companion.read_bytes()
    return found


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


async def test_the_files_hold_no_user_id_and_no_name(survey: tuple[Harness, Path]) -> None:
    harness, _ = survey
    await harness.close()
    files = file_bytes(harness.path)
    assert harness.path.name in files
    for name, content in files.items():
        for person in EVERYONE:
            for encoded in id_encodings(person.user_id):
                assert encoded not in content, (name, person.user_id, encoded)
            for word in (person.username, person.first_name):
                assert word.encode() not in content, (name, word)
                assert word.encode("utf-16-le") not in content, (name, word)
                assert word.encode("utf-16-be") not in content, (name, word)
        assert CANCELLED_TEXT.encode() not in content, "secure_delete wipes cancelled answers"


async def test_no_column_holds_a_user_id(survey: tuple[Harness, Path]) -> None:
    harness, _ = survey
    await harness.close()
    ids = {person.user_id for person in EVERYONE}
    with closing(read_only(harness.path)) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        assert set(tables) == {
            "survey",
            "submitted",
            "sessions",
            "answers",
            "admins",
            "kept",
        }
        checked = 0
        for table in tables:
            for column in [row[1] for row in db.execute(f"PRAGMA table_info({table})")]:
                for (value,) in db.execute(f'SELECT "{column}" FROM "{table}"'):
                    checked += 1
                    assert not (isinstance(value, int) and value in ids), (table, column)
                    if isinstance(value, str):
                        assert not any(str(i) in value for i in ids), (table, column)
                    if isinstance(value, bytes):
                        for i in ids:
                            assert not any(e in value for e in id_encodings(i)), (table, column)
        assert checked > 100


async def test_random_keyed_tables_are_without_rowid(survey: tuple[Harness, Path]) -> None:
    harness, _ = survey
    rows_ = await harness.query("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
    sql = {name: re.sub(r"\s+", " ", text).upper() for name, text in rows_}
    for table in ("sessions", "answers", "submitted"):
        assert sql[table].endswith("WITHOUT ROWID"), table


async def test_submission_cuts_the_link_between_person_and_response(
    survey: tuple[Harness, Path],
) -> None:
    harness, _ = survey
    store = harness.store
    assert store is not None
    keys = {p.user_id: store._pepper.respondent_key(p.user_id, SHIPPED_ID) for p in EVERYONE}
    in_progress = await harness.sessions.session(IN_PROGRESS.user_id)
    assert in_progress is not None
    submitted = {key for (key,) in await harness.query("SELECT key FROM submitted")}
    assert submitted == {keys[p.user_id] for p in SUBMITTING}, "nobody answering has a key"
    assert await harness.query("SELECT key FROM submitted") == sorted(
        (key,) for key in submitted
    ), "rewritten in key order: no trace of who submitted when"

    sessions = await harness.query(
        "SELECT token, started_at, cursor, submitted_day, duration_minutes, "
        "typeof(duration_minutes), handle, last_update FROM sessions "
        "WHERE submitted_day IS NOT NULL"
    )
    assert len(sessions) == len(SUBMITTING)
    for token, started_at, cursor, day, minutes, minutes_type, handle, last in sessions:
        assert token != in_progress.token
        assert (started_at, cursor, handle, last) == (None, None, None, None)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", day), day
        assert minutes_type == "integer"
        assert minutes == 7  # 6 min 41 s, rounded up to whole minutes
    columns_of = {
        table: {row[1] for row in await harness.query(f"PRAGMA table_info({table})")}
        for table in ("sessions", "answers", "submitted")
    }
    assert columns_of["answers"] == {"token", "question", "item", "number", "text"}
    assert columns_of["submitted"] == {"key"}
    assert columns_of["sessions"] == {
        "token",
        "language",
        "cursor",
        "started_at",
        "submitted_day",
        "duration_minutes",
        "batch",
        "settled",
        "handle",
        "last_update",
    }


async def answering(
    tmp_path: Path, survey: Questionnaire, user_id: int
) -> tuple[Harness, RespondentService, SurveyStore]:
    """A new database where one person is answering, half way through."""
    harness = Harness(tmp_path / "new.sqlite3", survey, Pepper.create(tmp_path / "p"))
    service = await harness.open()
    assert harness.store is not None
    await drive(service, user_id, BASE, START, stop_at="effects")
    return harness, service, harness.store


async def test_where_the_step_is_shown_never_reaches_the_file(
    tmp_path: Path, shipped_survey: Questionnaire
) -> None:
    harness, service, _ = await answering(tmp_path, shipped_survey, 4242)
    numbers = {7_340_033, 7_340_032}  # message numbers easy to look for
    shown = StepMessage(7_340_033, True, 7_340_033, 7_340_032)

    def stored_anywhere() -> set[int]:
        """The numbers in any cell of any page image of the folder (SQLite stores them as
        3-byte integers), or as text."""
        found: set[int] = set()
        for image in page_images(harness.path.parent):
            for _, record in cells(image):
                found |= numbers & {v for v in record if isinstance(v, int)}
            found |= {n for n in numbers if str(n).encode() in image.data}
        return found

    await service.keep_step_message(4242, shown)
    assert await service.step_message(4242) == shown, "kept in memory while they answer"
    assert stored_anywhere() == set()
    await drive(service, 4242, BASE, START, submit_at=START + timedelta(minutes=5))
    assert await service.step_message(4242) is None
    await service.keep_step_message(4242, shown)  # a late write finds no session
    assert await service.step_message(4242) is None
    await harness.close()
    assert stored_anywhere() == set()


async def test_an_admins_language_is_keyed_apart_from_the_respondents(
    survey: tuple[Harness, Path],
) -> None:
    harness, _ = survey
    store = harness.store
    assert store is not None
    admin = SUBMITTING[0].user_id
    assert await store.admin_language(admin) == "nl"
    assert await store.admin_language(IN_PROGRESS.user_id) is None
    respondent_keys = {bytes(key) for (key,) in await harness.query("SELECT key FROM submitted")}
    assert (
        store._pepper.respondent_key(admin, SHIPPED_ID) in respondent_keys
    )  # the admin took part
    ((key, language),) = await harness.query("SELECT key, language FROM admins")
    assert (bytes(key), language) == (store._pepper.admin_key(admin), "nl")
    assert bytes(key) not in respondent_keys, "no join with the respondents' keys"


async def test_a_submitted_response_gets_a_token_its_person_never_had(
    tmp_path: Path, shipped_survey: Questionnaire
) -> None:
    harness, service, _ = await answering(tmp_path, shipped_survey, 4242)
    session = await harness.sessions.session(4242)
    assert session is not None
    await drive(service, 4242, BASE, START, submit_at=START + timedelta(minutes=5))
    tokens = {token for (token,) in await harness.query("SELECT token FROM sessions")}
    answers_of_old = await harness.query(
        "SELECT count(*) FROM answers WHERE token = ?", (session.token,)
    )
    await harness.close()
    assert len(tokens) == 1
    assert session.token not in tokens
    assert answers_of_old == [(0,)]


async def test_no_page_holds_a_persons_key_beside_a_session(
    survey: tuple[Harness, Path],
) -> None:
    harness, _ = survey
    assert harness.store is not None
    pepper = harness.store._pepper
    keys = {pepper.respondent_key(p.user_id, SHIPPED_ID) for p in EVERYONE}
    await harness.close()
    for image in page_images(harness.path.parent):
        for _, record in cells(image):
            if any(value in keys for value in record):
                assert len(record) == 1, (image.file, record)  # a row of `submitted`, alone
    content = harness.path.read_bytes()
    assert pepper.respondent_key(IN_PROGRESS.user_id, SHIPPED_ID) not in content, (
        "answering: no key"
    )


async def test_no_journal_and_no_free_page_outlive_a_commit(
    survey: tuple[Harness, Path],
) -> None:
    harness, _ = survey
    assert harness.store is not None
    names = ("secure_delete", "journal_mode", "auto_vacuum", "freelist_count", "foreign_keys")
    assert await harness.store.pragmas(*names) == {
        "secure_delete": 1,
        "journal_mode": "delete",
        "auto_vacuum": 1,  # full
        "freelist_count": 0,
        "foreign_keys": 1,
    }
    for suffix in ("-wal", "-shm", "-journal"):
        assert not harness.path.with_name(harness.path.name + suffix).exists(), suffix


async def test_the_respondent_key_is_an_hmac_of_the_survey_and_the_user_id(
    survey: tuple[Harness, Path], tmp_path: Path
) -> None:
    harness, pepper_path = survey
    secret = bytes.fromhex(pepper_path.read_text(encoding="ascii"))
    assert len(secret) == 32
    assert stat.S_IMODE(pepper_path.stat().st_mode) == 0o600
    pepper = Pepper.load(pepper_path)
    assert repr(pepper) == "Pepper(****)"
    other = Pepper.create(tmp_path / "other.pepper")
    for person in EVERYONE:
        message = f"survey:{len(SHIPPED_ID)}:{SHIPPED_ID}:{person.user_id}"
        expected = hmac.new(secret, message.encode(), hashlib.sha256).digest()
        assert pepper.respondent_key(person.user_id, SHIPPED_ID) == expected
        assert other.respondent_key(person.user_id, SHIPPED_ID) != expected
    stored = {key for (key,) in await harness.query("SELECT key FROM submitted")}
    assert stored == {pepper.respondent_key(p.user_id, SHIPPED_ID) for p in SUBMITTING}
    await harness.close()
    content = harness.path.read_bytes()
    assert secret not in content
    assert secret.hex().encode() not in content
    assert pepper.respondent_key(CANCELLING.user_id, SHIPPED_ID) not in content, (
        "cancelled: key wiped"
    )


async def test_the_export_follows_the_random_tokens_not_the_submission_order(
    tmp_path: Path, shipped_survey: Questionnaire
) -> None:
    harness = Harness(
        tmp_path / "order.sqlite3", shipped_survey, Pepper.create(tmp_path / "order.pepper")
    )
    service = await harness.open()
    try:
        for i in range(30):
            begin = START + timedelta(minutes=7 * i)
            await drive(
                service,
                900_000_000 + i,
                replies(phone_hours=str(i)),
                begin,
                submit_at=begin + timedelta(minutes=3),
            )
        assert harness.store is not None
        by_token = await harness.query(
            "SELECT a.token, a.number FROM answers a WHERE a.question = 'phone_hours'"
        )
        exported = [r.answers["phone_hours"].value for r in await harness.store.responses()]
        table = list(rows(shipped_survey, await harness.store.responses()))
    finally:
        await harness.close()
    submission_order = list(range(30))
    token_order = [number for _, number in sorted(by_token)]
    assert sorted(exported) == submission_order  # type: ignore[type-var]
    assert exported == token_order
    assert exported != submission_order
    position = [c.id for c in columns(shipped_survey)].index("phone_hours")
    assert [row[position] for row in table] == token_order
    assert [row[0] for row in table] == list(range(1, 31)), "numbered in export order only"


async def test_the_pepper_fingerprint_is_no_key_and_not_the_pepper(
    survey: tuple[Harness, Path],
) -> None:
    harness, pepper_path = survey
    secret = bytes.fromhex(pepper_path.read_text(encoding="ascii"))
    pepper = Pepper.load(pepper_path)
    [(fingerprint,)] = await harness.query("SELECT pepper_fingerprint FROM survey")
    assert fingerprint == hmac.new(secret, b"pepper-fingerprint", hashlib.sha256).digest()
    stored = {
        bytes(key)
        for (key,) in await harness.query(
            "SELECT key FROM submitted UNION ALL SELECT key FROM admins"
        )
    }
    assert len(stored) == 4, "three submitted, one admin (nobody answering has a key on disk)"
    keys = {pepper.respondent_key(p.user_id, SHIPPED_ID) for p in EVERYONE}
    keys |= {pepper.admin_key(p.user_id) for p in EVERYONE}
    assert fingerprint not in stored | keys
    assert secret not in fingerprint and secret.hex().encode() not in fingerprint
    await harness.close()
    content = harness.path.read_bytes()
    assert secret not in content
    assert secret.hex().encode() not in content


async def test_a_store_on_the_same_file_with_another_pepper_is_refused(
    survey: tuple[Harness, Path], tmp_path: Path, shipped_survey: Questionnaire
) -> None:
    harness, _ = survey
    await harness.close()

    def dump() -> list[str]:
        with closing(sqlite3.connect(f"file:{harness.path}?mode=ro", uri=True)) as db:
            return list(db.iterdump())

    before = dump()
    another = Pepper.create(tmp_path / "another.pepper")
    with pytest.raises(PepperError, match=r"not the one the database \S+ was made with"):
        await SurveyStore.open(harness.path, shipped_survey, another)
    assert dump() == before, "refused before anything is written"
    content = harness.path.read_bytes()
    for person in SUBMITTING:
        assert another.respondent_key(person.user_id, SHIPPED_ID) not in content, (
            "its keys are none of these"
        )


async def submission_order_on_disk(tmp_path: Path, survey: Questionnaire, batch: int) -> float:
    """Submit 30 responses (the i-th takes i minutes) and read their order back from the file.

    Returns the share of pairs of responses on the same page whose cells' places (SQLite fills
    a page from its end) put them in their order of submission.
    """
    path = tmp_path / f"order-{batch}.sqlite3"
    harness = Harness(path, survey, Pepper.create(tmp_path / f"{batch}.pepper"), batch=batch)
    service = await harness.open()
    try:
        for i in range(1, 31):
            await drive(service, 700_000 + i, BASE, START, submit_at=START + timedelta(minutes=i))
    finally:
        await harness.close()
    placed: dict[int, list[tuple[int, int]]] = {}
    for image in page_images(tmp_path):
        if image.file != path.name:
            continue
        for offset, record in cells(image):
            if len(record) == 10 and isinstance(record[5], int) and record[4] is not None:
                placed.setdefault(image.number, []).append((offset, record[5]))
    pairs = agreeing = 0
    for on_page in placed.values():
        for (offset_a, minutes_a), (offset_b, minutes_b) in itertools.combinations(on_page, 2):
            if batch > 1 and (minutes_a - 1) // batch != (minutes_b - 1) // batch:
                continue  # only the order within a batch is to be hidden
            pairs += 1
            agreeing += (offset_a < offset_b) == (minutes_a > minutes_b)
    assert pairs > 20
    return agreeing / pairs


async def test_the_file_does_not_tell_the_order_of_submissions_within_a_batch(
    tmp_path: Path, shipped_survey: Questionnaire
) -> None:
    # Written one by one, the places of the cells give the order away: the attack sees it.
    assert await submission_order_on_disk(tmp_path, shipped_survey, batch=1) == 1.0
    # Written in shuffled batches, they follow the random tokens instead.
    within_batches = await submission_order_on_disk(tmp_path, shipped_survey, batch=5)
    assert 0.15 < within_batches < 0.85


async def test_a_database_of_the_previous_version_is_upgraded_and_rekeyed(
    tmp_path: Path, shipped_survey: Questionnaire
) -> None:
    path = tmp_path / "v1.sqlite3"
    pepper = Pepper.create(tmp_path / "v1.pepper")
    done, answering = (
        pepper.respondent_key(u, shipped_survey.id, KeyScheme.USER) for u in (51, 52)
    )
    old, going = "A" * 32, "B" * 32
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.executescript(MIGRATIONS[1])
        db.executescript(
            f"""
            PRAGMA user_version = 1;
            INSERT INTO survey (singleton, survey_id) VALUES (1, '{shipped_survey.id}');
            INSERT INTO sessions VALUES ('{old}', 'fr', NULL, NULL, '2020-02-05', 4, 1);
            INSERT INTO sessions VALUES ('{going}', 'nl', NULL, '2020-02-05T10:00:00+00:00',
                NULL, NULL, 0);
            INSERT INTO answers VALUES ('{old}', 'administration', 'agpr', NULL, NULL);
            INSERT INTO answers VALUES ('{going}', 'administration', 'agdp', NULL, NULL);
            """
        )
        db.execute("INSERT INTO respondents VALUES (?, NULL, 1, NULL)", (done,))
        db.execute("INSERT INTO respondents VALUES (?, ?, 0, 7)", (answering, going))
    store = await SurveyStore.open(path, shipped_survey, pepper)
    try:
        assert await store.submitted(51)
        # Whoever was answering during the upgrade goes on, until the next restart: the link
        # was read into memory before the table was dropped.
        service = RespondentService(
            shipped_survey, store, deadline=None, grace=timedelta(hours=2), zone=UTC
        )
        session = await service.store.session(52)
        assert session is not None and session.token == going
        assert len(session.handle) == 12
        assert session.state.answers["administration"].value == "agdp"
        assert store.take_resumable(52) is None, "taken once"
        (response,) = await store.responses()
        assert response.answers["administration"].value == "agpr"
        assert response.batch == 1, "released before the upgrade: in the first release"
        async with aiosqlite.connect(f"file:{path}?mode=ro", uri=True) as db:
            tokens = {
                token for (token,) in await db.execute_fetchall("SELECT token FROM sessions")
            }
            assert old not in tokens and going in tokens, "the submitted response got a new token"
            tables = await db.execute_fetchall("SELECT name FROM sqlite_master")
            assert "respondents" not in {name for (name,) in tables}
            assert list(await db.execute_fetchall("PRAGMA journal_mode")) == [("delete",)]
            assert list(await db.execute_fetchall("PRAGMA auto_vacuum")) == [(1,)]
    finally:
        await store.close()
    assert not path.with_name(path.name + "-wal").exists()
    assert old.encode() not in path.read_bytes()
    assert answering not in path.read_bytes(), "the dropped links are wiped"


async def test_who_submitted_is_written_a_whole_batch_at_a_time(
    tmp_path: Path, shipped_survey: Questionnaire
) -> None:
    harness = Harness(
        tmp_path / "keys.sqlite3", shipped_survey, Pepper.create(tmp_path / "k"), batch=3
    )
    service = await harness.open()

    async def submit(user_id: int) -> None:
        await drive(service, user_id, BASE, START, submit_at=START + timedelta(minutes=4))

    async def recorded() -> set[bytes]:
        return {bytes(key) for (key,) in await harness.query("SELECT key FROM submitted")}

    try:
        assert harness.store is not None
        key = harness.store._respondent_key
        await submit(600)
        await submit(601)
        assert await recorded() == set(), "two keys wait in memory"
        assert await harness.query("SELECT count(*) FROM sessions") == [(2,)]
        assert await service.begin(600, "fr", START) is Refusal.ALREADY_SUBMITTED
        await submit(602)
        assert await recorded() == {key(600), key(601), key(602)}, "a whole batch, at once"
        await submit(603)
        await submit(604)
        # The survey closes: nothing more can be submitted, but fewer than a batch of keys
        # written now would each be paired with one of the few responses since the last batch.
        await service.close(START + timedelta(hours=1))
        assert len(await recorded()) == 3
        await service.reopen(None)
        assert await service.begin(603, "fr", START) is Refusal.ALREADY_SUBMITTED, "in memory"

        # A stop, clean or not, loses the keys waiting in memory: those people could answer
        # again; the others cannot.
        service = await harness.reopen()
        assert len(await recorded()) == 3
        assert isinstance(await service.begin(603, "fr", START), Progress)
        assert isinstance(await service.begin(604, "fr", START), Progress)
        assert await service.begin(602, "fr", START) is Refusal.ALREADY_SUBMITTED
    finally:
        await harness.close()
