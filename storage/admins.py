"""Admins' reply languages, under a key of the admin domain: `AdminStore`."""

from __future__ import annotations

from storage.connection import Connection


class Admins(Connection):
    """The language each admin was last answered in."""

    async def admin_language(self, user_id: int) -> str | None:
        """The language an admin was last answered in, if any."""
        async with self._read():
            row = await self._row(
                "SELECT language FROM admins WHERE key = ?", (self._pepper.admin_key(user_id),)
            )
        return None if row is None else str(row[0])

    async def keep_admin_language(self, user_id: int, language: str) -> None:
        """Record the language an admin is answered in."""
        async with self._write():
            await self._db.execute(
                "INSERT INTO admins (key, language) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET language = excluded.language",
                (self._pepper.admin_key(user_id), language),
            )
