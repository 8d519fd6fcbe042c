"""Piping: `{answer:QUESTION_ID}` in a later text shows that person's earlier answer."""

from __future__ import annotations

import re

from bot.core.wording import LocalText

PIPE = re.compile(r"\{answer:([a-z0-9][a-z0-9_-]*)\}")


def piped(text: LocalText) -> set[str]:
    """The ids of the questions whose answers a text shows."""
    values = [text] if isinstance(text, str) else list(text.values())
    return {match.group(1) for value in values for match in PIPE.finditer(value)}
