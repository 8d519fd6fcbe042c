"""The questionnaire model: what a survey file holds, validated by pydantic.

A questionnaire is written in TOML by a person, so every check here produces a message that
names the question and the field, in plain words (never pydantic's); `load_questionnaire`
gathers them all into one `QuestionnaireError` that also names the file. A front end can add
checks of its own (Telegram's limits): they run on the same file and their problems are listed
with the others.
"""

from __future__ import annotations

import contextlib
import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.core.batteries import Battery, expand_batteries
from bot.core.conditions import (
    CONDITION_KEYS,
    Comparison,
    Contains,
    Equals,
    OneOf,
    leaf_conditions,
)
from bot.core.piping import piped
from bot.core.questions import QUESTION_CLASSES, QUESTION_TYPES, Question, type_name
from bot.core.questions.base import Model, QuestionBase, check_id
from bot.core.scores import Score
from bot.core.sections import Note, Section, expand_sections
from bot.core.wording import LocalText

TEXT_FIELDS = ("title", "intro", "thanks")


class Questionnaire(Model):
    """A whole survey: its texts, languages, deadline and questions in order."""

    id: str
    title: LocalText
    intro: LocalText
    thanks: LocalText
    languages: list[str] = Field(min_length=1)
    default_language: str | None = None
    closes_at: datetime | None = None
    compares_with: str | None = None
    """The id of the survey this one follows (its earlier wave): another survey of the config,
    checked when the config's surveys are loaded together."""
    questions: list[Question] = Field(min_length=1)
    batteries: list[Battery] = Field(default_factory=list)
    """The stems of the batteries, whose items are among `questions`."""
    scores: list[Score] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)

    _id = field_validator("id")(check_id)

    @field_validator("compares_with")
    @classmethod
    def _earlier_wave(cls, value: str | None) -> str | None:
        return None if value is None else check_id(value)

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

    def _problems(
        self, skip_targets: frozenset[str] | set[str] = frozenset(), *, translations: bool = True
    ) -> Iterator[str]:
        """The whole-survey checks: translations, duplicate ids, conditions.

        `skip_targets` are questions already refused (a condition on them is not checked
        again); without `translations` (the languages themselves are wrong), texts are not
        checked against them.
        """
        if translations:
            if self.default_language is not None and self.default_language not in self.languages:
                yield f"default_language: {self.default_language!r} is not in languages"
            for field in TEXT_FIELDS:
                yield from self._translation_problems(field, getattr(self, field))
        if self.compares_with == self.id:
            yield "compares_with: a survey cannot be compared with itself: name its earlier wave"
        positions: dict[str, int] = {}
        for position, question in enumerate(self.questions):
            where = f"question {question.id!r}"
            duplicate = question.id in positions
            if duplicate:
                yield f"{where}: id: the id is used by another question too"
            if translations:
                for field, value in question.local_texts():
                    yield from self._translation_problems(f"{where}: {field}", value)
                    yield from self._pipe_problems(question, field, value, positions)
            if question.when is not None:
                for leaf in leaf_conditions(question.when):
                    if leaf.question not in skip_targets:
                        yield from self._condition_problems(question, leaf, positions)
            # Registered after its condition is checked: a question cannot depend on itself.
            if not duplicate:
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
            if battery.randomize:
                yield from self._shuffled_battery_problems(battery)
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

    def _shuffled_battery_problems(self, battery: Battery) -> Iterator[str]:
        """Items shown in a random order cannot look at one another."""
        where = f"battery {battery.id!r}: randomize"
        if len(battery.items) < 2:
            yield f"{where}: a battery needs at least two items to be shuffled"
        items = set(battery.items)
        for question in self.questions:
            if question.battery != battery.id:
                continue
            sources: set[str] = set()
            if question.when is not None:
                sources |= {leaf.question for leaf in leaf_conditions(question.when)}
            for _field, value in question.local_texts():
                sources |= piped(value)
            for source in sorted(sources & items - {question.id}):
                yield (
                    f"{where}: item {question.id!r} depends on item {source!r}, and items "
                    "shown in a random order cannot depend on one another"
                )

    def _pipe_problems(
        self,
        question: QuestionBase,
        field: str,
        value: LocalText | None,
        positions: dict[str, int],
    ) -> Iterator[str]:
        for source in sorted(piped(value)):
            if source in positions:
                continue
            later = any(q.id == source for q in self.questions)
            reason = "comes later" if later else "does not exist"
            if source == question.id:
                reason = "is this one: a question cannot show its own answer"
            pipe = f"{{answer:{source}}}"
            yield f"question {question.id!r}: {field}: {pipe}: question {source!r} {reason}"

    def _translation_problems(self, where: str, value: LocalText | None) -> Iterator[str]:
        if value is None:  # a text pydantic refused already (see `_problems_despite`)
            return
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
        self, question: QuestionBase, leaf: Comparison, positions: dict[str, int]
    ) -> Iterator[str]:
        where = f"question {question.id!r}: when"
        target_id = leaf.question
        if target_id == question.id:
            yield f"{where}: a question cannot depend on itself; conditions look back"
            return
        if target_id not in positions:
            if any(q.id == target_id for q in self.questions):
                yield f"{where}: question {target_id!r} comes later; conditions look back"
            else:
                yield f"{where}: question {target_id!r} does not exist"
            return
        target = self.questions[positions[target_id]]
        problems: list[str | None]
        if isinstance(leaf, Contains):
            problems = [target.comparison_problem("contains", leaf.contains)]
        else:
            values = [leaf.equals] if isinstance(leaf, Equals) else list(leaf.in_)
            problems = [_comparison_problem(target, leaf, value) for value in values]
        for problem in dict.fromkeys(problems):
            if problem:
                yield f"{where}: {problem}"


