"""The translation files: the same messages everywhere, every key used present, Babel formats."""

from __future__ import annotations

import ast
import enum
import re
import sys
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from fluent.runtime import FluentBundle

from bot import i18n
from bot.core.answers import Problem
from bot.core.questions import QUESTION_CLASSES
from bot.telegram.admin import ADMIN_COMMANDS
from bot.telegram.runner import RESPONDENT_COMMANDS
from tests.support.paths import REPO

BOT = REPO / "bot"
KEY_LIKE = re.compile(r"(error|hint|button|cmd|admin|stats|report|xlsx)_[a-z_]+")
"""String constants shaped like message keys: each must be a message."""


def keys_in_code() -> set[str]:
    """Every literal key passed to `text(language, key)`, `.text(key)` or `_say(update, key)`."""
    found: set[str] = set()

    def literals(node: ast.expr) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            return literals(node.body) + literals(node.orelse)
        return []

    for path in BOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant):
                value = node.value
                if isinstance(value, str) and KEY_LIKE.fullmatch(value):
                    found.add(value)
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            position = {
                "text": 1 if isinstance(func, ast.Name) else 0,
                "_say": 1,
                "Phrase": 0,
            }.get(name or "")
            if position is not None and len(node.args) > position:
                found.update(literals(node.args[position]))
    return found


def test_every_language_has_the_same_messages_and_placeables() -> None:
    reference = i18n.get(i18n.FALLBACK).variables
    assert set(i18n.languages()) >= {"fr", "nl", "en", "de"}
    for language in i18n.languages():
        variables = i18n.get(language).variables
        assert variables.keys() == reference.keys(), (
            language,
            sorted(variables.keys() ^ reference.keys()),
        )
        for key, names in reference.items():
            assert variables[key] == names, (language, key)


def refusal_codes() -> set[str]:
    """The codes of `Invalid`: the shared `Problem`s and those of each question type."""
    codes = {str(problem) for problem in Problem}
    for cls in QUESTION_CLASSES:
        module = sys.modules[cls.__module__]
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, enum.StrEnum)
                and value is not Problem
            ):
                codes |= {str(member) for member in value}
    return codes


def test_every_key_used_in_code_exists() -> None:
    used = keys_in_code()
    used |= {f"error_{problem}" for problem in refusal_codes()}
    used |= {f"cmd_{name}" for name in RESPONDENT_COMMANDS + ADMIN_COMMANDS}
    assert {"error_empty", "stats_texts", "xlsx_response", "yes", "no"} <= used, "the scan works"
    missing = used - i18n.get(i18n.FALLBACK).variables.keys()
    assert not missing, sorted(missing)


def test_a_missing_key_or_value_is_an_error_never_a_fallback() -> None:
    french = i18n.get("fr")
    with pytest.raises(i18n.TranslationError, match="no message 'no_such_key'"):
        french.text("no_such_key")
    with pytest.raises(i18n.TranslationError, match="error_scale"):
        french.text("error_scale", low=1)
    with pytest.raises(i18n.TranslationError, match="error_empty"):
        french.text("error_empty", limit=3)


def test_a_broken_file_is_refused() -> None:
    with pytest.raises(i18n.TranslationError, match=r"xx\.ftl"):
        i18n._load("xx", "language_locale = fr_BE\nbroken = { $oops\n")
    with pytest.raises(i18n.TranslationError, match="language_name"):
        i18n._load("xx", "language_locale = fr_BE\nyes_words = a\nno_words = b\n")


def test_a_survey_language_without_a_file_gets_english_sentences() -> None:
    assert not i18n.has("it")
    assert i18n.get("it").language == "en"
    assert i18n.text("it", "resume") == i18n.text("en", "resume")


def test_plurals_follow_each_language() -> None:
    assert i18n.text("fr", "stats_texts", count=1) == "1 réponse écrite"
    assert i18n.text("fr", "stats_texts", count=0) == "0 réponse écrite"
    assert i18n.text("fr", "stats_texts", count=2) == "2 réponses écrites"
    assert i18n.text("nl", "stats_texts", count=0) == "0 geschreven antwoorden"
    assert i18n.text("en", "error_pick_exactly", count=1) == "Choose exactly 1 option."
    assert i18n.text("de", "error_pick_exactly", count=3) == "Wählen Sie genau 3 Möglichkeiten."
    for language in i18n.languages():
        for count in (0, 1, 2, 5, 21):
            assert "(s)" not in i18n.text(language, "stats_hidden", count=count, group=5)


def test_numbers_and_dates_are_written_per_locale() -> None:
    fr, nl, en, de = (i18n.get(code) for code in ("fr", "nl", "en", "de"))
    assert (fr.number(17.3), nl.number(17.3), en.number(17.3)) == ("17,3", "17,3", "17.3")
    assert (fr.number(17.0), fr.number(1200), fr.number(None)) == ("17", "1200", "-")
    assert (fr.percent(1, 4), en.percent(1, 4), nl.percent(0.5), en.percent(3, 0)) == (
        "25\u00a0%",
        "25%",
        "50%",
        "-",
    )
    day = date(2020, 2, 11)
    assert (fr.long_date(day), nl.long_date(day)) == ("11 février 2020", "11 februari 2020")
    assert (en.long_date(day), de.long_date(day)) == ("11 February 2020", "11. Februar 2020")
    moment, zone = datetime(2020, 2, 11, 22, 59, tzinfo=UTC), ZoneInfo("Europe/Brussels")
    assert fr.long_moment(moment, zone) == "11 février 2020 23:59"
    assert nl.short_moment(moment, zone) == "11/02/2020 23:59"
    assert de.short_day(day) == "11/02"


def test_language_names_and_yes_no_words_come_from_the_files() -> None:
    names = {code: i18n.get(code).name for code in ("fr", "nl", "en", "de")}
    assert names == {"fr": "Français", "nl": "Nederlands", "en": "English", "de": "Deutsch"}
    words = i18n.yes_no_words()
    assert {"oui", "ja", "yes", "1"} <= words[True]
    assert {"non", "nee", "nein", "no", "0"} <= words[False]
    assert not words[True] & words[False], "a word cannot mean both yes and no"


def test_a_sentence_of_numbers_is_formatted_once_one_with_a_text_every_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Formatting a Fluent message costs more than the rest of a reply's words: sentences whose
    # values are numbers are kept. One with a text value is not: it may hold a person's answer.
    formatted: list[str] = []
    original = FluentBundle.format_pattern

    def counting(self: FluentBundle, pattern: object, args: object = None) -> object:
        formatted.append("x")
        return original(self, pattern, args)  # type: ignore[arg-type]

    monkeypatch.setattr(FluentBundle, "format_pattern", counting)
    english = i18n._load("en", (REPO / "bot" / "i18n" / "en.ftl").read_text(encoding="utf-8"))
    assert english.text("error_pick_exactly", count=1) == "Choose exactly 1 option."
    assert english.text("error_pick_exactly", count=1) == "Choose exactly 1 option."
    assert english.text("error_pick_exactly", count=2) == "Choose exactly 2 options."
    assert len(formatted) == 2
    given: dict[str, i18n.Param] = {"section": "Secret answer", "position": 1}
    given |= {"bar": "▱", "percent": "0%"}
    first = english.text("progress_section", **given)
    assert english.text("progress_section", **given) == first
    assert len(formatted) == 4
    assert "Secret answer" not in repr(english.__dict__)
