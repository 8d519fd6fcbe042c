"""When a survey became closed, and when its single responses fall due for deletion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.schedule import Schedule

DEADLINE = datetime(2021, 3, 31, 22, 0, tzinfo=UTC)
GRACE = timedelta(hours=2)
KEEP = timedelta(days=30)


def test_closed_by_the_deadline_counts_from_the_end_of_the_grace() -> None:
    schedule = Schedule(DEADLINE, None, GRACE)
    assert schedule.closed_moment(DEADLINE + timedelta(hours=1)) is None, "in the grace"
    assert schedule.purge_due(DEADLINE + timedelta(hours=1), KEEP) is None
    later = DEADLINE + timedelta(days=3)
    assert schedule.closed_moment(later) == DEADLINE + GRACE
    assert schedule.purge_due(later, KEEP) == DEADLINE + GRACE + KEEP


def test_closed_by_hand_counts_from_the_close() -> None:
    closed = DEADLINE - timedelta(days=2)
    schedule = Schedule(DEADLINE, closed, GRACE)
    assert schedule.closed_moment(closed - timedelta(seconds=1)) is None
    assert schedule.closed_moment(DEADLINE + timedelta(days=9)) == closed
    assert schedule.purge_due(closed, timedelta(0)) == closed


def test_with_no_deadline_only_a_close_ends_it() -> None:
    assert Schedule(None, None, GRACE).purge_due(DEADLINE, KEEP) is None
    assert Schedule(None, DEADLINE, GRACE).purge_due(DEADLINE, KEEP) == DEADLINE + KEEP
