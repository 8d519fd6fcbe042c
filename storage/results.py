"""Reading results: releasing responses to the figures, figures, texts and exports."""

from __future__ import annotations

import itertools
import operator
from collections.abc import AsyncIterator

from bot.core.answers import SubmittedResponse
from bot.core.counts import Arrivals, Counts, Points, Texts
from bot.core.figures import Overview
from storage import aggregates
from storage.connection import Connection

RESPONSES_PER_READ = 500


class Results(Connection):
    """The `ResultsStore` half of the store: never more than the released responses."""

    async def release_figures(self, batch: int) -> int:
        """Release submitted responses to the figures once `batch` of them are waiting.

        Returns how many were released. Releasing in batches keeps one person's answers from
        showing up as the difference between two /stats. Each release is numbered, so that a
        question that few people answer can wait for several (`release_point`). Only settled
        responses are released, whole stored batches: the number a response gets tells no more
        than the batch it was stored in, never its place in it.
        """
        async with self._write():
            (waiting, last) = await self._one(
                "SELECT count(*) FILTER (WHERE batch IS NULL AND settled = 1), "
                "coalesce(max(batch), 0) FROM sessions WHERE submitted_day IS NOT NULL"
            )
            if waiting < max(batch, 1):
                return 0
            await self._db.execute(
                "UPDATE sessions SET batch = ? "
                "WHERE submitted_day IS NOT NULL AND batch IS NULL AND settled = 1",
                (int(last) + 1,),
            )
            return int(waiting)

    async def overview(self) -> Overview:
        """Started, in-progress and submitted responses, per day, and the median duration."""
        async with self._read():
            return await aggregates.overview(self._db)

    async def arrivals(self, dimension: str | None = None) -> Arrivals:
        """What each release brought, per answer to `dimension` if given (the core computes
        each figure's release point from them)."""
        async with self._read():
            return await aggregates.arrivals(self._db, self._questionnaire, dimension)

    async def counts(self, dimension: str | None = None, points: Points | None = None) -> Counts:
        """The submitted responses' answers and scores counted per value, per answer to
        `dimension` if given: every response, or those released up to `points` (the core
        computes them and applies the privacy rules to the counts)."""
        async with self._read():
            return await aggregates.counts(self._db, self._questionnaire, dimension, points)

    async def free_texts(self) -> Texts:
        """The typed texts of submitted responses per question and release, sorted."""
        async with self._read():
            return await aggregates.free_texts(self._db)

    async def responses(self) -> list[SubmittedResponse]:
        """Return every submitted response, in the random order of their tokens."""
        return [response async for response in self.iter_responses()]

    async def iter_responses(
        self, chunk: int = RESPONSES_PER_READ, *, released_only: bool = False
    ) -> AsyncIterator[SubmittedResponse]:
        """Yield every submitted response (or the released ones), in the order of their tokens.

        They are read `chunk` responses at a time, each chunk under the store's lock for that
        read only: an export of thousands keeps no respondent waiting, and holds no more than
        a chunk of rows. A response submitted meanwhile may or may not be included; none is
        included twice.
        """
        after = ""
        while True:
            async with self._read():
                rows = await self._all(
                    "SELECT s.token, s.language, s.submitted_day, s.duration_minutes, s.batch, "
                    "a.question, a.item, a.number, a.text "
                    "FROM sessions s LEFT JOIN answers a ON a.token = s.token "
                    "WHERE s.token IN (SELECT token FROM sessions WHERE submitted_day IS NOT NULL "
                    "AND token > ? AND (? = 0 OR batch IS NOT NULL) ORDER BY token LIMIT ?) "
                    "ORDER BY s.token",
                    (after, int(released_only), chunk),
                )
            if not rows:
                return
            # A response whose every question was skipped away has one row, without answer.
            for (token, language, day, minutes, batch), group in itertools.groupby(
                rows, key=operator.itemgetter(0, 1, 2, 3, 4)
            ):
                answers = self._answers_from_rows(row[5:] for row in group if row[5] is not None)
                yield SubmittedResponse(language, day, minutes, answers, batch)
                after = token
