"""Reading submitted responses from the SQLite file: in chunks, each response once."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.support.answering import BASE, Harness, drive
from tests.support.known import KNOWN, submit_all

T0 = datetime(2020, 2, 3, 9, 0, tzinfo=UTC)


async def test_responses_are_read_in_chunks_each_once(harness: Harness) -> None:
    service = await harness.open()
    store = harness.store
    assert store is not None
    await submit_all(service, KNOWN)
    await drive(service, 8100, BASE, T0, stop_at="phone_frequency")
    # A response without a single answer row (as when every question was skipped away).
    empty = await store.start("nl", T0)
    assert empty is not None
    assert await store.submit(8200, empty.token, T0.date(), 3)

    whole = [r async for r in store.iter_responses(chunk=1000)]
    assert len(whole) == len(KNOWN) + 1
    for chunk in (1, 2, 5):
        assert [r async for r in store.iter_responses(chunk=chunk)] == whole
    assert await store.responses() == whole
