"""Cutting a text to a length, visibly."""

from __future__ import annotations


def shorten(text: str, limit: int) -> str:
    """Return `text`, cut to `limit` characters with an ellipsis when it is longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
