"""The conversation engine: what to ask next, and whether an answer is valid.

Pure: no Telegram, no database, no clock, no sentences. The state of one session goes in, a
decision comes out (an invalid input as a `Problem` code and its numbers, which front ends put
into words); the Telegram handlers and the terminal preview both drive this same engine.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot.core.answers import Answer, AnswerValue, SessionState, clean_text
from bot.core.questionnaire import (
    AllOf,
    AnyOf,
    Condition,
    Contains,
    Equals,
    FreeText,
    MultipleChoice,
    Number,
    OneOf,
    Option,
    Question,
    Questionnaire,
    Scale,
    SingleChoice,
    YesNo,
)

MAX_OTHER_LENGTH = 200


@dataclass(frozen=True)
class Ask:
    """Ask `question`; `current` is its answer so far when the user came back to it."""

    question: Question
    position: int
    total: int
    current: Answer | None = None


@dataclass(frozen=True)
class AskOther:
    """Ask for the text that goes with the "other" option the user picked."""

    question: SingleChoice | MultipleChoice
    option: Option
    position: int
    total: int


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


class Problem(enum.StrEnum):
    """Why an input is not a valid answer; front ends say it as the message `error_<code>`."""

    EMPTY = "empty"
    TOO_LONG = "too_long"  # limit
    REQUIRED = "required"
    YES_NO = "yes_no"
    TYPE_ANSWER = "type_answer"
    CHOOSE_OPTION = "choose_option"
    SCALE = "scale"  # low, high
    PICK_EXACTLY = "pick_exactly"  # count
    PICK_BETWEEN = "pick_between"  # low, high
    NUMBER = "number"
    NUMBER_BETWEEN = "number_between"  # low, high
    NUMBER_MIN = "number_min"  # low
    NUMBER_MAX = "number_max"  # high


@dataclass(frozen=True)
class Invalid:
    """The input is not a valid answer: `code` says why, `params` give the numbers to quote."""

    code: Problem
    params: Mapping[str, int] = field(default_factory=dict)


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

    # -- what applies ---------------------------------------------------------------------

    def applicable(self, answers: Mapping[str, Answer]) -> list[Question]:
        """Return the questions that apply given these answers, in order."""
        result: list[Question] = []
        seen: dict[str, Answer] = {}
        for question in self.questionnaire.questions:
            if question.when is None or _holds(question.when, seen):
                result.append(question)
                if question.id in answers:
                    seen[question.id] = answers[question.id]
        return result

    def prune(self, answers: Mapping[str, Answer]) -> tuple[dict[str, Answer], frozenset[str]]:
        """Drop answers to questions that no longer apply; return the rest and the dropped ids."""
        keep = {q.id for q in self.applicable(answers)}
        kept = {qid: a for qid, a in answers.items() if qid in keep}
        return kept, frozenset(answers.keys() - keep)

    # -- what comes next ------------------------------------------------------------------

    def next_step(self, state: SessionState) -> Step:
        """Say what to show now: a question, the "other" follow-up, or the review."""
        questions = self.applicable(state.answers)
        total = len(questions)
        for position, question in enumerate(questions, start=1):
            answer = state.answers.get(question.id)
            if question.id == state.cursor:
                return Ask(question, position, total, answer)
            if state.cursor is not None:
                continue
            if answer is None:
                return Ask(question, position, total)
            option = self._missing_other(question, answer)
            if option is not None:
                assert isinstance(question, SingleChoice | MultipleChoice)
                return AskOther(question, option, position, total)
        if state.cursor is not None:
            return self.next_step(replace(state, cursor=None))
        return Review(tuple((q, state.answers[q.id]) for q in questions))

    def _missing_other(self, question: Question, answer: Answer) -> Option | None:
        if answer.other is not None or not isinstance(question, SingleChoice | MultipleChoice):
            return None
        chosen = answer.value if isinstance(answer.value, tuple) else (answer.value,)
        for option in question.options:
            if option.other and option.id in chosen:
                return option
        return None

    # -- changing the state ---------------------------------------------------------------

    def answer(self, state: SessionState, question_id: str, answer: Answer) -> Outcome:
        """Record a validated answer to the question being asked."""
        step = self.next_step(state)
        if not isinstance(step, Ask) or step.question.id != question_id:
            return Stale()
        merged = {**state.answers, question_id: answer}
        kept, dropped = self.prune(merged)
        return Accepted(SessionState(state.language, kept), question_id, answer, dropped)

    def submit_input(self, state: SessionState, question_id: str, raw: str) -> Outcome:
        """Parse typed input for the question being asked, then record it."""
        step = self.next_step(state)
        if isinstance(step, AskOther) and step.question.id == question_id:
            return self.give_other(state, raw)
        if not isinstance(step, Ask) or step.question.id != question_id:
            return Stale()
        parsed = self.parse(step.question, raw, state.language)
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
        return Accepted(SessionState(state.language, answers), step.question.id, completed)

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
        questions = self.applicable(state.answers)
        if isinstance(step, AskOther):
            return replace(state, cursor=step.question.id)
        end = step.position - 1 if isinstance(step, Ask) else len(questions)
        if end <= 0:
            return None
        return replace(state, cursor=questions[end - 1].id)

    # -- parsing --------------------------------------------------------------------------

    def choice(
        self, question: Question, option_ids: Sequence[str], language: str
    ) -> Answer | Invalid:
        """Validate option ids picked with buttons (or yes/no as 'yes'/'no')."""
        if isinstance(question, YesNo):
            if len(option_ids) == 1 and option_ids[0] in ("yes", "no"):
                return Answer(option_ids[0] == "yes")
            return Invalid(Problem.YES_NO)
        if isinstance(question, Scale):
            if len(option_ids) == 1:
                return self.parse(question, option_ids[0], language)
            return _scale_error(question)
        if not isinstance(question, SingleChoice | MultipleChoice):
            return Invalid(Problem.TYPE_ANSWER)
        known = {o.id for o in question.options}
        picked = tuple(dict.fromkeys(option_ids))
        if not picked or any(p not in known for p in picked):
            return Invalid(Problem.CHOOSE_OPTION)
        if isinstance(question, SingleChoice):
            if len(picked) != 1:
                return Invalid(Problem.CHOOSE_OPTION)
            return Answer(picked[0])
        if len(picked) < max(question.min, 1) or len(picked) > question.max_selected:
            return _selection_error(question)
        ordered = tuple(o.id for o in question.options if o.id in picked)
        return Answer(ordered)

    def parse(self, question: Question, raw: str, language: str) -> Answer | Invalid:
        """Turn typed input into an answer for `question`, or say what is wrong with it."""
        cleaned = clean_text(raw)
        if isinstance(question, FreeText):
            if not cleaned:
                return Invalid(Problem.EMPTY)
            if len(cleaned) > question.max_length:
                return Invalid(Problem.TOO_LONG, {"limit": question.max_length})
            return Answer(cleaned)
        if isinstance(question, Number | Scale):
            number = _parse_int(cleaned)
            low, high = question.min, question.max
            if (
                number is None
                or (low is not None and number < low)
                or (high is not None and number > high)
            ):
                if isinstance(question, Scale):
                    return _scale_error(question)
                return _number_error(low, high)
            return Answer(number)
        if isinstance(question, YesNo):
            word = cleaned.casefold()
            for value, words in self._yes_no_words.items():
                if word in words:
                    return Answer(value)
            return Invalid(Problem.YES_NO)
        return self._parse_choice(question, cleaned, language)

    def _parse_choice(
        self, question: SingleChoice | MultipleChoice, cleaned: str, language: str
    ) -> Answer | Invalid:
        pieces = [cleaned] if isinstance(question, SingleChoice) else re.split(r"[,;\s]+", cleaned)
        picked: list[str] = []
        for piece in filter(None, pieces):
            option = self._match_option(question, piece, language)
            if option is None:
                return Invalid(Problem.CHOOSE_OPTION)
            picked.append(option.id)
        return self.choice(question, picked, language)

    def _match_option(
        self, question: SingleChoice | MultipleChoice, piece: str, language: str
    ) -> Option | None:
        number = _parse_int(piece)
        if number is not None:
            return question.options[number - 1] if 1 <= number <= len(question.options) else None
        wanted = piece.casefold()
        for option in question.options:
            label = self.questionnaire.text(option.label, language).casefold()
            if wanted in (option.id, label):
                return option
        return None


def _parse_int(value: str) -> int | None:
    compact = value.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if re.fullmatch(r"[+-]?\d{1,12}", compact):
        return int(compact)
    return None


def _scale_error(question: Scale) -> Invalid:
    return Invalid(Problem.SCALE, {"low": question.min, "high": question.max})


def _selection_error(question: MultipleChoice) -> Invalid:
    low, high = max(question.min, 1), question.max_selected
    if low == high:
        return Invalid(Problem.PICK_EXACTLY, {"count": low})
    return Invalid(Problem.PICK_BETWEEN, {"low": low, "high": high})


def _number_error(low: int | None, high: int | None) -> Invalid:
    if low is not None and high is not None:
        return Invalid(Problem.NUMBER_BETWEEN, {"low": low, "high": high})
    if low is not None:
        return Invalid(Problem.NUMBER_MIN, {"low": low})
    if high is not None:
        return Invalid(Problem.NUMBER_MAX, {"high": high})
    return Invalid(Problem.NUMBER)


def _holds(condition: Condition, answers: Mapping[str, Answer]) -> bool:
    if isinstance(condition, AllOf):
        return all(_holds(sub, answers) for sub in condition.all)
    if isinstance(condition, AnyOf):
        return any(_holds(sub, answers) for sub in condition.any)
    answer = answers.get(condition.question)
    if answer is None or answer.value is None:
        return False
    value = answer.value
    if isinstance(condition, Contains):
        return isinstance(value, tuple) and condition.contains in value
    wanted = [condition.equals] if isinstance(condition, Equals) else condition.in_
    assert isinstance(condition, Equals | OneOf)
    return any(_same(value, w) for w in wanted)


def _same(value: AnswerValue, wanted: str | int | bool) -> bool:
    # True == 1 in Python; a yes/no answer must not match the number 1.
    return type(value) is type(wanted) and value == wanted
