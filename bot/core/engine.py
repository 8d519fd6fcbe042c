"""The conversation engine: what to ask next, and whether an answer is valid.

Pure: no Telegram, no database, no clock, no sentences. The state of one session goes in, a
decision comes out (an invalid input as a `Problem` code and its numbers, which front ends put
into words); the Telegram handlers and the terminal preview both drive this same engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot.core.answers import Answer, Invalid, Problem, SessionState
from bot.core.characters import clean_text
from bot.core.conditions import decided, holds
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.core.questions.base import Option, ParseContext
from bot.core.shuffling import shuffle_key

MAX_OTHER_LENGTH = 200


@dataclass(frozen=True)
class Ask:
    """Ask `question`; `current` is its answer so far when the user came back to it."""

    question: Question
    position: int
    total: int
    """Where the question stands among those that apply or may still apply, and how many
    those are: the total only falls as answers close questions, it never grows."""
    progress: int = 0
    """How far the session is, in percent, never less than shown before (`progress_of`)."""
    current: Answer | None = None
    opens_battery: bool = False
    """The question is the first item of its battery that applies: show the stem first."""
    opens_section: bool = False
    """The question is the first of its section that applies: show the section first."""
    in_section: tuple[int, int] | None = None
    """The question's position among its section's questions, and their number."""
    seed: str = field(default="", repr=False)
    """The session's seed: hand it to `buttons` and `listing`, which shuffle by it."""


@dataclass(frozen=True)
class AskOther:
    """Ask for the text that goes with the "other" option the user picked."""

    question: Question
    option: Option
    position: int
    total: int
    progress: int = 0


@dataclass(frozen=True)
class Review:
    """Every applicable question is answered: show the recap and offer to submit."""

    answers: tuple[tuple[Question, Answer], ...]


Step = Ask | AskOther | Review


@dataclass(frozen=True)
class Accepted:
    """The answer was taken; `dropped` lists answers that no longer apply and were removed."""

    state: SessionState
    question_id: str
    answer: Answer
    dropped: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Stale:
    """The input is for a question that is not the one being asked."""


Outcome = Accepted | Invalid | Stale


