"""The admins' reply languages, kept so that what reaches an admin unasked (the closing
announcement) is in their language after a restart too."""

from __future__ import annotations

from bot.core.stores import AdminStore


class AdminLanguages:
    """Each admin's language, as they were last answered in; the survey's default until then.

    Kept in the store under a key of the admins' own, apart from the respondents' data.
    """

    def __init__(self, store: AdminStore, default: str) -> None:
        self._store = store
        self._default = default
        self._known: dict[int, str] = {}

    async def language(self, admin: int) -> str:
        """The language to write to this admin in when no update of theirs says it."""
        known = self._known.get(admin)
        if known is None:
            known = await self._store.admin_language(admin) or self._default
            self._known[admin] = known
        return known

    async def remember(self, admin: int, language: str) -> None:
        """Record the language an admin was just answered in (written only when it changes)."""
        if await self.language(admin) != language:
            await self._store.keep_admin_language(admin, language)
            self._known[admin] = language
