"""What the application needs from storage: the types it exchanges and the Protocols.

`storage/` implements these with SQLite; the contract tests run over any implementation.
"""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from bot.core.answers import Answer, SessionState, SubmittedResponse
from bot.core.counts import Arrivals, Counts, Points, Texts
from bot.core.figures import Breakdown, Figures, Overview


class StorageError(Exception):
    """The database cannot be used as it is (wrong survey, newer schema, unreadable file)."""


class StoreFailure(Exception):
    """The store could not read or write just now (disk full, read-only file, I/O error):
    nothing of the operation was kept, and it may be tried again."""


class Status(enum.Enum):
    """Where a respondent stands."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


@dataclass(frozen=True)
class Session:
    """An in-progress session: its token and its state for the engine."""

    token: str
    state: SessionState
    started_at: datetime
    duplicate: bool = False
    """True when the update that asked for it was processed already (a redelivery)."""
    handle: str = ""
    """A short random name of the session that its buttons carry, so that a tap finds it
    again after a restart (nothing on disk says whose it is)."""
    last_update: int | None = None
    """The last update applied to the session (None: none yet, or none said)."""


REDELIVERY_WINDOW = 10_000
"""Telegram redelivers at most one unconfirmed batch; after a week without updates it restarts
update ids at a random value, which must not look like a redelivery."""


def redelivered(last_update: int | None, update_id: int | None) -> bool:
    """Whether update `update_id` was applied already, the last applied being `last_update`."""
    return (
        update_id is not None
        and last_update is not None
        and 0 <= last_update - update_id < REDELIVERY_WINDOW
    )


@dataclass(frozen=True)
class StepMessage:
    """Where a front end shows a session's current step, kept so that a restart loses nothing.

    Message numbers of the person's chat, which grow with each message: the step's message
    (None while none is known) and whether it has buttons; the person's messages after
    `answers_after` may answer the step; `latest_input` is the person's latest message seen.
    """

    message_id: int | None = None
    buttons: bool = False
    answers_after: int = 0
    latest_input: int = 0


UNKNOWN_INPUT = 2**62
"""`latest_input` when the person's latest message is not known (the step message was found
again through a tap after a restart): no message of theirs before it may answer a step shown
in place; a step sent as a new message comes after all of them."""


@dataclass(frozen=True)
class Resumable:
    """A session in progress that a person may go on with: an older version's link, kept in
    memory only (the file no longer holds it)."""

    token: str
    shown: StepMessage


@dataclass(frozen=True)
class SurveyStatus:
    """Whether the survey was closed by hand, and any deadline set in the database."""

    closed_at: datetime | None
    deadline: datetime | None
    deadline_override: bool
    """True when /open set the deadline (then `deadline` None means no deadline)."""
    closing_announced: bool


@dataclass(frozen=True)
class Kept:
    """What deleting a closed survey's single responses keeps: the figures exactly as the
    admins could see them once it closed (small figures hidden), overall and broken down by
    each breakdown question; no free text, nothing of any one response."""

    purged_at: datetime
    closed_at: datetime
    figures: Figures
    breakdowns: Mapping[str, Breakdown]


class SessionRecords(Protocol):
    """Sessions and answers on disk, by the session's random token: nothing in them says whose
    they are. Who answers which session is kept in memory (`bot.app.answering`)."""

    async def submitted(self, user_id: int) -> bool:
        """Whether this person submitted (recorded on disk, or waiting in memory)."""
        ...

    def take_resumable(self, user_id: int) -> Resumable | None:
        """This person's session in progress as an older version linked it, once (memory)."""
        ...

    async def start(self, language: str, now: datetime) -> Session:
        """Begin a new session, under a new random token and handle."""
        ...

    async def begin(self, user_id: int, language: str, now: datetime) -> Session | None:
        """Begin a new session as `start` does, unless this person submitted (None), in one
        unit of work; nothing of the person is stored with it."""
        ...

    async def session(self, token: str, update_id: int | None = None) -> Session | None:
        """The session in progress under `token`, marked duplicate if `update_id` was applied."""
        ...

    async def find(self, handle: str) -> str | None:
        """The token of the session in progress that its buttons name `handle`, if any."""
        ...

    async def in_progress(self) -> int:
        """How many sessions are in progress."""
        ...

    async def record(
        self,
        token: str,
        question_id: str,
        answer: Answer,
        dropped: Sequence[str],
        update_id: int | None,
    ) -> None:
        """Store an answer, and remove the answers in `dropped`, in one unit of work."""
        ...

    async def update_session(
        self,
        token: str,
        update_id: int | None,
        *,
        cursor: str | None = None,
        language: str | None = None,
    ) -> None:
        """Move the cursor (for *back*) or change the language of a session in progress."""
        ...

    async def cancel(self, token: str) -> bool:
        """Delete a session in progress; False when there was none."""
        ...

    async def submit(self, user_id: int, token: str, day: date, duration_minutes: int) -> bool:
        """Make the session a response, and record that this person submitted (in batches)."""
        ...

    async def survey_status(self) -> SurveyStatus:
        """The survey's manual closing and deadline override."""
        ...

    async def close_survey(self, at: datetime) -> None:
        """Close the survey by hand, and end the sessions in progress."""
        ...

    async def reopen_survey(
        self, deadline: datetime | None, *, keep_deadline: bool = False
    ) -> None:
        """Open the survey again, until `deadline` (None: none), or keeping the one in force."""
        ...

    async def mark_closing_announced(self) -> bool:
        """Record that the closing was announced, ending the sessions in progress; False if
        it was already."""
        ...


