"""When the survey is open: deadline, grace period and manual closing, decided without a clock."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta


class Phase(enum.Enum):
    """Whether new people may start and whether those who started may still answer."""

    OPEN = "open"
    GRACE = "grace"
    """Past the deadline: those who had started may finish; nobody new may start."""
    CLOSED = "closed"


@dataclass(frozen=True)
class Schedule:
    """The survey's deadline and manual closing, as known at one moment."""

    deadline: datetime | None
    closed_at: datetime | None
    grace: timedelta

    def phase(self, now: datetime) -> Phase:
        """Return the phase at `now`."""
        if self.closed_at is not None and now >= self.closed_at:
            return Phase.CLOSED
        if self.deadline is None or now < self.deadline:
            return Phase.OPEN
        if now < self.deadline + self.grace:
            return Phase.GRACE
        return Phase.CLOSED

    def closed_since(self, now: datetime) -> datetime | None:
        """When the survey closed, if it is closed at `now` (the deadline, or the manual close)."""
        if self.phase(now) is not Phase.CLOSED:
            return None
        if self.closed_at is not None and (
            self.deadline is None or self.closed_at < self.deadline
        ):
            return self.closed_at
        return self.deadline

    def closed_moment(self, now: datetime) -> datetime | None:
        """The moment the survey became closed, if it is closed at `now`: the manual close, or
        the end of the grace period after the deadline, whichever came first."""
        if self.phase(now) is not Phase.CLOSED:
            return None
        ends = [moment for moment in (self.closed_at,) if moment is not None]
        if self.deadline is not None:
            ends.append(self.deadline + self.grace)
        return min(moment for moment in ends if moment <= now)

    def purge_due(self, now: datetime, keep: timedelta) -> datetime | None:
        """When the single responses are to be deleted: `keep` after the closing; None while
        the survey is open."""
        closed = self.closed_moment(now)
        return None if closed is None else closed + keep
