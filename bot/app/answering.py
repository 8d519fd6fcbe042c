"""Who is answering which session: kept in this process's memory, never on disk.

The disk holds sessions and answers under random tokens, and nothing derived from a person
that leads to them. This map is the only link between a person and their session in
progress, and where their chat shows its current step. A restart forgets it: a tap on any
button of the person's last question (its callback data carries the session's handle) binds
them again (`rejoin`).

Beside the link, the map keeps the session as last read or written (this process is the
file's only writer), so that an action reads nothing and writes once: one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from bot.core.answers import Answer
from bot.core.questionnaire import Questionnaire
from bot.core.stores import (
    UNKNOWN_INPUT,
    Session,
    SessionRecords,
    Status,
    StepMessage,
    SurveyStatus,
    redelivered,
)


@dataclass
class _Binding:
    token: str
    shown: StepMessage
    handle: str = ""
    session: Session | None = None
    """The session as the file holds it, once read or written by this process."""


class Answering:
    """The `SessionStore` of the service: sessions by person, over sessions by token."""

    def __init__(self, records: SessionRecords, questionnaire: Questionnaire) -> None:
        self.records = records
        self._questionnaire = questionnaire
        self._by_person: dict[int, _Binding] = {}
        self._by_token: dict[str, int] = {}

    def _binding(self, user_id: int) -> _Binding | None:
        binding = self._by_person.get(user_id)
        if binding is None:
            resumable = self.records.take_resumable(user_id)
            if resumable is None:
                return None
            binding = self._bind(user_id, resumable.token, resumable.shown)
        return binding

    def _token(self, user_id: int) -> str | None:
        binding = self._binding(user_id)
        return None if binding is None else binding.token

    def _bind(
        self,
        user_id: int,
        token: str,
        shown: StepMessage,
        handle: str = "",
        session: Session | None = None,
    ) -> _Binding:
        self._unbind(user_id)
        binding = self._by_person[user_id] = _Binding(token, shown, handle, session)
        self._by_token[token] = user_id
        return binding

    def _kept(self, user_id: int, token: str) -> _Binding | None:
        """The binding whose session was just written, to bring it up to date."""
        binding = self._by_person.get(user_id)
        if binding is None or binding.token != token or binding.session is None:
            return None
        return binding

    def _stored(self, question_id: str, answer: Answer) -> Answer:
        """An answer as the file gives it back."""
        question = self._questionnaire.question(question_id)
        return question.from_cells(list(question.cells(answer)))

    def _unbind(self, user_id: int) -> None:
        binding = self._by_person.pop(user_id, None)
        if binding is not None:
            self._by_token.pop(binding.token, None)

    def _forget_everyone(self) -> None:
        self._by_person.clear()
        self._by_token.clear()

    async def status(self, user_id: int) -> Status:
        """Where this person stands."""
        if self._token(user_id) is not None:
            return Status.IN_PROGRESS
        return Status.SUBMITTED if await self.records.submitted(user_id) else Status.NEW

    async def start(self, user_id: int, language: str, now: datetime) -> Session | None:
        """Start (or return) this person's session; None when they submitted already."""
        existing = await self.session(user_id)
        if existing is not None:
            return existing
        session = await self.records.begin(user_id, language, now)
        if session is None:
            return None
        self._bind(user_id, session.token, StepMessage(), session.handle, session)
        return session

    async def session(self, user_id: int, update_id: int | None = None) -> Session | None:
        """Return the session in progress, marking it duplicate if `update_id` was applied:
        read from the file the first time only."""
        binding = self._binding(user_id)
        if binding is None:
            return None
        session = binding.session
        if session is None:
            session = await self.records.session(binding.token)
            if session is None:  # ended meanwhile (the survey closed)
                self._unbind(user_id)
                return None
            binding.session = session
        return replace(session, duplicate=redelivered(session.last_update, update_id))

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
        await self.records.record(token, question_id, answer, dropped, update_id)
        binding = self._kept(user_id, token)
        if binding is not None and binding.session is not None:
            session = binding.session
            gone = {question_id, *dropped}
            answers = {q: a for q, a in session.state.answers.items() if q not in gone}
            answers[question_id] = self._stored(question_id, answer)
            state = replace(session.state, answers=answers, cursor=None)
            binding.session = _applied(replace(session, state=state), update_id)

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
        await self.records.update_session(token, update_id, cursor=cursor, language=language)
        binding = self._kept(user_id, token)
        if binding is not None and binding.session is not None:
            session = binding.session
            state = replace(
                session.state, cursor=cursor, language=language or session.state.language
            )
            binding.session = _applied(replace(session, state=state), update_id)

    def reach(self, user_id: int, token: str, reached: int) -> None:
        """Note the progress shown to this person (in memory only, like the session)."""
        binding = self._kept(user_id, token)
        if binding is not None and binding.session is not None:
            session = binding.session
            state = replace(session.state, reached=max(session.state.reached, reached))
            binding.session = replace(session, state=state)

    async def step_message(self, user_id: int) -> StepMessage | None:
        """Where this person's current step is shown; None when no session is in progress."""
        if self._token(user_id) is None:
            return None
        return self._by_person[user_id].shown

    async def keep_step_message(self, user_id: int, shown: StepMessage) -> None:
        """Remember where the current step is shown (nothing when no session is in progress)."""
        binding = self._by_person.get(user_id)
        if binding is not None:
            binding.shown = shown

    async def cancel(self, user_id: int) -> bool:
        """Delete this person's session in progress; False when there was none."""
        token = self._token(user_id)
        if token is None:
            return False
        done = await self.records.cancel(token)
        self._unbind(user_id)
        return done

    async def submit(self, user_id: int, token: str, day: date, duration_minutes: int) -> bool:
        """Make the session final; the person is then bound to none."""
        done = await self.records.submit(user_id, token, day, duration_minutes)
        if self._by_token.get(token) == user_id:
            self._unbind(user_id)
        return done

    def holds(self, user_id: int, handle: str) -> bool:
        """Whether this person is known to answer the session named `handle` (memory only)."""
        binding = self._by_person.get(user_id)
        return binding is not None and binding.handle == handle

    def answering(self, user_id: int) -> bool:
        """Whether this person is known to have a session in progress (memory only)."""
        return user_id in self._by_person

    async def rejoin(self, user_id: int, handle: str, message_id: int) -> bool:
        """Bind this person to the session in progress named `handle` (a tap on its buttons
        in their chat, after a restart), when nobody else has it and they have none, or only
        one with no answer yet (begun by a /start after the restart: nothing is lost with it).
        The pressed message is where the step is shown."""
        binding = self._by_person.get(user_id)
        if not handle or (binding is not None and binding.handle == handle):
            return False
        current = self._token(user_id)
        if current is not None:
            fresh = await self.session(user_id)
            if fresh is not None and fresh.state.answers:
                return False
        token = await self.records.find(handle)
        if token is None or token in self._by_token or await self.records.submitted(user_id):
            return False
        if current is not None:
            await self.records.cancel(current)
        shown = StepMessage(message_id, True, UNKNOWN_INPUT, UNKNOWN_INPUT)
        self._bind(user_id, token, shown, handle)
        return True

    async def may_resume(self, user_id: int) -> bool:
        """Whether some session in progress is bound to nobody (there are some after a
        restart), so that this person, bound to none, may have one to go on with."""
        if self._token(user_id) is not None:
            return False
        return await self.records.in_progress() > len(self._by_person)

    async def survey_status(self) -> SurveyStatus:
        """The survey's manual closing and deadline override."""
        return await self.records.survey_status()

    async def close_survey(self, at: datetime) -> None:
        """Close the survey by hand: the sessions in progress end, and so do the bindings."""
        await self.records.close_survey(at)
        self._forget_everyone()

    async def reopen_survey(
        self, deadline: datetime | None, *, keep_deadline: bool = False
    ) -> None:
        """Open the survey again, until `deadline` (None: none), or keeping the one in force."""
        await self.records.reopen_survey(deadline, keep_deadline=keep_deadline)

    async def mark_closing_announced(self) -> bool:
        """Record that the closing was announced (the sessions in progress end with it)."""
        done = await self.records.mark_closing_announced()
        if done:
            self._forget_everyone()
        return done


def _applied(session: Session, update_id: int | None) -> Session:
    """The session once update `update_id` (if any) was applied to it."""
    return session if update_id is None else replace(session, last_update=update_id)
