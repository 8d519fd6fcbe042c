"""Batteries: several items that share one stem and one way of answering (a matrix).

In a file, a battery is an entry of `questions` with `type = "battery"`, its stem as `text`
(and `help`), the shared answer as `answer` (any question fields but `id` and `text`, e.g. a
scale), and its `items`, each with an `id` and a `text` (and `reverse`, `help`, `optional`,
`when` if they differ), and `randomize = true` to show the items in an order of each person's
own. Before validation, each item becomes a question of its own that
remembers its battery: the engine, storage and figures see plain questions, and front ends
show the stem once and one compact message per item.
"""

from __future__ import annotations

from typing import Any

from pydantic import field_validator

from bot.core.questions.base import Model, check_id
from bot.core.wording import LocalText

BATTERY = "battery"
_SHARED = ("optional", "when", "chart")
_OWN = ("id", "text", "help", "randomize")
_ITEM_FIELDS = {"id", "text", "help", "reverse", "optional", "when", "chart"}


class Battery(Model):
    """The stem of a battery and the ids of its items, in order."""

    id: str
    text: LocalText
    help: LocalText | None = None
    items: list[str]
    randomize: bool = False
    """Each session sees the items in an order of its own (see `bot.core.shuffling`)."""

    _id = field_validator("id")(check_id)


def expand_batteries(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Replace each battery of `data["questions"]` by its items; return the data and problems.

    The batteries themselves go to `data["batteries"]`.
    """
    raw = data.get("questions")
    if not isinstance(raw, list) or not any(_is_battery(entry) for entry in raw):
        return data, []
    questions: list[Any] = []
    batteries: list[dict[str, Any]] = []
    problems: list[str] = []
    for position, entry in enumerate(raw, start=1):
        if not _is_battery(entry):
            questions.append(entry)
            continue
        battery_id = entry.get("id")
        where = (
            f"battery {battery_id!r}" if isinstance(battery_id, str) else f"battery #{position}"
        )
        answer, items = entry.get("answer"), entry.get("items")
        if not isinstance(answer, dict) or not isinstance(answer.get("type"), str):
            problems.append(f"{where}: answer: give the items' way of answering, e.g. a scale")
            continue
        if answer.get("type") == BATTERY or {"id", "text"} & answer.keys():
            problems.append(f"{where}: answer: the shared answer has no id or text of its own")
            continue
        if not isinstance(items, list) or not items:
            problems.append(f"{where}: items: a battery needs at least one item")
            continue
        unknown = set(entry) - {"type", "answer", "items", *_OWN, *_SHARED}
        for name in sorted(unknown):
            problems.append(f"{where}: {name}: unknown field")
        shared = {key: entry[key] for key in _SHARED if key in entry}
        ids: list[str] = []
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                problems.append(f"{where}: item #{number}: give it an id and a text")
                continue
            for name in sorted(set(item) - _ITEM_FIELDS):
                problems.append(f"{where}: item {item['id']!r}: {name}: unknown field")
            ids.append(item["id"])
            fields = {key: value for key, value in item.items() if key in _ITEM_FIELDS}
            questions.append({**answer, **shared, **fields, "battery": battery_id})
        battery = {key: entry[key] for key in _OWN if key in entry}
        batteries.append({**battery, "items": ids})
    return {**data, "questions": questions, "batteries": batteries}, problems


def _is_battery(entry: Any) -> bool:
    return isinstance(entry, dict) and entry.get("type") == BATTERY