class SessionStore(Protocol):
    """The sessions of respondents, by person, and the survey's open/closed state."""

    async def status(self, user_id: int) -> Status:
        """Where this person stands."""
        ...

    async def start(self, user_id: int, language: str, now: datetime) -> Session | None:
        """Start (or return) this person's session; None when they submitted already."""
        ...

    async def session(self, user_id: int, update_id: int | None = None) -> Session | None:
        """Return the session in progress, marking it duplicate if `update_id` was applied."""
        ...

    async def record(
        self,
        user_id: int,
        token: str,
        question_id: str,
        answer: Answer,
        dropped: Sequence[str],
        update_id: int | None,
    ) -> None:
        """Store an answer, and remove the answers in `dropped`, in one unit of work."""
        ...

    async def update_session(
        self,
        user_id: int,
        token: str,
        update_id: int | None,
        *,
        cursor: str | None = None,
        language: str | None = None,
    ) -> None:
        """Move the cursor (for *back*) or change the language of a session in progress."""
        ...

    async def step_message(self, user_id: int) -> StepMessage | None:
        """Where this person's current step is shown; None when no session is in progress."""
        ...

    async def keep_step_message(self, user_id: int, shown: StepMessage) -> None:
        """Record where the current step is shown (nothing when no session is in progress)."""
        ...

    async def cancel(self, user_id: int) -> bool:
        """Delete this person's session in progress; False when there was none."""
        ...

    async def rejoin(self, user_id: int, handle: str, message_id: int) -> bool:
        """Go on with the session in progress named `handle` (a tap on one of its buttons,
        shown in message `message_id`) when this person has none; True if it did."""
        ...

    async def may_resume(self, user_id: int) -> bool:
        """Whether this person, with no session known, may have one to go on with (a session
        in progress that nobody has rejoined since a restart)."""
        ...

    async def submit(self, user_id: int, token: str, day: date, duration_minutes: int) -> bool:
        """Make the session final and cut its link to the person; False if done already."""
        ...

    async def survey_status(self) -> SurveyStatus:
        """The survey's manual closing and deadline override."""
        ...

    async def close_survey(self, at: datetime) -> None:
        """Close the survey by hand."""
        ...

    async def reopen_survey(
        self, deadline: datetime | None, *, keep_deadline: bool = False
    ) -> None:
        """Open the survey again, until `deadline` (None: none), or keeping the one in force."""
        ...

    async def mark_closing_announced(self) -> bool:
        """Record that the closing was announced; False if it was already."""
        ...


class AdminStore(Protocol):
    """The admins' reply languages, apart from anything of the respondents."""

    async def admin_language(self, user_id: int) -> str | None:
        """The language an admin was last answered in, if any."""
        ...

    async def keep_admin_language(self, user_id: int, language: str) -> None:
        """Record the language an admin is answered in."""
        ...


class SpendingStore(Protocol):
    """What the survey paid Telegram to send faster, counted across restarts."""

    async def paid_messages(self) -> int:
        """The paid messages counted so far."""
        ...

    async def keep_paid_messages(self, count: int) -> None:
        """Record the paid messages counted so far."""
        ...


class ResultsStore(Protocol):
    """Counts and responses, over submitted responses only; no privacy rule (those are the
    core's, `bot.core.release`), and never one row per person but for the owner's responses."""

    async def release_figures(self, batch: int) -> int:
        """Release waiting responses to the figures once `batch` of them wait; return how many."""
        ...

    async def overview(self) -> Overview:
        """Started, in-progress and submitted responses, per day, and the median duration."""
        ...

    async def arrivals(self, dimension: str | None = None) -> Arrivals:
        """What each release brought: released responses, and answers per question and score,
        per release, per answer to the question `dimension` if given."""
        ...

    async def counts(self, dimension: str | None = None, points: Points | None = None) -> Counts:
        """The submitted responses' answers and scores counted per value, per answer to the
        question `dimension` if given: every response, or with `points` those released up to
        `points.last`, each question and score up to its own point."""
        ...

    async def free_texts(self) -> Texts:
        """The typed texts of submitted responses per question and release, sorted."""
        ...

    def iter_responses(self, *, released_only: bool = False) -> AsyncIterator[SubmittedResponse]:
        """Yield every submitted response (or the released ones), in an order that says
        nothing of who or when."""
        ...


class RetentionStore(Protocol):
    """The deletion of a closed survey's single responses, and what it keeps."""

    async def kept(self) -> Kept | None:
        """What the deletion kept; None while the single responses are still there."""
        ...

    async def purge(self, kept: Kept) -> None:
        """Delete every response, answer, session and key of those who submitted, beyond
        recovery from the data folder, keeping `kept` and the survey's state."""
        ...