def _comparison_problem(
    target: QuestionBase, leaf: Equals | OneOf, value: str | int | bool
) -> str | None:
    """Why `value` cannot be compared with the target's answer; a number meant as an id too."""
    problem = target.comparison_problem("equals", value)
    if (
        problem is not None
        and isinstance(value, int)
        and not isinstance(value, bool)
        and target.comparison_problem("equals", str(value)) is None
    ):
        # `equals = 0` against an option whose id is "0": TOML reads 0 as a number.
        if isinstance(leaf, Equals):
            return f'option ids are texts: write equals = "{value}"'
        return f'option ids are texts: write "{value}" in quotes in the list'
    return problem


Error = Mapping[str, Any]
"""One of pydantic's errors (`ValidationError.errors()`): its type, location, message, context."""

Check = Callable[[Questionnaire], Iterable[str]]
"""A check added by a front end (e.g. Telegram's limits): the problems it finds in a survey,
each naming the question and the field, like the model's own."""


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


# -- pydantic's errors in plain words ---------------------------------------------------------

BRANCHES = frozenset({"str", "int", "float", "bool", "dict[str,str]"})
"""How pydantic names the members of a union in an error's location (`text.str`)."""

_EXPECTED = {
    "string_type": "a text",
    "dict_type": 'one text per language, such as { fr = "...", nl = "..." }',
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number, such as 12.5",
    "float_parsing": "a number, such as 12.5",
    "date_type": "a date, such as 2020-02-11 (without quotes)",
    "date_parsing": "a date, such as 2020-02-11 (without quotes)",
    "date_from_datetime_parsing": "a date, such as 2020-02-11 (without quotes)",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list in square brackets: [ ... ]",
    "model_type": "a table in braces: { ... }",
    "model_attributes_type": "a table: each question starts with its own [[questions]] line",
    "datetime_type": "a date and time with its offset, such as 2020-02-11T23:59:59+01:00",
    "datetime_parsing": "a date and time with its offset, such as 2020-02-11T23:59:59+01:00",
    "datetime_from_date_parsing": (
        "a date and time with its offset, such as 2020-02-11T23:59:59+01:00"
    ),
}
"""For each "wrong kind of value" error of pydantic, what the field should hold."""


def _entries(count: object) -> str:
    return "one entry" if count == 1 else f"{count} entries"


def plain_words(error: Error) -> str:
    """What is wrong, in words a union official understands (never pydantic's own)."""
    kind = error["type"]
    context: dict[str, Any] = dict(error.get("ctx") or {})
    if kind in _EXPECTED:
        return f"should be {_EXPECTED[kind]}"
    if kind == "missing":
        return "this field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "too_short":
        return f"needs at least {_entries(context.get('min_length'))}"
    if kind == "too_long":
        return f"has at most {_entries(context.get('max_length'))}"
    if kind == "greater_than_equal":
        return f"should be at least {context.get('ge')}"
    if kind == "less_than_equal":
        return f"should be at most {context.get('le')}"
    if kind == "greater_than":
        return f"should be more than {context.get('gt')}"
    if kind == "less_than":
        return f"should be less than {context.get('lt')}"
    if kind == "literal_error":
        return f"should be {context.get('expected')}"
    if kind == "union_tag_invalid":
        return "unknown question type; use one of: " + ", ".join(QUESTION_TYPES)
    if kind == "union_tag_not_found":
        return "the type is missing; use one of: " + ", ".join(QUESTION_TYPES)
    message = str(error["msg"]).removeprefix("Value error, ")
    if message.startswith("Input should be"):  # a kind of error not worded above
        message = message.removeprefix("Input ")
    return message