class Engine:
    """Drives one questionnaire; holds no per-session state."""

    def __init__(
        self, questionnaire: Questionnaire, yes_no_words: Mapping[bool, frozenset[str]]
    ) -> None:
        """Drive `questionnaire`; `yes_no_words` are the case-folded words typed for yes/no."""
        self.questionnaire = questionnaire
        self._yes_no_words = yes_no_words
        self._index = {q.id: i for i, q in enumerate(questionnaire.questions)}
        self._shuffled = [b for b in questionnaire.batteries if b.randomize]

    # -- what applies ---------------------------------------------------------------------

    def ordered(self, seed: str = "") -> list[Question]:
        """The questions in the order the session of `seed` meets them.

        The items of a battery with `randomize` trade places among themselves.
        """
        questions = list(self.questionnaire.questions)
        for battery in self._shuffled:
            places = [i for i, q in enumerate(questions) if q.battery == battery.id]
            items = sorted(
                (questions[i] for i in places), key=lambda q: shuffle_key(seed, battery.id, q.id)
            )
            for place, item in zip(places, items, strict=True):
                questions[place] = item
        return questions

    def applicable(self, answers: Mapping[str, Answer], seed: str = "") -> list[Question]:
        """Return the questions that apply given these answers, in the session's order."""
        result: list[Question] = []
        seen: dict[str, Answer] = {}
        for question in self.ordered(seed):
            if question.when is None or holds(question.when, seen):
                result.append(question)
                if question.id in answers:
                    seen[question.id] = answers[question.id]
        return result

    def counted(self, answers: Mapping[str, Answer], seed: str = "") -> list[Question]:
        """Return the questions that apply or may still apply, in the session's order.

        Progress counts these: a question whose condition waits on an unanswered question
        counts until that answer closes it, so the total never grows as conditions open.
        """
        result: list[Question] = []
        seen: dict[str, Answer] = {}
        pending: set[str] = set()
        for question in self.ordered(seed):
            verdict = True if question.when is None else decided(question.when, seen, pending)
            if verdict is False:
                continue
            result.append(question)
            if verdict and question.id in answers:
                seen[question.id] = answers[question.id]
            else:
                pending.add(question.id)
        return result

    def prune(self, answers: Mapping[str, Answer]) -> tuple[dict[str, Answer], frozenset[str]]:
        """Drop answers to questions that no longer apply; return the rest and the dropped ids."""
        keep = {q.id for q in self.applicable(answers)}
        kept = {qid: a for qid, a in answers.items() if qid in keep}
        return kept, frozenset(answers.keys() - keep)

    # -- what comes next ------------------------------------------------------------------

    def next_step(self, state: SessionState) -> Step:
        """Say what to show now: a question, the "other" follow-up, or the review."""
        questions = self.applicable(state.answers, state.seed)
        counted = self.counted(state.answers, state.seed)
        total = len(counted)
        # 100 is the recap's: a question shown is never all done.
        progress = min(99, max(state.reached, progress_of(questions, counted, state.answers)))
        # By id: comparing question models field by field (list.index) costs far more.
        positions = {q.id: n for n, q in enumerate(counted, 1)}
        for index, question in enumerate(questions):
            answer = state.answers.get(question.id)
            opens = question.battery is not None and (
                index == 0 or questions[index - 1].battery != question.battery
            )
            position = positions[question.id]
            if question.id == state.cursor or (state.cursor is None and answer is None):
                return Ask(
                    question,
                    position,
                    total,
                    progress,
                    answer if question.id == state.cursor else None,
                    opens,
                    *self._section(questions, counted, question),
                    seed=state.seed,
                )
            if state.cursor is not None or answer is None:
                continue
            option = question.missing_other(answer)
            if option is not None:
                return AskOther(question, option, position, total, progress)
        if state.cursor is not None:
            return self.next_step(replace(state, cursor=None))
        return Review(tuple((q, state.answers[q.id]) for q in questions))

    @staticmethod
    def _section(
        questions: Sequence[Question], counted: Sequence[Question], question: Question
    ) -> tuple[bool, tuple[int, int] | None]:
        """Whether the question opens its section, and where it stands among the counted."""
        section = question.section
        if section is None:
            return False, None
        first = next(q for q in questions if q.section == section)
        members = [q for q in counted if q.section == section]
        return question is first, (_place(members, question) + 1, len(members))

    # -- changing the state ---------------------------------------------------------------

    def answer(self, state: SessionState, question_id: str, answer: Answer) -> Outcome:
        """Record a validated answer to the question being asked."""
        step = self.next_step(state)
        if not isinstance(step, Ask) or step.question.id != question_id:
            return Stale()
        merged = {**state.answers, question_id: answer}
        kept, dropped = self.prune(merged)
        after = replace(state, answers=kept, cursor=None, reached=step.progress)
        return Accepted(after, question_id, answer, dropped)

    def submit_input(self, state: SessionState, question_id: str, raw: str) -> Outcome:
        """Parse typed input for the question being asked, then record it."""
        step = self.next_step(state)
        if isinstance(step, AskOther) and step.question.id == question_id:
            return self.give_other(state, raw)
        if not isinstance(step, Ask) or step.question.id != question_id:
            return Stale()
        parsed = self.parse(step.question, raw, state.language, state.seed)
        if isinstance(parsed, Invalid):
            return parsed
        return self.answer(state, question_id, parsed)

    def choose(self, state: SessionState, question_id: str, option_ids: Sequence[str]) -> Outcome:
        """Record the options picked with buttons for the question being asked."""
        step = self.next_step(state)
        if not isinstance(step, Ask) or step.question.id != question_id:
            return Stale()
        parsed = self.choice(step.question, option_ids, state.language)
        if isinstance(parsed, Invalid):
            return parsed
        return self.answer(state, question_id, parsed)

    def give_other(self, state: SessionState, raw: str) -> Outcome:
        """Record the "please specify" text for the option just picked."""
        step = self.next_step(state)
        if not isinstance(step, AskOther):
            return Stale()
        cleaned = clean_text(raw)
        if not cleaned:
            return Invalid(Problem.EMPTY)
        if len(cleaned) > MAX_OTHER_LENGTH:
            return Invalid(Problem.TOO_LONG, {"limit": MAX_OTHER_LENGTH})
        previous = state.answers[step.question.id]
        completed = replace(previous, other=cleaned)
        answers = {**state.answers, step.question.id: completed}
        after = replace(state, answers=answers, cursor=None, reached=step.progress)
        return Accepted(after, step.question.id, completed)

    def skip(self, state: SessionState) -> Outcome:
        """Skip the optional question being asked."""
        step = self.next_step(state)
        if not isinstance(step, Ask):
            return Stale()
        if not step.question.optional:
            return Invalid(Problem.REQUIRED)
        return self.answer(state, step.question.id, Answer(None))

    def back(self, state: SessionState) -> SessionState | None:
        """Re-open the question before the current one; None when there is none."""
        step = self.next_step(state)
        questions = self.applicable(state.answers, state.seed)
        if isinstance(step, AskOther):
            return replace(state, cursor=step.question.id, reached=step.progress)
        end = _place(questions, step.question) if isinstance(step, Ask) else len(questions)
        if end <= 0:
            return None
        reached = step.progress if isinstance(step, Ask) else state.reached
        return replace(state, cursor=questions[end - 1].id, reached=reached)

    def revisit(self, state: SessionState, question_id: str) -> SessionState | None:
        """Re-open an answered question from the review; None when the review is not what is
        shown or the question is not one of it. Once it is answered again, `next_step` asks
        what its new answer makes apply, then shows the review again."""
        step = self.next_step(state)
        if not isinstance(step, Review) or all(q.id != question_id for q, _ in step.answers):
            return None
        return replace(state, cursor=question_id)

    # -- parsing --------------------------------------------------------------------------

    def choice(
        self, question: Question, option_ids: Sequence[str], language: str
    ) -> Answer | Invalid:
        """Validate option ids picked with buttons (or yes/no as 'yes'/'no')."""
        return question.choose(option_ids, self._context(language))

    def parse(
        self, question: Question, raw: str, language: str, seed: str = ""
    ) -> Answer | Invalid:
        """Turn typed input into an answer for `question`, or say what is wrong with it.

        Typed positions are in the order the session of `seed` is shown.
        """
        return question.parse(clean_text(raw), self._context(language, seed))

    def _context(self, language: str, seed: str = "") -> ParseContext:
        questionnaire = self.questionnaire
        return ParseContext(
            language, self._yes_no_words, lambda text: questionnaire.text(text, language), seed
        )


def progress_of(
    applicable: Sequence[Question], counted: Sequence[Question], answers: Mapping[str, Answer]
) -> int:
    """How far a session is, in percent: the questions answered, over those and the longest
    path still ahead (every question that applies or may still apply and is not answered).

    Answering never lowers it: an answer adds one to both, or closes questions ahead. Only
    changing an earlier answer can (it may open questions, or drop answers), which is why
    what is shown is never less than what was shown before (`SessionState.reached`).
    """
    answered = sum(1 for question in applicable if question.id in answers)
    ahead = sum(1 for question in counted if question.id not in answers)
    return 100 if not answered + ahead else answered * 100 // (answered + ahead)


def _place(questions: Sequence[Question], question: Question) -> int:
    """Where `question` stands in `questions`, found by its id (ids are unique)."""
    for index, other in enumerate(questions):
        if other.id == question.id:
            return index
    raise ValueError(f"{question.id!r} is not among the questions")
