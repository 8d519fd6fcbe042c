"""Piping: `{answer:QUESTION_ID}` in a later text shows that person's earlier answer."""

from __future__ import annotations

import re

from bot.core.wording import LocalText

PIPE = re.compile(r"\{answer:([a-z0-9][a-z0-9_-]*)\}")


def piped(text: LocalText | None) -> set[str]:
    """The ids of the questions whose answers a text shows."""
    if text is None:
        return set()
    values = [text] if isinstance(text, str) else [v for v in text.values() if isinstance(v, str)]
    return {match.group(1) for value in values for match in PIPE.finditer(value)}