def _join(alternatives: Sequence[str]) -> str:
    alternatives = list(dict.fromkeys(alternatives))
    if len(alternatives) == 1:
        return alternatives[0]
    return ", ".join(alternatives[:-1]) + ", or " + alternatives[-1]


def _without_branches(
    errors: Sequence[Error],
) -> list[tuple[tuple[int | str, ...], str]]:
    """Each error's location without union members, and its words; a union's errors as one.

    A value that fits no member of a union (`text = 3`: neither a text nor a table) gets one
    message saying what it may be. A value of the right shape with a fault inside
    (`text = { fr = 3 }`) gets only that fault, not "should be a text" as well.
    """
    groups: dict[tuple[int | str, ...], list[tuple[Error, tuple[int | str, ...]]]] = {}
    plain: list[tuple[tuple[int | str, ...], str]] = []
    for error in errors:
        loc = tuple(error["loc"])
        tags = [i for i, part in enumerate(loc) if part in BRANCHES]
        if not tags:
            if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
                loc = (*loc, "type")  # the question's type is what is wrong
            plain.append((loc, plain_words(error)))
            continue
        last = tags[-1]
        groups.setdefault(loc[:last], []).append((error, loc[last + 1 :]))
    for prefix, members in groups.items():
        deeper = [(error, rest) for error, rest in members if rest]
        if deeper:
            for error, rest in deeper:
                loc = tuple(p for p in (*prefix, *rest) if p not in BRANCHES)
                plain.append((loc, plain_words(error)))
            continue
        expected = [
            _EXPECTED.get(error["type"], plain_words(error).removeprefix("should be "))
            for error, _ in members
        ]
        loc = tuple(p for p in prefix if p not in BRANCHES)
        plain.append((loc, f"should be {_join(expected)}"))
    return plain


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
    for loc, message in _without_branches(error.errors()):
        where = _location(data, loc)
        for line in message.split("\n"):
            problems.append(line if where == "file" else f"{where}: {line}")
    return list(dict.fromkeys(problems))


# -- every problem at once ----------------------------------------------------------------------

_question_adapter: TypeAdapter[Question] = TypeAdapter(Question)
_text_adapter: TypeAdapter[LocalText] = TypeAdapter(LocalText)
_CLASSES = {type_name(cls): cls for cls in QUESTION_CLASSES}


@functools.cache
def _field_adapter(cls: type[QuestionBase], name: str) -> TypeAdapter[Any]:
    """Validates one field as the model does, its bounds (`ge`, `min_length`...) included."""
    field = cls.model_fields[name]
    annotation: Any = Any if field.annotation is None else field.annotation
    if field.metadata:
        annotation = Annotated[annotation, *field.metadata]
    return TypeAdapter(annotation)


def _valid_part(cls: type[QuestionBase], name: str, value: object) -> object:
    """`value` if it has the field's type; for a list, its valid items; else None."""
    adapter = _field_adapter(cls, name)
    try:
        return adapter.validate_python(value)
    except ValidationError:
        pass
    if not isinstance(value, list) or not _takes_a_list(adapter):
        return None
    items: list[object] = []
    for item in value:
        with contextlib.suppress(ValidationError):
            items += adapter.validate_python([item])
    return items


def _takes_a_list(adapter: TypeAdapter[Any]) -> bool:
    try:
        adapter.validate_python([])
    except ValidationError:
        return False
    return True


def _salvaged(raw: object, index: int) -> Question | None:
    """What a refused question holds that is valid, so that its other problems show too.

    Fields of the wrong type are left out (their defaults apply) and the model's own rules are
    not applied: pydantic has said what is wrong with them. None when the type is not known.
    """
    if not isinstance(raw, dict):
        return None
    kind = raw.get("type")
    cls = _CLASSES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        return None
    values: dict[str, Any] = {}
    for name, field in cls.model_fields.items():
        if name in raw:
            part = _valid_part(cls, name, raw[name])
            if part is not None:
                values[name] = part
                continue
        if field.is_required():
            values[name] = None
    if not isinstance(values.get("id"), str):
        values["id"] = f"#{index + 1}"
    if "options" in cls.model_fields and values.get("options") is None:
        values["options"] = []
    return cls.model_construct(**values)


