"""The survey service: engine decisions applied to storage, for any front end.

The Telegram handlers and the terminal preview both call this; it knows neither Telegram nor
the terminal. Time comes in as an argument so that tests control the clock.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo

from bot.app.answering import Answering
from bot.core.answers import Invalid, SessionState
from bot.core.engine import Accepted, Ask, Engine, Outcome, Review, Stale, Step
from bot.core.questionnaire import Questionnaire
from bot.core.questions.multiple import MultipleChoice
from bot.core.schedule import Phase, Schedule
from bot.core.stores import (
    Session,
    SessionRecords,
    SessionStore,
    Status,
    StepMessage,
    redelivered,
)
from bot.i18n import yes_no_words


class Refusal(enum.Enum):
    """Why an action was not carried out."""

    CLOSED = "closed"
    ALREADY_SUBMITTED = "already_submitted"
    NOT_STARTED = "not_started"
    DUPLICATE = "duplicate"
    """The update was applied before (a redelivery): nothing changed."""


@dataclass(frozen=True)
class Ticked:
    """A tap ticked or unticked an option: the options ticked now, in the order shown.
    Nothing is stored until they are confirmed."""

    selection: tuple[str, ...]


@dataclass(frozen=True)
class NoEarlier:
    """*Back* from the first question: there is none before it."""


@dataclass(frozen=True)
class Progress:
    """The result of an action: the session's state and what to show next."""

    state: SessionState
    step: Step
    outcome: Outcome | Ticked | NoEarlier | None = None
    resumed: bool = False


Result = Progress | Refusal


