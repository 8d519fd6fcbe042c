"""A results store that counts its reads of counts."""

from __future__ import annotations

from typing import Any

from bot.core.stores import ResultsStore


class CountedReads:
    """A results store that counts its `counts` reads."""

    def __init__(self, store: ResultsStore) -> None:
        self.store = store
        self.reads = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    async def counts(self, *args: Any, **kwargs: Any) -> Any:
        self.reads += 1
        return await self.store.counts(*args, **kwargs)
