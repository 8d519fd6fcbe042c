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
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

# Callback data is at most 64 bytes; the bot adds a prefix, a short question hash and separators.
MAX_ID_BYTES = 24
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

LocalText = str | dict[str, str]
"""A user-visible text: one string (one-language survey) or one string per language code."""


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError(
            "ids use lower-case letters, digits, '_' and '-', and start with a letter or digit"
        )
    if len(value.encode()) > MAX_ID_BYTES:
        raise ValueError(
            f"ids are at most {MAX_ID_BYTES} bytes, to fit Telegram's 64-byte button data"
        )
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Model):
    """One choice of a single- or multiple-choice question."""

    id: str
    label: LocalText
    other: bool = False
    """"Other, please specify": choosing it asks for a short text."""

    _id = field_validator("id")(_check_id)


class Equals(_Model):
    """True when an earlier answer equals a value (an option id, a number, true or false)."""

    question: str
    equals: str | int | bool


class OneOf(_Model):
    """True when an earlier answer is one of several values."""

    question: str
    in_: list[str | int | bool] = Field(alias="in", min_length=1)


class Contains(_Model):
    """True when an earlier multiple-choice answer contains an option."""

    question: str
    contains: str


class AllOf(_Model):
    """True when every sub-condition is true."""

    all: list[Condition] = Field(min_length=1)


class AnyOf(_Model):
    """True when at least one sub-condition is true."""

    any: list[Condition] = Field(min_length=1)


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return type(value).__name__
    if isinstance(value, dict):
        for key, kind in _CONDITION_KEYS.items():
            if key in value:
                return kind
    return None


_CONDITION_KEYS = {
    "equals": "Equals",
    "in": "OneOf",
    "contains": "Contains",
    "all": "AllOf",
    "any": "AnyOf",
}

Condition = Annotated[
    Annotated[Equals, Tag("Equals")]
    | Annotated[OneOf, Tag("OneOf")]
    | Annotated[Contains, Tag("Contains")]
    | Annotated[AllOf, Tag("AllOf")]
    | Annotated[AnyOf, Tag("AnyOf")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message="a condition has 'equals', 'in', 'contains', 'all' or 'any'",
    ),
]


def leaf_conditions(condition: Condition) -> Iterator[Equals | OneOf | Contains]:
    """Yield the comparisons a condition is made of."""
    if isinstance(condition, AllOf):
        for sub in condition.all:
            yield from leaf_conditions(sub)
    elif isinstance(condition, AnyOf):
        for sub in condition.any:
            yield from leaf_conditions(sub)
    else:
        yield condition


class _QuestionBase(_Model):
    id: str
    text: LocalText
    help: LocalText | None = None
    optional: bool = False
    when: Condition | None = None
    breakdown: bool = False
    """Marks a dimension by which statistics can be broken down (e.g. the administration)."""
    chart: bool = True
    """Whether the question appears in the compact chart sent with /stats."""

    _id = field_validator("id")(_check_id)

    @model_validator(mode="after")
    def _breakdown_single(self) -> _QuestionBase:
        if self.breakdown and not isinstance(self, SingleChoice):
            raise ValueError("breakdown: only a single-choice question can be a breakdown")
        return self

    def local_texts(self) -> Iterator[tuple[str, LocalText]]:
        """Yield (field, text) for every user-visible text of the question."""
        yield "text", self.text
        if self.help is not None:
            yield "help", self.help


class _ChoiceBase(_QuestionBase):
    options: list[Option]

    @field_validator("options")
    @classmethod
    def _options_valid(cls, options: list[Option]) -> list[Option]:
        if not options:
            raise ValueError("a choice question needs at least one option")
        seen: set[str] = set()
        for option in options:
            if option.id in seen:
                raise ValueError(f"option id {option.id!r} is used twice")
            seen.add(option.id)
        if sum(option.other for option in options) > 1:
            raise ValueError("at most one option can be 'other'")
        return options

    def option(self, option_id: str) -> Option | None:
        """Return the option with this id, if any."""
        return next((o for o in self.options if o.id == option_id), None)

    def local_texts(self) -> Iterator[tuple[str, LocalText]]:
        """Yield (field, text) for every user-visible text, options included."""
        yield from super().local_texts()
        for option in self.options:
            yield f"options.{option.id}.label", option.label


class SingleChoice(_ChoiceBase):
    """Pick exactly one option."""

    type: Literal["single"]


class MultipleChoice(_ChoiceBase):
    """Pick several options, between `min` and `max` of them."""

    type: Literal["multiple"]
    min: int = Field(default=1, ge=0)
    max: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _bounds(self) -> MultipleChoice:
        if self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        if self.min > len(self.options):
            raise ValueError(f"min ({self.min}) is more than the {len(self.options)} options")
        return self

    @property
    def max_selected(self) -> int:
        """The most options one may pick."""
        return len(self.options) if self.max is None else min(self.max, len(self.options))


