"""Copies of the data folder of the real bot process, attacked with the pepper and every user id.

The attacker of the privacy model holds a copy of the data folder taken at any moment (a backup
of the running server, what a crash leaves), the pepper and the Telegram user ids of the
colleagues they suspect. `tests.sqlite_forensics` reads every page image of the copy; here each
copy must give 0 links to a submitted response, and no time of day beside one, and 0 links to
the answers of somebody still answering: who answers which session is kept in memory only.
(`test_series_of_copies.py` attacks series of copies, and shows the same attack finding links in
a store that keeps them.)
"""

from __future__ import annotations

import asyncio
import shutil
import signal
from pathlib import Path

from fakebotapi import FakeBotAPI, FakeUser
from tests.support.botprocess import start_bot
from tests.support.sqlite_forensics import Findings, attack

SURVEY = """
id = "anonymity-at-rest"
title = "Anonymat"
intro = "Trois questions."
thanks = "Merci pour vos réponses !"
languages = ["fr"]

[[questions]]
id = "team"
type = "single"
text = "Votre équipe ?"
options = [{ id = "a", label = "Équipe A" }, { id = "b", label = "Équipe B" }]

[[questions]]
id = "word"
type = "text"
text = "Un mot qui vous ressemble ?"

[[questions]]
id = "hours"
type = "number"
text = "Combien d'heures au téléphone ?"
min = 0
max = 1000000
"""

SUBMITTING = [810_000_001 + i for i in range(7)]
ANSWERING = [820_000_001, 820_000_002]


def word_of(user_id: int) -> str:
    """A text that only this person types: any copy of it is theirs."""
    return f"mot-{user_id}-unique"


def write_config(tmp_path: Path, api: FakeBotAPI) -> Path:
    survey = tmp_path / "survey.toml"
    survey.write_text(SURVEY, encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(
        f'survey = "{survey}"\n'
        'database = "data/survey.sqlite3"\n'
        'pepper_file = "data/survey.pepper"\n'
        "min_group_size = 3\n"
        "closes_at = 2100-01-01T00:00:00+01:00\n"
        "[telegram]\n"
        f'base_url = "{api.base_url}"\n'
        f'base_file_url = "{api.base_file_url}"\n',
        encoding="utf-8",
    )
    return config


async def answer_up_to_hours(agent: FakeUser) -> None:
    await agent.send_command("/start")
    # Under the intro.
    first = await agent.wait_for_message(lambda m: "\n\nQuestion 1 · " in m.text)
    await agent.click("Équipe A", first)
    await agent.wait_for_message(lambda m: "\n\nQuestion 2 · " in m.text)
    await agent.send_text(word_of(agent.id))
    await agent.wait_for_message(lambda m: "\n\nQuestion 3 · " in m.text and not m.edited)


async def submit(agent: FakeUser) -> None:
    await agent.send_text(str(agent.id % 1000))
    await agent.wait_for_message(lambda m: any("Envoyer" in t for t in m.button_texts))
    await agent.click(lambda b: "Envoyer" in str(b.get("text", "")))
    await agent.wait_for_message(lambda m: "Merci pour vos réponses" in m.text)


class Backups:
    """Copies of the data folder, file by file as a backup tool makes them."""

    def __init__(self, data: Path, store: Path) -> None:
        self.data = data
        self.store = store
        self.copies: dict[str, Path] = {}

    def take(self, moment: str) -> None:
        target = self.store / f"{len(self.copies):02d}-{moment}"
        target.mkdir(parents=True)
        for path in sorted(self.data.rglob("*")):
            if path.is_file():
                try:
                    shutil.copy2(path, target / path.name)
                except FileNotFoundError:  # a journal that vanished between listing and copy
                    continue
        self.copies[moment] = target

    def attack(self, moment: str) -> Findings:
        copy = self.copies[moment]
        pepper = bytes.fromhex((copy / "survey.pepper").read_text(encoding="ascii"))
        return attack(copy, pepper, [*SUBMITTING, *ANSWERING])


async def wait_for_line(process: asyncio.subprocess.Process, fragment: str) -> None:
    assert process.stdout is not None
    async with asyncio.timeout(30):
        while fragment not in (await process.stdout.readline()).decode():
            pass


async def test_no_copy_of_the_data_folder_links_a_submitted_response(tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        config = write_config(tmp_path, api)
        backups = Backups(tmp_path / "data", tmp_path / "backups")
        process = await start_bot(config, api.token)
        try:
            answering = [api.user(user_id, language_code="fr") for user_id in ANSWERING]
            for agent in answering:
                await answer_up_to_hours(agent)
            backups.take("while-answering")
            for number, user_id in enumerate(SUBMITTING, start=1):
                agent = api.user(user_id, language_code="fr")
                await answer_up_to_hours(agent)
                backups.take(f"in-progress-{number}")
                await submit(agent)
                backups.take(f"right-after-submission-{number}")
            backups.take("everyone-submitted-running")
        finally:
            process.kill()
            await process.wait()
        backups.take("after-sigkill")
        process = await start_bot(config, api.token)
        try:
            await wait_for_line(process, "started for survey")
            backups.take("after-restart")
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.communicate(), timeout=15)
        assert process.returncode == 0
        backups.take("after-clean-stop")

    for moment in backups.copies:
        found = backups.attack(moment)
        submitted_so_far = _submitted_by(moment)
        assert len(found.submitted) == submitted_so_far, moment
        for user_id in SUBMITTING:
            assert found.links_to_submitted(user_id) == set(), (moment, user_id)
            if SUBMITTING.index(user_id) < submitted_so_far:
                assert all(a[3] != word_of(user_id) for a in found.linked_answers(user_id))
        assert found.times_beside_submitted == 0, moment
        for user_id in ANSWERING:
            assert found.linked_answers(user_id) == set(), f"{moment}: a link in progress"
            assert found.reached.get(user_id, set()) == set(), moment


def _submitted_by(moment: str) -> int:
    """How many responses were submitted when that copy was taken."""
    if moment.startswith(("in-progress-", "right-after-submission-")):
        number = int(moment.rsplit("-", 1)[1])
        return number if moment.startswith("right-after") else number - 1
    return 0 if moment == "while-answering" else len(SUBMITTING)
