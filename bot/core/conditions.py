"""Conditions on earlier answers, which decide whether a question is asked."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from bot.core.answers import Answer, AnswerValue


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


CONDITION_KEYS = {
    "equals": "Equals",
    "in": "OneOf",
    "contains": "Contains",
    "all": "AllOf",
    "any": "AnyOf",
}
"""The key that marks each kind of condition in a file, and the kind's name."""


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return type(value).__name__
    if isinstance(value, dict):
        for key, kind in CONDITION_KEYS.items():
            if key in value:
                return kind
    return None


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

Comparison = Equals | OneOf | Contains


def leaf_conditions(condition: Condition) -> Iterator[Comparison]:
    """Yield the comparisons a condition is made of."""
    if isinstance(condition, AllOf):
        for sub in condition.all:
            yield from leaf_conditions(sub)
    elif isinstance(condition, AnyOf):
        for sub in condition.any:
            yield from leaf_conditions(sub)
    else:
        yield condition


def holds(condition: Condition, answers: Mapping[str, Answer]) -> bool:
    """Whether the condition is true of these answers (a skipped answer makes it false)."""
    if isinstance(condition, AllOf):
        return all(holds(sub, answers) for sub in condition.all)
    if isinstance(condition, AnyOf):
        return any(holds(sub, answers) for sub in condition.any)
    answer = answers.get(condition.question)
    if answer is None or answer.value is None:
        return False
    value = answer.value
    if isinstance(condition, Contains):
        return isinstance(value, tuple) and condition.contains in value
    wanted = [condition.equals] if isinstance(condition, Equals) else condition.in_
    return any(_same(value, w) for w in wanted)


def decided(condition: Condition, answers: Mapping[str, Answer], pending: Set[str]) -> bool | None:
    """Whether the condition holds, or None while it waits on a `pending` question.

    A pending question may still be answered, so what looks at it is not decided yet.
    """
    if isinstance(condition, AllOf | AnyOf):
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        verdicts = {decided(sub, answers, pending) for sub in parts}
        settles = isinstance(condition, AnyOf)  # one false part settles `all`, one true `any`
        if settles in verdicts:
            return settles
        return None if None in verdicts else not settles
    if condition.question in pending:
        return None
    return holds(condition, answers)


def _same(value: AnswerValue, wanted: str | int | bool) -> bool:
    # True == 1 in Python; a yes/no answer must not match the number 1.
    return type(value) is type(wanted) and value == wanted
