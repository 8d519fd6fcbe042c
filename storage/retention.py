"""Deleting a closed survey's single responses beyond recovery from the data folder.

Deleting rows in place would not do: the rollback journal of the deleting transaction holds the
pre-image of every page it changes (every answer), and a journal deleted at the commit leaves
its blocks on the disk. So the store writes a new file holding only what is kept (the survey's
state, the admins' languages, the figures as the admins could see them) and puts it in the old
file's place; the old file's content is overwritten with zeros and synced before it is let go.
At no moment does a journal of a transaction hold a page of the old file.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from pydantic import TypeAdapter

from bot.core.figures import Breakdown, Figures
from bot.core.stores import Kept
from storage.connection import Connection

_FIGURES = TypeAdapter(Figures)
_BREAKDOWNS = TypeAdapter(dict[str, Breakdown])
WIPE_CHUNK = 1 << 20
SIDE_FILES = ("-journal", "-wal", "-shm")
"""SQLite's files beside a database, which a purge wipes too if any is there."""


class Retention(Connection):
    """What the deletion of the single responses kept."""

    async def kept(self) -> Kept | None:
        """What the deletion kept; None while the single responses are still there."""
        async with self._read():
            row = await self._row("SELECT purged_at, closed_at, figures FROM kept")
        return None if row is None else decode_kept(*row)

    async def _keep(self, kept: Kept, state: tuple[object, ...], admins: list[object]) -> None:
        """Fill a new file: the survey's state, the admins' languages, and what is kept."""
        closed_at, deadline, announced, paid, key_scheme = state
        async with self._write():
            await self._db.execute(
                "UPDATE survey SET closed_at = ?, deadline = ?, closing_announced = ?, "
                "paid_messages = ?, key_scheme = ?",
                (closed_at or kept.closed_at.isoformat(), deadline, announced, paid, key_scheme),
            )
            await self._db.executemany("INSERT INTO admins (key, language) VALUES (?, ?)", admins)
            await self._db.execute(
                "INSERT INTO kept (singleton, purged_at, closed_at, figures) VALUES (1, ?, ?, ?)",
                encode_kept(kept),
            )
        self._status = None


def encode_kept(kept: Kept) -> tuple[str, str, str]:
    """The row of `kept`: the moments, and the figures as JSON."""
    figures = {
        "figures": _FIGURES.dump_python(kept.figures, mode="json"),
        "breakdowns": _BREAKDOWNS.dump_python(dict(kept.breakdowns), mode="json"),
    }
    return kept.purged_at.isoformat(), kept.closed_at.isoformat(), json.dumps(figures)


def decode_kept(purged_at: str, closed_at: str, figures: str) -> Kept:
    """The kept figures, read back from their row."""
    data = json.loads(figures)
    return Kept(
        datetime.fromisoformat(purged_at),
        datetime.fromisoformat(closed_at),
        _FIGURES.validate_python(data["figures"]),
        _BREAKDOWNS.validate_python(data["breakdowns"]),
    )


def fresh_path(path: Path) -> Path:
    """Where the new file of a purge is written before it takes the old one's place."""
    return path.with_name(path.name + ".purging")


def wipe(path: Path) -> None:
    """Overwrite a file's content with zeros, sync it, and remove it (nothing if absent)."""
    try:
        handle = open(path, "r+b")  # noqa: SIM115 (closed below, after the sync)
    except FileNotFoundError:
        return
    with handle:
        _zero(handle.fileno())
    path.unlink()
    _sync(path.parent)


def replace_and_wipe(fresh: Path, path: Path) -> None:
    """Put `fresh` in the place of `path`, then zero the old file's content.

    The old file stays open across the rename, so that its blocks are overwritten even though
    its name now leads to the new file; a stop between the two leaves the new file in place,
    complete. SQLite's files beside the old one (none is left after a commit) are wiped too.
    """
    _sync(fresh)
    old = os.open(path, os.O_RDWR)
    try:
        for suffix in SIDE_FILES:
            wipe(path.with_name(path.name + suffix))
        os.replace(fresh, path)
        _sync(path.parent)
        _zero(old)
    finally:
        os.close(old)


def _zero(descriptor: int) -> None:
    size = os.fstat(descriptor).st_size
    zeros = bytes(min(size, WIPE_CHUNK))
    os.lseek(descriptor, 0, os.SEEK_SET)
    written = 0
    while written < size:
        written += os.write(descriptor, zeros[: size - written])
    os.fsync(descriptor)


def _sync(path: Path) -> None:
    """Flush a file, or a folder's entries (a rename in it), to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
