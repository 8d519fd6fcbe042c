"""The header of a one-language survey, for tests that build a questionnaire in code."""

from __future__ import annotations

from typing import Any

ENGLISH_HEADER: dict[str, Any] = {
    "id": "t",
    "languages": ["en"],
    "title": "T",
    "intro": "I",
    "thanks": "M",
}
