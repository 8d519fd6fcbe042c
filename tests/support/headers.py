"""Survey headers for tests that write a questionnaire themselves, in TOML or in code."""

from __future__ import annotations

from typing import Any

from bot.core.questionnaire import Questionnaire, parse_questionnaire

ENGLISH_HEADER: dict[str, Any] = {
    "id": "t",
    "languages": ["en"],
    "title": "T",
    "intro": "I",
    "thanks": "M",
}

HEADER_FR = """
id = "test"
languages = ["fr"]
title = "Titre"
intro = "Introduction"
thanks = "Merci"
"""
"""A one-language TOML header, with plain-string texts."""

HEADER_FR_NL = """
id = "test"
languages = ["fr", "nl"]
title = { fr = "Titre", nl = "Titel" }
intro = { fr = "Introduction", nl = "Inleiding" }
thanks = { fr = "Merci", nl = "Bedankt" }
"""
"""A two-language TOML header, with one text per language."""


def french_survey(*questions: dict[str, Any]) -> Questionnaire:
    """A one-language (French) survey of these questions, with plain-string texts."""
    data = {
        "id": "test",
        "title": "Test",
        "intro": "Intro",
        "thanks": "Merci",
        "languages": ["fr"],
        "questions": list(questions),
    }
    return parse_questionnaire(data, "test.toml")


def site_question(*sites: str) -> dict[str, Any]:
    """A single-choice breakdown question `site`, in English, one option per site."""
    return {
        "id": "site",
        "type": "single",
        "text": "Site?",
        "breakdown": True,
        "options": [{"id": site, "label": site.title()} for site in sites],
    }