def _problems_despite(data: dict[str, Any], checks: Sequence[Check]) -> list[str]:
    """Run the whole-survey checks (and the front ends') on what is valid, to list all at once."""
    raw_questions = data.get("questions")
    questions: list[Question] = []
    sound: list[Question] = []
    broken: set[str] = set()
    for index, raw in enumerate(raw_questions if isinstance(raw_questions, list) else []):
        try:
            question = _question_adapter.validate_python(raw)
        except ValidationError:
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                broken.add(raw["id"])
            salvaged = _salvaged(raw, index)
            if salvaged is not None:
                questions.append(salvaged)
            continue
        questions.append(question)
        sound.append(question)
    try:
        languages = Questionnaire._languages(data.get("languages"))  # type: ignore[arg-type]
    except (ValueError, TypeError):
        languages = []
    default_language = data.get("default_language")
    header: dict[str, Any] = {
        "id": data.get("id"),
        "languages": languages,
        "default_language": default_language if isinstance(default_language, str) else None,
    }
    for field in TEXT_FIELDS:
        try:
            header[field] = _text_adapter.validate_python(data.get(field))
        except ValidationError:
            header[field] = None  # missing or refused already: not checked again
    parts: tuple[tuple[str, type[Battery] | type[Score] | type[Section] | type[Note]], ...] = (
        ("batteries", Battery),
        ("scores", Score),
        ("sections", Section),
        ("notes", Note),
    )
    for name, model in parts:
        header[name] = _valid_parts(model, data.get(name))
    survey = Questionnaire.model_construct(**header, questions=questions)
    translations = bool(languages)
    problems = list(survey._problems(skip_targets=broken, translations=translations))
    if not checks or not translations or survey.language not in languages:
        return problems
    # The front ends' checks put texts into each language: only on complete parts.
    complete = {
        field: value if value is not None and not _untranslated(survey, field, value) else ""
        for field in TEXT_FIELDS
        for value in [header[field]]
    }
    usable = [
        question
        for question in sound
        if not any(_untranslated(survey, field, value) for field, value in question.local_texts())
    ]
    if usable:
        partial = survey.model_copy(update={**complete, "questions": usable})
        problems += [problem for check in checks for problem in check(partial)]
    return problems


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


def _untranslated(survey: Questionnaire, field: str, value: LocalText) -> bool:
    return any(survey._translation_problems(field, value))


def _in_file_order(problems: list[str], data: dict[str, Any]) -> list[str]:
    """The distinct problems, the survey's own first, then question by question."""
    raw_questions = data.get("questions")
    order: dict[str, int] = {}
    for index, raw in enumerate(raw_questions if isinstance(raw_questions, list) else []):
        question_id = raw.get("id") if isinstance(raw, dict) else None
        name = question_id if isinstance(question_id, str) else f"#{index + 1}"
        order.setdefault(f"question {name!r}:", index)

    def position(problem: str) -> int:
        return next((i for prefix, i in order.items() if problem.startswith(prefix)), -1)

    return sorted(dict.fromkeys(problems), key=position)


def parse_questionnaire(
    data: dict[str, Any], source: Path | str, checks: Sequence[Check] = ()
) -> Questionnaire:
    """Validate already-parsed TOML data; raise `QuestionnaireError` listing every problem.

    `checks` are a front end's own (Telegram's limits), run on the same data.
    """
    data, problems = expand_batteries(data)
    data, more = expand_sections(data)
    problems += more
    try:
        survey = Questionnaire.model_validate(data)
    except ValidationError as error:
        problems += _problems_from(error, data) + _problems_despite(data, checks)
        raise QuestionnaireError(source, _in_file_order(problems, data)) from None
    problems += [problem for check in checks for problem in check(survey)]
    if problems:
        raise QuestionnaireError(source, list(dict.fromkeys(problems)))
    return survey


TOO_DEEP = (
    "cannot be read: arrays or inline tables are nested too deeply (hundreds of levels, one "
    "inside the other)"
)
"""What a file nested deeper than the TOML reader's recursion can go gets, not a traceback."""


def load_questionnaire(path: Path | str, checks: Sequence[Check] = ()) -> Questionnaire:
    """Read and validate a questionnaire file (UTF-8, with or without a byte order mark)."""
    path = Path(path)
    try:
        # utf-8-sig: Windows editors (Notepad) often start a UTF-8 file with a byte order mark.
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise QuestionnaireError(path, [f"cannot read the file: {error.strerror}"]) from None
    except UnicodeDecodeError:
        raise QuestionnaireError(path, ["the file is not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as error:
        raise QuestionnaireError(path, [f"not valid TOML: {error}"]) from None
    except RecursionError:  # tomllib reads nested arrays and inline tables recursively
        raise QuestionnaireError(path, [TOO_DEEP]) from None
    return parse_questionnaire(data, path, checks)
