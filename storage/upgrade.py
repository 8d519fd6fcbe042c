"""Bringing a file of an older schema up to date, and checking it belongs to this survey."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from bot.core.stores import Resumable, StepMessage, StorageError
from storage.pepper import KeyScheme, PepperMismatch
from storage.schema import MIGRATIONS, SCHEMA_VERSION
from storage.sessions import Sessions, new_handle, new_token

logger = logging.getLogger(__name__)


class Upgrade(Sessions):
    """The schema's migrations, run when the store opens its file."""

    async def _migrate(self, path: Path) -> None:
        async with self._write():
            (version,) = await self._one("PRAGMA user_version")
            upgraded = 0 < version < SCHEMA_VERSION
            rekeyed = 0 < version < 2  # version 1 kept the link of submitted responses
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"the database has schema version {version}; this program knows up to "
                    f"{SCHEMA_VERSION}: upgrade the program"
                )
            for step in range(version + 1, SCHEMA_VERSION + 1):
                if step == 7:
                    await self._keep_links_in_memory()
                for statement in _statements(MIGRATIONS[step]):
                    await self._db.execute(statement)
                if step == 7:
                    await self._give_handles()
            await self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            row = await self._row("SELECT survey_id FROM survey")
            if row is None:
                await self._db.execute(
                    "INSERT INTO survey (singleton, survey_id, pepper_fingerprint, key_scheme) "
                    "VALUES (1, ?, ?, ?)",
                    (self._questionnaire.id, self._pepper.fingerprint(), int(KeyScheme.SURVEY)),
                )
            elif row[0] != self._questionnaire.id:
                raise StorageError(
                    f"the database belongs to survey {row[0]!r}, not {self._questionnaire.id!r}"
                )
            else:
                await self._check_pepper(path)
            (scheme,) = await self._one("SELECT key_scheme FROM survey")
            self._key_scheme = KeyScheme(scheme)
            await self._check_compatible()
            if rekeyed:
                await self._rekey_submitted()
        if upgraded:
            # Rewrites every page, leaving no trace of older layouts (and turns on auto_vacuum).
            async with self._lock:
                await self._db.execute("VACUUM")

    async def _keep_links_in_memory(self) -> None:
        """Before `respondents` is dropped (version 7): hold its links in memory, so that
        people answering during the upgrade go on until the next restart."""
        rows = await self._all(
            "SELECT key, session, step_message, step_buttons, answers_after, latest_input "
            "FROM respondents"
        )
        for key, token, message_id, buttons, answers_after, latest_input in rows:
            shown = StepMessage(message_id, bool(buttons), answers_after, latest_input)
            self._resumable[bytes(key)] = Resumable(str(token), shown)

    async def _give_handles(self) -> None:
        """Give every session in progress a handle, for its buttons from now on."""
        rows = await self._all(
            "SELECT token FROM sessions WHERE submitted_day IS NULL AND started_at IS NOT NULL"
        )
        await self._db.executemany(
            "UPDATE sessions SET handle = ? WHERE token = ?",
            [(new_handle(), token) for (token,) in rows],
        )

    async def _check_pepper(self, path: Path) -> None:
        """Refuse a pepper other than the one the database's keys were made with.

        With another pepper, everybody would get a new key: those who submitted could answer
        again. A database of an earlier version, which kept no fingerprint, takes the current
        pepper's.
        """
        (kept,) = await self._one("SELECT pepper_fingerprint FROM survey")
        fingerprint = self._pepper.fingerprint()
        if kept is None:
            await self._db.execute("UPDATE survey SET pepper_fingerprint = ?", (fingerprint,))
            logger.warning(
                "the database %s had no fingerprint of its pepper (an earlier version made it): "
                "it keeps the current pepper's from now on, and will refuse any other pepper",
                path,
            )
        elif not hmac.compare_digest(bytes(kept), fingerprint):
            raise PepperMismatch(
                f"the pepper given is not the one the database {path} was made with: with it, "
                "everybody who already answered could answer again."
            )

    async def _rekey_submitted(self) -> None:
        """Give every submitted response of an older file a token never linked to anybody."""
        responses = await self._take_submitted(settled_too=True)
        await self._insert_responses(
            [replace(response, token=new_token()) for response in responses], settled=True
        )

    async def _check_compatible(self) -> None:
        """Refuse a questionnaire that lost a question or option which has stored answers."""
        rows = await self._all("SELECT DISTINCT question, item FROM answers")
        problems: list[str] = []
        for question_id, item in rows:
            try:
                question = self._questionnaire.question(question_id)
            except KeyError:
                problems.append(f"question {question_id!r} was removed")
                continue
            if item and not question.keeps_item(item):
                problems.append(f"option {item!r} of question {question_id!r} was removed")
        if problems:
            raise StorageError(
                "the questionnaire no longer matches the stored answers: "
                + "; ".join(sorted(set(problems)))
                + ". Put them back (a label can change, an id cannot), or start a new database."
            )


def _statements(script: str) -> Iterator[str]:
    for statement in script.split(";"):
        if statement.strip():
            yield statement.strip()
