"""Text patterns: matched in time linear in the answer, with Python's meaning, or refused."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from bot.core.answers import Answer, Invalid
from bot.core.engine import Engine
from bot.core.patterns import PatternError, compile_pattern
from bot.core.questionnaire import QuestionnaireError, load_questionnaire
from bot.core.questions.text import TextProblem
from bot.i18n import yes_no_words
from tests.support.headers import HEADER_FR, french_survey

BACKTRACKING = "([A-Za-z]+ ?)+"
"""A pattern that Python's `re` takes exponential time to refuse "aaa...a!" with."""
BOUND = 1.0
"""Seconds; generous on a loaded machine. Python's `re` takes about 8 s on 28 characters."""


def test_a_backtracking_pattern_refuses_a_long_answer_at_once() -> None:
    survey = french_survey(
        {
            "id": "name",
            "type": "text",
            "text": "Nom ?",
            "max_length": 4000,
            "pattern": BACKTRACKING,
            "pattern_error": "Des lettres et des espaces.",
        }
    )
    engine = Engine(survey, yes_no_words())
    question = survey.question("name")
    # Short first: on a backtracking matcher, 28 characters already take seconds.
    for length in (28, 4000):
        answer = "a" * (length - 1) + "!"
        started = time.perf_counter()
        outcome = engine.parse(question, answer, "fr")
        elapsed = time.perf_counter() - started
        assert isinstance(outcome, Invalid) and outcome.code == TextProblem.PATTERN
        assert elapsed < BOUND, f"{length} characters took {elapsed:.1f} s"
    words = " ".join(["Jean Pierre"] * 333)
    assert engine.parse(question, words, "fr") == Answer(words)


def test_matching_time_grows_with_the_answer_not_exponentially() -> None:
    pattern = compile_pattern(BACKTRACKING)
    started = time.perf_counter()
    assert not pattern.fullmatch("a" * 10_000 + "!")
    assert not pattern.fullmatch("ab " * 3_333 + "!")
    assert pattern.fullmatch("ab " * 3_333 + "ab")
    elapsed = time.perf_counter() - started
    assert elapsed < BOUND, f"three answers of 10,000 characters took {elapsed:.1f} s"


KEPT_MEANING = [
    (r"[1-9][0-9]{3}", ["1000", "0123", "1000 ", "10000"]),
    (r"(?i)[a-d][1-9]", ["B2", "b2", "E2"]),
    (r"\w+", ["José", "Müller", "straße", "a b", "a-b"]),  # RE2's \w is ASCII only
    (r"[\w-]+( [\w-]+)*", ["Jean-Éric Dupont", "Jean  Dupont"]),
    (r"\d{4}", ["1000", "\u0661\u0660\u0660\u0660", "12a4"]),  # \d: every script's digits
    (r"\D+", ["abc", "a1"]),
    (r"\S+\s\S+", ["a b", "a\u00a0b", "a\u3000b", "a\x0bb", "ab"]),
    (r"[^\s]+", ["abc", "a b"]),
    (r"\W", [" ", "é", "_"]),
    (r"a{,3}", ["", "aaa", "aaaa", "a{,3}"]),  # RE2 reads {,3} as text
    (r"[a[:alpha:]]+", ["a", "b", ":", "a[:"]),  # RE2 reads [:alpha:] as a class
    (r"[]a]+", ["]a", "b"]),
    (r"[^]a]+", ["bc", "a"]),
    (r"x\Z", ["x", "x\n"]),
    (r"[\b]", ["\b", "b"]),
    (r"\u00e9+|\N{EM DASH}|\U0001F600", ["éé", "e", "—", "😀"]),
    (r"\\d", ["\\d", "1"]),
    (r"a.c", ["abc", "a\nc", "aéc"]),
    (r"(?s)a.c", ["a\nc"]),
    (r"(?P<year>\d{4})-\d{2}", ["2024-05", "24-05"]),
]


@pytest.mark.parametrize(("pattern", "answers"), KEPT_MEANING, ids=[p for p, _ in KEPT_MEANING])
def test_a_pattern_keeps_pythons_meaning(pattern: str, answers: list[str]) -> None:
    compiled = compile_pattern(pattern)
    for answer in answers:
        assert compiled.fullmatch(answer) == (re.fullmatch(pattern, answer) is not None), answer


def test_a_lone_surrogate_in_an_answer_raises_nothing() -> None:
    """A client may send one (it is not UTF-8); like Python, `.` takes it, a letter does not."""
    assert compile_pattern(r".+").fullmatch("a\ud800b")
    assert not compile_pattern(r"[a-z]+").fullmatch("a\ud800b")


REFUSED = [
    (r"(\w)\1", "invalid escape sequence: \\1"),
    (r"(?P<c>\w)(?P=c)", "invalid perl operator: (?P"),
    (r"\d+(?=€)", "invalid perl operator: (?="),
    (r"(?<!-)\d+", "invalid perl operator: (?<!"),
    (r"(?>a+)b", "invalid perl operator: (?>"),
    (r"a++", "bad repetition operator: ++"),
    (r"(?x) a b", "invalid perl operator: (?x"),
    (r"a{1001}", "invalid repetition size: {1001}"),
    (r"\bword\b", "\\b (a word boundary) cannot be run"),
    (r"[\W]", "\\W inside [...] cannot be run: write it outside the brackets"),
    (r"[0-9", "not a valid regular expression: unterminated character set at position 0"),
]


@pytest.mark.parametrize(("pattern", "reason"), REFUSED, ids=[p for p, _ in REFUSED])
def test_a_pattern_that_cannot_run_in_linear_time_is_refused(pattern: str, reason: str) -> None:
    with pytest.raises(PatternError) as info:
        compile_pattern(pattern)
    assert reason in str(info.value)


def test_the_file_check_names_file_question_and_field_of_a_refused_pattern(
    tmp_path: Path,
) -> None:
    path = tmp_path / "survey.toml"
    path.write_text(
        HEADER_FR + '\n[[questions]]\nid = "twice"\ntype = "text"\ntext = "Q ?"\n'
        "pattern = '(\\w)\\1'\npattern_error = \"Une lettre doublée.\"\n",
        encoding="utf-8",
    )
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(path)
    assert str(info.value).startswith(f"{path}: 1 problem(s):")
    assert info.value.problems == [
        "question 'twice': pattern: cannot be run in time proportional to the answer's length "
        "(invalid escape sequence: \\1): the bot's matcher (RE2) has no backreferences (\\1), "
        "lookarounds ((?=...), (?<=...)), atomic groups, possessive quantifiers, conditionals "
        "or verbose mode, and repeats at most 1000 times"
    ]