class Scale(_QuestionBase):
    """A rating from `min` to `max` (e.g. 1-5 or 0-10), with labels for both ends."""

    type: Literal["scale"]
    min: int = 1
    max: int = 5
    min_label: LocalText | None = None
    max_label: LocalText | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Scale:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be less than max ({self.max})")
        if self.max - self.min > 10:
            raise ValueError("a scale has at most 11 points")
        return self

    def local_texts(self) -> Iterator[tuple[str, LocalText]]:
        """Yield (field, text) for every user-visible text, end labels included."""
        yield from super().local_texts()
        if self.min_label is not None:
            yield "min_label", self.min_label
        if self.max_label is not None:
            yield "max_label", self.max_label


class YesNo(_QuestionBase):
    """Yes or no."""

    type: Literal["yesno"]


class Number(_QuestionBase):
    """A whole number, typed, between `min` and `max`."""

    type: Literal["number"]
    min: int | None = None
    max: int | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Number:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


class FreeText(_QuestionBase):
    """A typed text of at most `max_length` characters."""

    type: Literal["text"]
    max_length: int = Field(default=1000, ge=1, le=4000)


Question = Annotated[
    SingleChoice | MultipleChoice | Scale | YesNo | Number | FreeText,
    Field(discriminator="type"),
]
ChoiceQuestion = SingleChoice | MultipleChoice
QUESTION_TYPES = ("single", "multiple", "scale", "yesno", "number", "text")


class Questionnaire(_Model):
    """A whole survey: its texts, languages, deadline and questions in order."""

    id: str
    title: LocalText
    intro: LocalText
    thanks: LocalText
    languages: list[str] = Field(min_length=1)
    default_language: str | None = None
    closes_at: datetime | None = None
    questions: list[Question] = Field(min_length=1)

    _id = field_validator("id")(_check_id)

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
            if question.when is not None:
                for leaf in leaf_conditions(question.when):
                    if leaf.question not in skip_targets:
                        yield from self._condition_problems(where, leaf, positions)
            # Registered after its condition is checked: a question cannot depend on itself.
            positions[question.id] = position

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
        self, where: str, leaf: Equals | OneOf | Contains, positions: dict[str, int]
    ) -> Iterator[str]:
        target_id = leaf.question
        if target_id not in positions:
            if any(q.id == target_id for q in self.questions):
                yield f"{where}: when: question {target_id!r} comes later; conditions look back"
            else:
                yield f"{where}: when: question {target_id!r} does not exist"
            return
        target = self.questions[positions[target_id]]
        values: list[str | int | bool]
        if isinstance(leaf, Contains):
            if not isinstance(target, MultipleChoice):
                yield f"{where}: when: 'contains' needs a multiple-choice question"
                return
            values = [leaf.contains]
        elif isinstance(target, MultipleChoice):
            # A multiple-choice answer is a set of options: 'equals'/'in' could never hold.
            yield f"{where}: when: question {target_id!r} is multiple-choice: use 'contains'"
            return
        else:
            values = [leaf.equals] if isinstance(leaf, Equals) else list(leaf.in_)
        for value in values:
            problem = _value_problem(target, value)
            if problem:
                yield f"{where}: when: {problem}"


def _value_problem(target: Question, value: str | int | bool) -> str | None:
    if isinstance(target, SingleChoice | MultipleChoice):
        if not isinstance(value, str) or target.option(value) is None:
            return f"question {target.id!r} has no option {value!r}"
    elif isinstance(target, YesNo):
        if not isinstance(value, bool):
            return f"question {target.id!r} is yes/no: compare with true or false"
    elif isinstance(target, Scale | Number):
        if isinstance(value, bool) or not isinstance(value, int):
            return f"question {target.id!r} takes whole numbers"
    else:
        return f"question {target.id!r} is free text and cannot be a condition"
    return None


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
        rest = [p for p in rest if p not in _CONDITION_KEYS.values()]
        where = f"question {question_id!r}"
        return f"{where}: {'.'.join(rest)}" if rest else where
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


def parse_questionnaire(data: dict[str, Any], source: Path | str) -> Questionnaire:
    """Validate already-parsed TOML data; raise `QuestionnaireError` listing every problem."""
    try:
        return Questionnaire.model_validate(data)
    except ValidationError as error:
        problems = _problems_from(error, data) + _cross_problems_despite(data)
        raise QuestionnaireError(source, list(dict.fromkeys(problems))) from None


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
