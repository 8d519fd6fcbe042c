"""A survey's state in one line: open (until when), in its grace period, or closed (since when).

The one wording of it, for /surveys, /stats and an admin's /start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.core.schedule import Phase, Schedule
from bot.i18n import text


def status_line(
    schedule: Schedule, now: datetime, language: str, moment: Callable[[datetime], str]
) -> str:
    """Whether the survey is open (until when), in its grace period (until when), or closed
    (since when), at `now`; `moment` writes a date and time as the reader reads it."""
    phase = schedule.phase(now)
    if phase is Phase.OPEN and schedule.deadline is None:
        return text(language, "surveys_open")
    if phase is Phase.OPEN:
        assert schedule.deadline is not None
        return text(language, "surveys_open_until", date=moment(schedule.deadline))
    if phase is Phase.GRACE:
        assert schedule.deadline is not None
        return text(language, "surveys_grace", date=moment(schedule.deadline + schedule.grace))
    closed = schedule.closed_since(now)
    assert closed is not None
    return text(language, "surveys_closed", date=moment(closed))
