"""The questionnaire model: what a survey file holds, validated by pydantic.

A questionnaire is written in TOML by a person, so every check here produces a message that
names the question and the field; `load_questionnaire` gathers them all into one
`QuestionnaireError` that also names the file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import (
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.core.batteries import Battery, expand_batteries
from bot.core.conditions import CONDITION_KEYS, Comparison, Contains, Equals, leaf_conditions
from bot.core.piping import piped
from bot.core.questions import QUESTION_TYPES, Question
from bot.core.questions.base import Model, check_id
from bot.core.scores import Score
from bot.core.sections import Note, Section, expand_sections
from bot.core.wording import LocalText


class Questionnaire(Model):
    """A whole survey: its texts, languages, deadline and questions in order."""

    id: str
    title: LocalText
    intro: LocalText
    thanks: LocalText
    languages: list[str] = Field(min_length=1)
    default_language: str | None = None
    closes_at: datetime | None = None
    questions: list[Question] = Field(min_length=1)
    batteries: list[Battery] = Field(default_factory=list)
    """The stems of the batteries, whose items are among `questions`."""
    scores: list[Score] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)

    _id = field_validator("id")(check_id)

    @field_validator("languages")
    @classmethod
    def _languages(cls, languages: list[str]) -> list[str]:
        for code in languages:
            if not re.fullmatch(r"[a-z]{2,3}", code):
                raise ValueError(f"{code!r} is not a language code such as 'fr' or 'nl'")
        if len(set(languages)) != len(languages):
            raise ValueError("a language is listed twice")
        return languages

    @field_validator("closes_at")
    @classmethod
    def _aware(cls, closes_at: datetime | None) -> datetime | None:
        if closes_at is not None and closes_at.utcoffset() is None:
            raise ValueError("give the deadline with its offset, e.g. 2020-02-11T23:59:59+01:00")
        return closes_at

    @model_validator(mode="after")
    def _cross_checks(self) -> Questionnaire:
        problems = list(self._problems())
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @property
    def language(self) -> str:
        """The language used when the user's is not offered."""
        return self.default_language or self.languages[0]

    def question(self, question_id: str) -> Question:
        """Return the question with this id (KeyError when unknown)."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    @cached_property
    def question_map(self) -> dict[str, Question]:
        """The questions by id."""
        return {question.id: question for question in self.questions}

    def section(self, section_id: str) -> Section:
        """Return the section with this id (KeyError when unknown)."""
        return next(s for s in self.sections if s.id == section_id)

    def note(self, note_id: str) -> Note:
        """Return the note with this id (KeyError when unknown)."""
        return next(n for n in self.notes if n.id == note_id)

    def battery(self, battery_id: str) -> Battery:
        """Return the battery with this id (KeyError when unknown)."""
        for battery in self.batteries:
            if battery.id == battery_id:
                return battery
        raise KeyError(battery_id)

    def text(self, value: LocalText, language: str) -> str:
        """Return `value` in `language`, falling back to the default language."""
        if isinstance(value, str):
            return value
        return value.get(language) or value[self.language]

    def _problems(self, skip_targets: frozenset[str] | set[str] = frozenset()) -> Iterator[str]:
        if self.default_language is not None and self.default_language not in self.languages:
            yield f"default_language: {self.default_language!r} is not in languages"
        for field in ("title", "intro", "thanks"):
            yield from self._translation_problems(field, getattr(self, field))
        positions: dict[str, int] = {}
        for position, question in enumerate(self.questions):
            where = f"question {question.id!r}"
            if question.id in positions:
                yield f"{where}: id: the id is used by another question too"
                continue
            for field, value in question.local_texts():
                yield from self._translation_problems(f"{where}: {field}", value)
                for source in sorted(piped(value)):
                    if source not in positions:
                        later = any(q.id == source for q in self.questions)
                        reason = "comes later" if later else "does not exist"
                        if source == question.id:
                            reason = "is this one: a question cannot show its own answer"
                        pipe = f"{{answer:{source}}}"
                        yield f"{where}: {field}: {pipe}: question {source!r} {reason}"
            if question.when is not None:
                for leaf in leaf_conditions(question.when):
                    if leaf.question not in skip_targets:
                        yield from self._condition_problems(where, leaf, positions)
            # Registered after its condition is checked: a question cannot depend on itself.
            positions[question.id] = position
            if question.reverse and question.score_problem() is not None:
                yield f"{where}: reverse: {question.score_problem()}"
        for battery in self.batteries:
            where = f"battery {battery.id!r}"
            if battery.id in positions:
                yield f"{where}: id: the id is used by a question too"
            yield from self._translation_problems(f"{where}: text", battery.text)
            if battery.help is not None:
                yield from self._translation_problems(f"{where}: help", battery.help)
        for section in self.sections:
            yield from self._translation_problems(f"section {section.id!r}: title", section.title)
            if section.intro is not None:
                yield from self._translation_problems(
                    f"section {section.id!r}: intro", section.intro
                )
        for note in self.notes:
            yield from self._translation_problems(f"note {note.id!r}: text", note.text)
        names = [s.id for s in self.sections] + [n.id for n in self.notes]
        names += [b.id for b in self.batteries]
        for name in sorted({n for n in names if names.count(n) > 1 or n in positions}):
            yield f"{name!r}: id: the id is used twice (questions, sections, notes, batteries)"
        yield from self._score_problems(positions)

    def _score_problems(self, positions: dict[str, int]) -> Iterator[str]:
        seen: set[str] = set()
        for score in self.scores:
            where = f"score {score.id!r}"
            if score.id in seen:
                yield f"{where}: id: the id is used by another score too"
            seen.add(score.id)
            yield from self._translation_problems(f"{where}: label", score.label)
            for number, band in enumerate(score.bands, start=1):
                yield from self._translation_problems(f"{where}: bands #{number}", band.label)
            if len(set(score.items)) != len(score.items):
                yield f"{where}: items: an item is listed twice"
            if score.least_answered > len(score.items):
                yield (
                    f"{where}: min_answered: {score.least_answered} is more than the "
                    f"{len(score.items)} items"
                )
            for item in score.items:
                if item not in positions:
                    yield f"{where}: items: question {item!r} does not exist"
                    continue
                problem = self.questions[positions[item]].score_problem()
                if problem is not None:
                    yield f"{where}: items: question {item!r}: {problem}"

    def _translation_problems(self, where: str, value: LocalText) -> Iterator[str]:
        if isinstance(value, str):
            if len(self.languages) > 1:
                yield f"{where}: give one text per language ({', '.join(self.languages)})"
            elif not value.strip():
                yield f"{where}: the text is empty"
            return
        for language in self.languages:
            if not value.get(language, "").strip():
                yield f"{where}: the {language!r} translation is missing"
        for language in value:
            if language not in self.languages:
                yield f"{where}: {language!r} is not one of the survey's languages"

    def _condition_problems(
        self, where: str, leaf: Comparison, positions: dict[str, int]
    ) -> Iterator[str]:
        target_id = leaf.question
        if target_id not in positions:
            if any(q.id == target_id for q in self.questions):
                yield f"{where}: when: question {target_id!r} comes later; conditions look back"
            else:
                yield f"{where}: when: question {target_id!r} does not exist"
            return
        target = self.questions[positions[target_id]]
        if isinstance(leaf, Contains):
            problems = [target.comparison_problem("contains", leaf.contains)]
        else:
            values = [leaf.equals] if isinstance(leaf, Equals) else list(leaf.in_)
            problems = [target.comparison_problem("equals", value) for value in values]
        for problem in dict.fromkeys(problems):
            if problem:
                yield f"{where}: when: {problem}"


class QuestionnaireError(Exception):
    """A questionnaire file that cannot be used, with every problem found in it."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{self.path}: " + "; ".join(problems))

    def __str__(self) -> str:
        lines = [f"{self.path}: {len(self.problems)} problem(s):"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


def _location(data: dict[str, Any], loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic error location into 'question 'x': field' wording."""
    parts = list(loc)
    if len(parts) >= 2 and parts[0] == "questions" and isinstance(parts[1], int):
        questions = data.get("questions")
        index = parts[1]
        question_id: object = f"#{index + 1}"
        if isinstance(questions, list) and index < len(questions):
            entry = questions[index]
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                question_id = entry["id"]
        rest = [str(p) for p in parts[2:]]
        if rest and rest[0] in QUESTION_TYPES:
            rest = rest[1:]
        rest = [p for p in rest if p not in CONDITION_KEYS.values()]
        where = f"question {question_id!r}"
        return f"{where}: {'.'.join(rest)}" if rest else where
    kinds = {"scores": "score", "batteries": "battery", "sections": "section", "notes": "note"}
    if len(parts) >= 2 and parts[0] in kinds and isinstance(parts[1], int):
        entries = data.get(str(parts[0]))
        index = parts[1]
        name: object = f"#{index + 1}"
        if isinstance(entries, list) and index < len(entries):
            entry = entries[index]
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                name = entry["id"]
        kind = kinds[str(parts[0])]
        tail = ".".join(str(p) for p in parts[2:])
        return f"{kind} {name!r}: {tail}" if tail else f"{kind} {name!r}"
    return ".".join(str(p) for p in parts) or "file"


def _problems_from(error: ValidationError, data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for item in error.errors():
        message = item["msg"].removeprefix("Value error, ")
        loc = item["loc"]
        if item["type"] == "union_tag_invalid":
            message = "unknown question type; use one of: " + ", ".join(QUESTION_TYPES)
            loc = (*loc[:2], "type")
        elif item["type"] == "union_tag_not_found":
            message = "the type is missing; use one of: " + ", ".join(QUESTION_TYPES)
            loc = (*loc[:2], "type")
        elif item["type"] == "extra_forbidden":
            message = "unknown field"
        where = _location(data, loc)
        for line in message.split("\n"):
            problems.append(line if where == "file" else f"{where}: {line}")
    return list(dict.fromkeys(problems))


_question_adapter: TypeAdapter[Question] = TypeAdapter(Question)


def _cross_problems_despite(data: dict[str, Any]) -> list[str]:
    """Run the whole-survey checks on the parts that are valid, so all problems show at once."""
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list):
        return []
    questions: list[Question] = []
    broken: set[str] = set()
    for raw in raw_questions:
        try:
            questions.append(_question_adapter.validate_python(raw))
        except ValidationError:
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                broken.add(raw["id"])
    header = {k: v for k, v in data.items() if k != "questions"}
    parts: tuple[tuple[str, type[Battery] | type[Score] | type[Section] | type[Note]], ...] = (
        ("batteries", Battery),
        ("scores", Score),
        ("sections", Section),
        ("notes", Note),
    )
    for name, model in parts:
        header[name] = _valid_parts(model, header.get(name))
    try:
        languages = Questionnaire._languages(header.get("languages", []))
    except (ValueError, TypeError):
        return []
    if not languages:
        return []
    texts = {"title", "intro", "thanks"}
    # Missing texts get a placeholder (its problems are filtered out below): without it the
    # checks would stop at the missing attribute and hide every other problem.
    survey = Questionnaire.model_construct(
        **{**dict.fromkeys(texts, ""), **header, "languages": languages, "questions": questions}
    )
    try:
        return [
            problem
            for problem in survey._problems(skip_targets=broken)
            if not any(problem.startswith(field + ":") for field in texts - header.keys())
        ]
    except (AttributeError, TypeError, KeyError):
        return []


def _valid_parts(
    model: type[Battery] | type[Score] | type[Section] | type[Note], raw: object
) -> list[Any]:
    """The entries of a list that validate (the others' problems are reported already)."""
    parts: list[Any] = []
    for entry in raw if isinstance(raw, list) else []:
        try:
            parts.append(model.model_validate(entry))
        except ValidationError:
            continue
    return parts


def parse_questionnaire(data: dict[str, Any], source: Path | str) -> Questionnaire:
    """Validate already-parsed TOML data; raise `QuestionnaireError` listing every problem."""
    data, problems = expand_batteries(data)
    data, more = expand_sections(data)
    problems += more
    try:
        questionnaire = Questionnaire.model_validate(data)
    except ValidationError as error:
        problems += _problems_from(error, data) + _cross_problems_despite(data)
        raise QuestionnaireError(source, list(dict.fromkeys(problems))) from None
    if problems:
        raise QuestionnaireError(source, problems)
    return questionnaire


def load_questionnaire(path: Path | str) -> Questionnaire:
    """Read and validate a questionnaire file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise QuestionnaireError(path, [f"cannot read the file: {error.strerror}"]) from None
    except UnicodeDecodeError:
        raise QuestionnaireError(path, ["the file is not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as error:
        raise QuestionnaireError(path, [f"not valid TOML: {error}"]) from None
    return parse_questionnaire(data, path)
