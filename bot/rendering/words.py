"""Putting the core's `Words` into the reader's language."""

from __future__ import annotations

from bot.core.questionnaire import Questionnaire
from bot.core.wording import Phrase, Piece, Words
from bot.i18n import text


def piece_text(questionnaire: Questionnaire, piece: Piece, language: str) -> str:
    """One piece in `language`: a bot phrase from the translations, a survey text as given."""
    if isinstance(piece, Phrase):
        return text(language, piece.key, **piece.params)
    return questionnaire.text(piece, language)


def say(questionnaire: Questionnaire, words: Words, language: str) -> str:
    """The pieces in `language`, one after the other."""
    return "".join(piece_text(questionnaire, piece, language) for piece in words)
