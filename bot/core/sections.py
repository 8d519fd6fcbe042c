"""Sections and notes: titles, intros and texts shown between questions, never answered.

In a file, `type = "section"` (with `id`, `title`, optional `intro` and `when`) starts a
section that runs until the next one; its condition applies to every question in it.
`type = "note"` (with `id`, `text`, optional `when`) is a text shown before the next question.
Before validation, both leave the list of questions: each question remembers its section and
the notes shown before it.
"""

from __future__ import annotations

from typing import Any

from pydantic import field_validator

from bot.core.conditions import Condition
from bot.core.questions.base import Model, check_id
from bot.core.wording import LocalText

SECTION, NOTE = "section", "note"
_FIELDS = {SECTION: {"type", "id", "title", "intro", "when"}, NOTE: {"type", "id", "text", "when"}}


class Section(Model):
    """A part of the questionnaire with a title, and an intro shown when it begins."""

    id: str
    title: LocalText
    intro: LocalText | None = None
    when: Condition | None = None

    _id = field_validator("id")(check_id)


class Note(Model):
    """A text shown before the next question (if its condition holds)."""

    id: str
    text: LocalText
    when: Condition | None = None

    _id = field_validator("id")(check_id)


def expand_sections(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Take the sections and notes out of `data["questions"]`; return the data and problems."""
    raw = data.get("questions")
    if not isinstance(raw, list) or not any(_kind(entry) for entry in raw):
        return data, []
    questions: list[Any] = []
    sections: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    problems: list[str] = []
    section: dict[str, Any] | None = None
    waiting: list[str] = []
    for position, entry in enumerate(raw, start=1):
        kind = _kind(entry)
        if kind is None:
            if not isinstance(entry, dict):
                questions.append(entry)
                continue
            question = dict(entry)
            if section is not None:
                question["section"] = section.get("id")
                if "when" in section:
                    own = question.get("when")
                    question["when"] = (
                        section["when"] if own is None else {"all": [section["when"], own]}
                    )
            if waiting:
                question["notes"] = waiting
                waiting = []
            questions.append(question)
            continue
        name = entry.get("id")
        where = f"{kind} {name!r}" if isinstance(name, str) else f"{kind} #{position}"
        for field in sorted(set(entry) - _FIELDS[kind]):
            problems.append(f"{where}: {field}: unknown field")
        fields = {key: value for key, value in entry.items() if key in _FIELDS[kind] - {"type"}}
        if kind == SECTION:
            section = fields
            sections.append(fields)
        else:
            notes.append(fields)
            if isinstance(name, str):
                waiting.append(name)
    if waiting:
        problems.append(f"note {waiting[-1]!r}: a note is shown before a question: none follows")
    return {**data, "questions": questions, "sections": sections, "notes": notes}, problems


def _kind(entry: Any) -> str | None:
    if isinstance(entry, dict) and entry.get("type") in (SECTION, NOTE):
        return str(entry["type"])
    return None
