"""A series of copies of the data folder, and the pre-image of every transaction, attacked.

The attacker holds copies of the data folder taken every half second while the real bot process
serves 24 people (some pause half-way, the bot is SIGKILLed and restarted, they go on), the
rollback journal of every transaction as it was written (`tests.support.journal_tap`), the
pepper and every user id. Three attacks, each must find 0 links:

(a) in any copy or pre-image, answers under any value derived from a person (their respondent
    key, their user id) matched by content with the final responses;
(b) between the states of a series (the copies; the pre-images, one per transaction), keys
    newly in `submitted` against the responses that appeared since the latest state where no
    more responses were unaccounted for: fewer than `min_group_size` responses for new keys to
    be paired with is a link;
(c) the pre-images are attacked as copies by (a), and as a series by (b).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import sys
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from fakebotapi import BotMessage, FakeBotAPI, FakeUser
from tests.e2e.test_anonymity_at_rest import submit, word_of, write_config
from tests.support.paths import REPO
from tests.support.sqlite_forensics import attack

GROUP = 3  # min_group_size in write_config
FIRST = [830_000_001 + i for i in range(10)]  # submit before the SIGKILL
SECOND = [840_000_001 + i for i in range(10)]  # submit after it
PAUSING = [850_000_001 + i for i in range(4)]  # start before, finish after
EVERYONE = [*FIRST, *SECOND, *PAUSING]
COPY_EVERY = 0.5  # seconds: a backup schedule, not a synchronisation


async def start_tapped_bot(config: Path, token: str, tap: Path) -> asyncio.subprocess.Process:
    """The bot process, as `python -m bot run`, with every transaction's pre-image captured."""
    env = {
        **os.environ,
        "SURVEY_BOT_TOKEN": token,
        "PYTHONUNBUFFERED": "1",
        "SURVEY_BOT_TAP": str(tap),
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.journal_tap",
        "--config",
        str(config),
        "run",
        cwd=REPO,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


class Copier:
    """Copies the data folder every `COPY_EVERY` seconds, as a backup schedule would."""

    def __init__(self, data: Path, store: Path) -> None:
        self.data = data
        self.store = store
        self.copies: list[Path] = []

    def take(self) -> None:
        target = self.store / f"{len(self.copies):04d}"
        target.mkdir(parents=True)
        for path in sorted(self.data.glob("*")):
            if path.is_file():
                try:
                    shutil.copyfile(path, target / path.name)
                except FileNotFoundError:  # a journal that vanished between listing and copy
                    continue
        self.copies.append(target)

    async def run(self) -> None:
        while True:
            await asyncio.to_thread(self.take)
            await asyncio.sleep(COPY_EVERY)


async def answer_up_to_hours(agent: FakeUser) -> BotMessage:
    """Answer the first two questions; return the third, on hours, as the chat shows it."""
    await agent.send_command("/start")
    first = await agent.wait_for_message(lambda m: "\n\nQuestion 1 · " in m.text)
    await agent.click("Équipe A", first)
    await agent.wait_for_message(lambda m: "\n\nQuestion 2 · " in m.text)
    await agent.send_text(word_of(agent.id))
    return await agent.wait_for_message(lambda m: "\n\nQuestion 3 · " in m.text and not m.edited)


async def go_on_after_the_restart(agent: FakeUser, hours: BotMessage) -> None:
    """A tap on a button of the last question (back), and on to the end."""
    await agent.click(lambda b: "Retour" in str(b.get("text", "")), hours)
    await agent.wait_for_message(lambda m: m.edited and "Question 2 · " in m.text)
    await agent.send_text(word_of(agent.id))
    await agent.wait_for_message(lambda m: "\n\nQuestion 3 · " in m.text and not m.edited)
    await submit(agent)


@dataclass
class State:
    """What the file held at one moment, as SQLite reads it (a hot journal rolled back)."""

    keys: frozenset[bytes]
    responses: frozenset[str]


def read_state(folder: Path, scratch: Path) -> State | None:
    """The state of a copy; None for a copy torn mid-write that SQLite cannot read."""
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(folder, scratch)
    try:
        with closing(sqlite3.connect(scratch / "survey.sqlite3")) as db:
            if db.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                return None  # copied while a commit was being written, without its journal
            if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'submitted'").fetchall():
                return State(frozenset(), frozenset())  # before the first transaction
            keys = frozenset(bytes(k) for (k,) in db.execute("SELECT key FROM submitted"))
            tokens = frozenset(
                t for (t,) in db.execute("SELECT token FROM sessions WHERE submitted_day > ''")
            )
    except sqlite3.DatabaseError:
        return None
    return State(keys, tokens)


@dataclass
class SeriesAttack:
    """Keys newly recorded against the responses they may be paired with (attack b)."""

    linked: set[bytes] = field(default_factory=set)
    smallest: int | None = None
    """The fewest responses a batch of new keys could be paired with."""
    unreadable: int = 0

    def run(self, states: Iterable[State | None]) -> None:
        """New keys at a state can be paired with the responses that appeared since the
        latest earlier state with no more responses unaccounted for (responses minus keys):
        every key recorded there has its response there."""
        seen: list[State] = [State(frozenset(), frozenset())]
        for state in states:
            if state is None:
                self.unreadable += 1
                continue
            new_keys = state.keys - seen[-1].keys
            if new_keys:
                surplus = len(state.responses) - len(state.keys)
                since = next(
                    s for s in reversed(seen) if len(s.responses) - len(s.keys) <= surplus
                )
                candidates = len(state.responses - since.responses)
                self.smallest = (
                    candidates if self.smallest is None else min(self.smallest, candidates)
                )
                if candidates < GROUP:
                    self.linked |= new_keys
            seen.append(state)


def content_links(folder: Path, pepper: bytes) -> set[int]:
    """People whose answers (in progress or not) are found under a value derived from them:
    their word, found there, is in their final response (attack a)."""
    found = attack(folder, pepper, EVERYONE)
    linked = set()
    for user_id in EVERYONE:
        texts = {a[3] for a in found.linked_answers(user_id)}
        if found.links_to_submitted(user_id) or word_of(user_id) in texts:
            linked.add(user_id)
    return linked


async def test_no_series_of_copies_links_a_person_to_an_answer(tmp_path: Path) -> None:
    taps, copies = tmp_path / "pre-images", tmp_path / "copies"
    copier = Copier(tmp_path / "data", copies)
    logs: list[bytes] = []
    async with FakeBotAPI() as api:
        config = write_config(tmp_path, api)
        process = await start_tapped_bot(config, api.token, taps)
        copying = asyncio.create_task(copier.run())
        try:
            pausing = [api.user(user_id, language_code="fr") for user_id in PAUSING]
            paused = [await answer_up_to_hours(agent) for agent in pausing]
            for user_id in FIRST:
                agent = api.user(user_id, language_code="fr")
                await answer_up_to_hours(agent)
                await submit(agent)
        finally:
            process.kill()
            logs.append((await process.communicate())[0])
        process = await start_tapped_bot(config, api.token, taps)
        try:
            for user_id in SECOND:
                agent = api.user(user_id, language_code="fr")
                await answer_up_to_hours(agent)
                await submit(agent)
            for agent, hours in zip(pausing, paused, strict=True):
                await go_on_after_the_restart(agent, hours)
            # What the SIGKILL cost: the keys still waiting in memory then are gone, so that
            # those few could answer again.
            lost = api.user(FIRST[-1], language_code="fr")
            lost.mark_read()
            await lost.send_command("/start")
            again = await lost.wait_for_message()
        finally:
            process.send_signal(signal.SIGTERM)
            logs.append((await asyncio.wait_for(process.communicate(), timeout=15))[0])
            copying.cancel()
            await asyncio.gather(copying, return_exceptions=True)
        assert process.returncode == 0
        copier.take()

    pepper = bytes.fromhex((tmp_path / "data" / "survey.pepper").read_text(encoding="ascii"))
    final_state = read_state(copier.copies[-1], tmp_path / "scratch")
    assert final_state is not None
    assert len(final_state.responses) == len(EVERYONE)
    with closing(sqlite3.connect(copier.copies[-1] / "survey.sqlite3")) as db:
        words = {w for (w,) in db.execute("SELECT text FROM answers WHERE question = 'word'")}
    assert words == {word_of(user_id) for user_id in EVERYONE}, "every word is in a response"
    pre_images = sorted(taps.iterdir(), key=lambda p: p.stat().st_mtime_ns)

    in_copies: set[int] = set().union(*(content_links(c, pepper) for c in copier.copies))
    in_pre_images: set[int] = set().union(*(content_links(p, pepper) for p in pre_images))
    by_copies, by_transactions = SeriesAttack(), SeriesAttack()
    by_copies.run(read_state(c, tmp_path / "scratch") for c in copier.copies)
    by_transactions.run(read_state(p, tmp_path / "scratch") for p in pre_images)
    logged = b"".join(logs).decode(errors="replace")
    in_logs = {user_id for user_id in EVERYONE if str(user_id) in logged}
    recorded = len(final_state.keys)

    print(
        f"\ncopies={len(copier.copies)} pre-images={len(pre_images)} "
        f"(a) copies: {len(in_copies)} linked, pre-images: {len(in_pre_images)} linked; "
        f"(b) copies: {len(by_copies.linked)} linked (fewest candidates "
        f"{by_copies.smallest}), transactions: {len(by_transactions.linked)} linked (fewest "
        f"{by_transactions.smallest}); logs: {len(in_logs)}; keys recorded {recorded} of "
        f"{len(EVERYONE)}; after the SIGKILL, {FIRST[-1]} gets: {again.text[:40]!r}"
    )
    assert len(pre_images) > 4 * len(EVERYONE), "every transaction was captured"
    assert by_transactions.unreadable == 0
    assert in_copies == set(), "(a) answers under a person's key or id, in a copy"
    assert in_pre_images == set(), "(c) the same, in a transaction's pre-image"
    assert by_copies.linked == set(), "(b) new keys against new responses, copy to copy"
    assert by_transactions.linked == set(), "(b, c) the same, transaction to transaction"
    assert in_logs == set()
    # Keys are written a whole batch at a time. Those that waited in memory at the SIGKILL,
    # and at the clean stop (fewer than a batch each time), are not recorded: those people
    # could answer again.
    assert recorded % GROUP == 0
    assert len(EVERYONE) - 2 * (GROUP - 1) <= recorded <= len(EVERYONE)
