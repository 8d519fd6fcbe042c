"""Putting the core's `Words` into the reader's language."""

from __future__ import annotations

from bot import i18n
from bot.core.questionnaire import Questionnaire
from bot.core.wording import Amount, Day, Phrase, Piece, Words
from bot.i18n import text


def piece_text(questionnaire: Questionnaire, piece: Piece, language: str) -> str:
    """One piece in `language`: a bot phrase from the translations, a number or a day in the
    language's locale, a survey text as given."""
    if isinstance(piece, Phrase):
        return text(language, piece.key, **piece.params)
    if isinstance(piece, Amount):
        return i18n.get(language).amount(piece.value, piece.decimals)
    if isinstance(piece, Day):
        formats = i18n.get(language)
        return formats.month(piece.value) if piece.month else formats.long_date(piece.value)
    return questionnaire.text(piece, language)


def say(questionnaire: Questionnaire, words: Words, language: str) -> str:
    """The pieces in `language`, one after the other."""
    return "".join(piece_text(questionnaire, piece, language) for piece in words)
