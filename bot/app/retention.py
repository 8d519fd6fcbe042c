"""Retention: a closed survey's single responses are deleted a configured time after it closed.

What is kept: the figures exactly as the admins could see them once the survey closed (small
figures hidden, overall and per breakdown question), when it closed and when the responses
were deleted. Everything else of the respondents goes: every response and its answers, free
texts included, the unfinished answers the closing left, and the keys of those who submitted
(nobody can answer a closed survey, and a survey whose responses were deleted is never opened
again).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.app.results import ResultsService
from bot.core.schedule import Schedule
from bot.core.stores import Kept, RetentionStore

logger = logging.getLogger(__name__)


class SurveyStillOpen(Exception):
    """The survey is open (or in its grace period): its responses are not deleted."""


class RetentionService:
    """When the single responses are deleted, and the deletion itself."""

    def __init__(
        self,
        results: ResultsService,
        store: RetentionStore,
        schedule: Callable[[], Awaitable[Schedule]],
        close: Callable[[datetime], Awaitable[None]],
        *,
        keep_days: int | None,
    ) -> None:
        self._results = results
        self._store = store
        self._schedule = schedule
        self._close = close
        self.keep_days = keep_days
        """Days the single responses are kept after the closing; None: until deleted by hand."""

    async def kept(self) -> Kept | None:
        """What the deletion kept; None while the single responses are still there."""
        return await self._results.kept()

    async def due(self, now: datetime) -> datetime | None:
        """When the single responses are to be deleted; None while the survey is open, with
        no retention configured, or once they were."""
        if self.keep_days is None or await self.kept() is not None:
            return None
        return (await self._schedule()).purge_due(now, timedelta(days=self.keep_days))

    async def purge_if_due(self, now: datetime) -> Kept | None:
        """Delete the single responses if their time has come; what was kept if it did."""
        due = await self.due(now)
        if due is None or now < due:
            return None
        return await self.purge(now)

    async def purge(self, now: datetime, *, force: bool = False) -> Kept:
        """Delete the single responses now, keeping the figures the admins could see.

        An open survey is refused (`SurveyStillOpen`) unless `force`, which closes it first.
        Done already: what was kept then.
        """
        done = await self.kept()
        if done is not None:
            return done
        closed = (await self._schedule()).closed_moment(now)
        if closed is None:
            if not force:
                raise SurveyStillOpen("the survey is open")
            await self._close(now)
            closed = now
        figures, breakdowns = await self._results.to_keep()
        kept = Kept(now, closed, figures, breakdowns)
        await self._store.purge(kept)
        logger.info("the single responses were deleted; the figures are kept")
        result = await self.kept()
        assert result is not None
        return result