class RespondentService:
    """Applies the engine to stored sessions, and decides every action of a respondent
    (whether it is for the step shown, what a tick makes of the options ticked, what a
    confirm may not leave empty); front ends only put its results into words.

    One call is one store transaction at most: none when nothing is stored. Sessions are
    stored by random token; who answers which one, and the session as last read or written,
    are kept in memory only (`Answering`, `self.store`), and found again after a restart
    through a button's handle.
    """

    def __init__(
        self,
        questionnaire: Questionnaire,
        records: SessionRecords,
        *,
        deadline: datetime | None,
        grace: timedelta,
        zone: tzinfo,
    ) -> None:
        self.questionnaire = questionnaire
        self.engine = Engine(questionnaire, yes_no_words())
        self.answering = Answering(records, questionnaire)
        self.store: SessionStore = self.answering
        self._deadline = deadline
        self._grace = grace
        self.zone = zone

    async def schedule(self) -> Schedule:
        """Return the deadline and manual closing now in force."""
        status = await self.store.survey_status()
        deadline = status.deadline if status.deadline_override else self._deadline
        return Schedule(deadline, status.closed_at, self._grace)

    async def phase(self, now: datetime) -> Phase:
        """Return whether the survey is open at `now`."""
        return (await self.schedule()).phase(now)

    async def begin(self, user_id: int, language: str, now: datetime) -> Result:
        """Start (or resume) this person's session."""
        phase = await self.phase(now)
        if phase is Phase.CLOSED:
            return Refusal.CLOSED
        session = await self.store.session(user_id)
        resumed = session is not None
        if session is None:
            if phase is Phase.GRACE:  # nobody new begins: those who submitted are told so
                status = await self.store.status(user_id)
                return Refusal.ALREADY_SUBMITTED if status is Status.SUBMITTED else Refusal.CLOSED
            session = await self.store.start(user_id, language, now)
            if session is None:
                return Refusal.ALREADY_SUBMITTED
        session = _seeded(session)
        return Progress(session.state, self.engine.next_step(session.state), resumed=resumed)

    async def current(self, user_id: int, now: datetime) -> Result:
        """Return where this person stands, without changing anything."""
        session = await self._session(user_id, now, None)
        if isinstance(session, Refusal):
            return session
        return Progress(session.state, self.engine.next_step(session.state))

    async def set_language(
        self, user_id: int, language: str, now: datetime, update_id: int | None = None
    ) -> Result:
        """Change the language of a session in progress."""
        session = await self._session(user_id, now, update_id)
        if isinstance(session, Refusal):
            return session
        await self.store.update_session(
            user_id, session.token, update_id, cursor=session.state.cursor, language=language
        )
        state = replace(session.state, language=language)
        return Progress(state, self.engine.next_step(state))

    async def type_answer(
        self,
        user_id: int,
        question_id: str | None,
        raw: str,
        now: datetime,
        update_id: int | None = None,
    ) -> Result:
        """Apply typed input to the question being asked (`question_id` None: whichever it is)."""
        session = await self._session(user_id, now, update_id)
        if isinstance(session, Refusal):
            return session
        state = session.state
        if question_id is None:
            step = self.engine.next_step(state)
            if isinstance(step, Review):
                return Progress(state, step, Stale())
            question_id = step.question.id
        outcome = self.engine.submit_input(state, question_id, raw)
        return await self._apply(user_id, session, outcome, update_id)

    async def choose(
        self,
        user_id: int,
        question_id: str,
        option_ids: Sequence[str],
        now: datetime,
        update_id: int | None = None,
    ) -> Result:
        """Apply options picked with buttons."""
        session = await self._session(user_id, now, update_id)
        if isinstance(session, Refusal):
            return session
        outcome = self.engine.choose(session.state, question_id, option_ids)
        return await self._apply(user_id, session, outcome, update_id)

    async def toggle(
        self,
        user_id: int,
        question_id: str,
        option_id: str,
        ticked: Collection[str],
        now: datetime,
    ) -> Result:
        """Tick or untick `option_id`, `ticked` being the options ticked so far: the outcome
        is `Ticked` (nothing is stored), `Invalid` when the question takes no more ticks, or
        `Stale` when the question is not the one asked or does not take ticks of that option.
        """
        session = await self._session(user_id, now, None)
        if isinstance(session, Refusal):
            return session
        state = session.state
        step = self.engine.next_step(state)
        buttons = step.question.buttons(step.seed) if isinstance(step, Ask) else None
        if (
            not isinstance(step, Ask)
            or step.question.id != question_id
            or buttons is None
            or not buttons.several
            or all(button.value != option_id for button in buttons.choices)
        ):
            return Progress(state, step, Stale())
        selection = step.question.toggle(ticked, option_id)
        if len(selection) > buttons.most:
            refusal = self.engine.choice(step.question, sorted(selection), state.language)
            return Progress(state, step, refusal if isinstance(refusal, Invalid) else Stale())
        ordered = tuple(button.value for button in buttons.choices if button.value in selection)
        return Progress(state, step, Ticked(ordered))

    async def confirm(
        self,
        user_id: int,
        question_id: str,
        ticked: Sequence[str],
        now: datetime,
        update_id: int | None = None,
    ) -> Result:
        """Apply the options ticked for a question; a multiple choice asked with nothing
        ticked is refused (`tick_none`), whatever its minimum, before the update is looked up.
        """
        session = await self._session(user_id, now, None)
        if isinstance(session, Refusal):
            return session
        step = self.engine.next_step(session.state)
        if (
            not ticked
            and isinstance(step, Ask)
            and step.question.id == question_id
            and isinstance(step.question, MultipleChoice)
        ):
            return Progress(session.state, step, step.question.none_ticked())
        if redelivered(session.last_update, update_id):
            return Refusal.DUPLICATE
        outcome = self.engine.choose(session.state, question_id, ticked)
        return await self._apply(user_id, session, outcome, update_id)

    async def skip(
        self, user_id: int, question_id: str | None, now: datetime, update_id: int | None = None
    ) -> Result:
        """Skip the optional question being asked."""
        session = await self._session(user_id, now, update_id)
        if isinstance(session, Refusal):
            return session
        step = self.engine.next_step(session.state)
        if question_id is not None and (
            not isinstance(step, Ask) or step.question.id != question_id
        ):
            return Progress(session.state, step, Stale())
        outcome = self.engine.skip(session.state)
        return await self._apply(user_id, session, outcome, update_id)

    async def back(
        self,
        user_id: int,
        now: datetime,
        update_id: int | None = None,
        question_id: str | None = None,
    ) -> Result:
        """Re-open the previous question. With `question_id` (a button's: the question it is
        under, "" under the recap), the outcome is `Stale` when that step is no longer shown,
        before the update is looked up; `NoEarlier` when there is no question before."""
        session = await self._session(user_id, now, None)
        if isinstance(session, Refusal):
            return session
        step = self.engine.next_step(session.state)
        shown = "" if isinstance(step, Review) else step.question.id
        if question_id is not None and question_id != shown:
            return Progress(session.state, step, Stale())
        if redelivered(session.last_update, update_id):
            return Refusal.DUPLICATE
        state = self.engine.back(session.state)
        if state is None:
            return Progress(session.state, step, NoEarlier())
        await self.store.update_session(user_id, session.token, update_id, cursor=state.cursor)
        self.answering.reach(user_id, session.token, state.reached)
        return Progress(state, self.engine.next_step(state))

    async def revisit(
        self, user_id: int, question_id: str, now: datetime, update_id: int | None = None
    ) -> Result:
        """Re-open an answered question from the recap; the outcome is Stale when the recap is
        not what is shown (or the question not in it). Answering it leads back to the recap,
        through any question its new answer makes apply."""
        session = await self._session(user_id, now, update_id)
        if isinstance(session, Refusal):
            return session
        state = self.engine.revisit(session.state, question_id)
        if state is None:
            return Progress(session.state, self.engine.next_step(session.state), Stale())
        await self.store.update_session(user_id, session.token, update_id, cursor=state.cursor)
        return Progress(state, self.engine.next_step(state))

    async def submit(self, user_id: int, now: datetime, update_id: int | None = None) -> Result:
        """Make the answers final, if every applicable question is answered."""
        session = await self._session(user_id, now, update_id)
        if isinstance(session, Refusal):
            return session
        step = self.engine.next_step(session.state)
        if not isinstance(step, Review):
            return Progress(session.state, step, Stale())
        minutes = max(1, math.ceil((now - session.started_at).total_seconds() / 60))
        day = now.astimezone(self.zone).date()
        if not await self.store.submit(user_id, session.token, day, minutes):
            return Refusal.ALREADY_SUBMITTED
        return Progress(session.state, step)

    async def close(self, now: datetime) -> None:
        """Close the survey by hand (an admin's /close)."""
        await self.store.close_survey(now)

    async def reopen(self, deadline: datetime | None) -> None:
        """Open the survey again, until `deadline` (None: no deadline)."""
        await self.store.reopen_survey(deadline)

    async def reopen_until_deadline(self, now: datetime) -> datetime | Refusal | None:
        """Open the survey again, keeping the deadline in force (from the config, the file or
        an earlier /open); `Refusal.CLOSED` when that deadline has passed (a new one is needed).
        """
        deadline = (await self.schedule()).deadline
        if deadline is not None and deadline <= now:
            return Refusal.CLOSED
        await self.store.reopen_survey(deadline, keep_deadline=True)
        return deadline

    async def mark_closing_announced(self) -> bool:
        """Record that the closing was announced (and seal the data); False if done already."""
        return await self.store.mark_closing_announced()

    async def cancel(self, user_id: int) -> bool:
        """Delete this person's answers in progress."""
        return await self.store.cancel(user_id)

    async def rejoin(self, user_id: int, handle: str, message_id: int) -> bool:
        """Go on with the session whose button (carrying `handle`, on message `message_id`)
        this person tapped, when no session of theirs is known (after a restart)."""
        return await self.store.rejoin(user_id, handle, message_id)

    async def owns_handle(self, user_id: int, handle: str) -> bool:
        """Whether the session named `handle` is this survey's: this person's as known in
        memory, or, after a restart, one in progress in this survey's store."""
        if self.answering.holds(user_id, handle):
            return True
        return await self.answering.records.find(handle) is not None

    def knows_session(self, user_id: int) -> bool:
        """Whether this person is known (in memory) to have a session in progress here."""
        return self.answering.answering(user_id)

    async def may_resume(self, user_id: int, now: datetime) -> bool:
        """Whether this person, with no session known, may have one to go on with by tapping
        a button of their last question (sessions in progress nobody rejoined since a
        restart); never once the survey is closed."""
        if await self.phase(now) is Phase.CLOSED:
            return False
        return await self.store.may_resume(user_id)

    async def step_message(self, user_id: int) -> StepMessage | None:
        """Where a front end shows this person's current step (None: no session in progress)."""
        return await self.store.step_message(user_id)

    async def keep_step_message(self, user_id: int, shown: StepMessage) -> None:
        """Record where a front end shows this person's current step."""
        await self.store.keep_step_message(user_id, shown)

    async def _session(
        self, user_id: int, now: datetime, update_id: int | None
    ) -> Session | Refusal:
        if await self.phase(now) is Phase.CLOSED:
            return Refusal.CLOSED
        session = await self.store.session(user_id, update_id)
        if session is None:
            status = await self.store.status(user_id)
            return Refusal.ALREADY_SUBMITTED if status is Status.SUBMITTED else Refusal.NOT_STARTED
        if session.duplicate:
            return Refusal.DUPLICATE
        return _seeded(session)

    async def _apply(
        self, user_id: int, session: Session, outcome: Outcome, update_id: int | None
    ) -> Progress:
        if isinstance(outcome, Accepted):
            await self.store.record(
                user_id,
                session.token,
                outcome.question_id,
                outcome.answer,
                sorted(outcome.dropped),
                update_id,
            )
            self.answering.reach(user_id, session.token, outcome.state.reached)
            return Progress(outcome.state, self.engine.next_step(outcome.state), outcome)
        return Progress(session.state, self.engine.next_step(session.state), outcome)


def _seeded(session: Session) -> Session:
    """The session with the seed of its random orders (its token, which it keeps until it is
    submitted, so that the order stays the same through the session and across restarts) and
    the handle its buttons carry."""
    state = replace(session.state, seed=session.token, handle=session.handle)
    return replace(session, state=state)
