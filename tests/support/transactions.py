"""Counting the SQLite transactions a store runs, as SQLite itself sees them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from storage.store import SurveyStore


class Transactions:
    """The transactions run on a store's connection: each `BEGIN`, and each statement run
    outside one (SQLite runs such a statement as a transaction of its own)."""

    def __init__(self) -> None:
        self.count = 0
        self._open = False

    @classmethod
    async def watch(cls, store: SurveyStore) -> Transactions:
        """Start counting the transactions of `store`'s connection."""
        counter = cls()
        await store._db.set_trace_callback(counter._trace)
        return counter

    def _trace(self, sql: str) -> None:
        # Called by SQLite, in the connection's thread, for every statement it runs.
        words = sql.split(None, 1)
        head = words[0].upper() if words else ""
        if head == "BEGIN":
            self.count += 1
            self._open = True
        elif head in {"COMMIT", "END", "ROLLBACK"}:
            self._open = False
        elif not self._open:
            self.count += 1

    @contextmanager
    def counting(self) -> Iterator[list[int]]:
        """Count the transactions run within the block: the list holds the count after it."""
        before = self.count
        counted: list[int] = []
        try:
            yield counted
        finally:
            counted.append(self.count - before)
