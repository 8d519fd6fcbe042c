"""The question types: one module each, found here by looking at this package.

Every module of this package that defines a subclass of `QuestionBase` with a `type` literal
adds that type to questionnaire files; nothing else needs to name it. `Question` is what a
questionnaire's `questions` hold: to the type checker, any `QuestionBase`; at run time, the
union of every type found, told apart by its `type` field.
"""

from __future__ import annotations

import importlib
import pkgutil
import typing
from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from bot.core.questions.base import QuestionBase

_SHARED = {"base", "choice"}


def _load_types() -> tuple[type[QuestionBase], ...]:
    for module in pkgutil.iter_modules(__path__):
        if module.name not in _SHARED:
            importlib.import_module(f"{__name__}.{module.name}")
    found: list[type[QuestionBase]] = []
    pending = list(QuestionBase.__subclasses__())
    while pending:
        cls = pending.pop(0)
        pending += cls.__subclasses__()
        annotation = cls.model_fields["type"].annotation
        if typing.get_origin(annotation) is typing.Literal:
            found.append(cls)
    return tuple(sorted(found, key=lambda cls: type_name(cls)))


def type_name(cls: type[QuestionBase]) -> str:
    """The name of a question type, as written in questionnaire files."""
    (name,) = typing.get_args(cls.model_fields["type"].annotation)
    return str(name)


QUESTION_CLASSES = _load_types()
QUESTION_TYPES = tuple(type_name(cls) for cls in QUESTION_CLASSES)
"""The names of the question types, as written in questionnaire files."""

if TYPE_CHECKING:
    Question = QuestionBase
else:
    Question = Annotated[typing.Union[QUESTION_CLASSES], Field(discriminator="type")]  # noqa: UP007

__all__ = ["QUESTION_CLASSES", "QUESTION_TYPES", "Question", "QuestionBase", "type_name"]
