"""The paid messages counted against the survey's budget: `SpendingStore`."""

from __future__ import annotations

from storage.connection import Connection


class Spending(Connection):
    """The count of paid messages, kept across restarts."""

    async def paid_messages(self) -> int:
        """The paid messages counted against the survey's budget so far."""
        async with self._read():
            (count,) = await self._one("SELECT paid_messages FROM survey")
        return int(count)

    async def keep_paid_messages(self, count: int) -> None:
        """Record the paid messages counted against the survey's budget."""
        async with self._write():
            await self._db.execute("UPDATE survey SET paid_messages = ?", (count,))
