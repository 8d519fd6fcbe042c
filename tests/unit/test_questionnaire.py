"""The questionnaire model: the shipped survey, and one test per class of invalid file."""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.core.conditions import Equals, leaf_conditions
from bot.core.questionnaire import (
    Questionnaire,
    QuestionnaireError,
    load_questionnaire,
    parse_questionnaire,
)
from bot.core.questions import QUESTION_TYPES
from bot.core.questions.multiple import MultipleChoice
from bot.core.questions.number import Number
from bot.core.questions.scale import Scale
from bot.core.questions.single import SingleChoice
from tests.support.headers import HEADER_FR, HEADER_FR_NL
from tests.support.paths import SURVEYS

YESNO_A = """
[[questions]]
id = "a"
type = "yesno"
text = "A ?"
"""

SINGLE_B = """
[[questions]]
id = "b"
type = "single"
text = "B ?"
options = [{ id = "x", label = "X" }, { id = "y", label = "Y" }]
"""


JARGON = (
    "Input should",
    "Field required",
    "List should",
    "valid string",
    "valid integer",
    "valid dictionary",
    "Value error",
    "after validation",
    "dict[",
    ".str:",
    "Extra inputs",
)
"""Pydantic's own wording, which a union official should never have to read."""


def write(tmp_path: Path, body: str, header: str = HEADER_FR) -> Path:
    path = tmp_path / "survey.toml"
    path.write_text(header + body, encoding="utf-8")
    return path


def load_error(path: Path) -> QuestionnaireError:
    """Load a file that must be rejected; check the message is readable and names the file."""
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(path)
    error = info.value
    message = str(error)
    assert message.startswith(f"{path}: ")
    assert "Traceback" not in message
    assert "pydantic" not in message
    assert "For further information" not in message
    for jargon in JARGON:
        assert jargon not in message, jargon
    assert all(problem in message for problem in error.problems)
    return error


def has_problem(error: QuestionnaireError, *fragments: str) -> bool:
    """Whether one single problem line holds every fragment."""
    return any(all(f in problem for f in fragments) for problem in error.problems)


# -- the shipped surveys ---------------------------------------------------------------------

SHIPPED_SURVEYS = sorted(SURVEYS.glob("*.toml"))


def test_the_shipped_survey_is_among_the_shipped_surveys(shipped_survey_path: Path) -> None:
    assert shipped_survey_path in SHIPPED_SURVEYS


@pytest.mark.parametrize("path", SHIPPED_SURVEYS, ids=[p.name for p in SHIPPED_SURVEYS])
def test_every_shipped_survey_passes_validation_in_each_of_its_languages(path: Path) -> None:
    survey = load_questionnaire(path)
    assert survey.questions
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    raw = parse_questionnaire(data, path)
    texts = [raw.title, raw.intro, raw.thanks]
    for question in raw.questions:
        texts += [value for _, value in question.local_texts()]
    for value in texts:
        if len(survey.languages) > 1:
            assert isinstance(value, dict)
            assert set(value) == set(survey.languages)
        for language in survey.languages:
            assert survey.text(value, language).strip()


# -- the tests' own survey -------------------------------------------------------------------


def test_the_fixture_survey_loads(fixture_survey: Questionnaire) -> None:
    assert fixture_survey.id == "fixture-2021"
    assert fixture_survey.languages == ["fr", "nl"]
    assert fixture_survey.language == "fr"
    assert fixture_survey.closes_at == datetime(
        2021, 3, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=2))
    )


def test_the_tests_surveys_use_every_question_type(
    fixture_survey: Questionnaire, types_survey: Questionnaire
) -> None:
    used = {q.type for q in fixture_survey.questions + types_survey.questions}
    assert used == set(QUESTION_TYPES)


def test_the_fixture_survey_has_every_kind_of_condition(fixture_survey: Questionnaire) -> None:
    conditions = [q.when for q in fixture_survey.questions if q.when is not None]
    kinds = {type(leaf).__name__ for c in conditions for leaf in leaf_conditions(c)}
    kinds |= {type(c).__name__ for c in conditions}
    assert {"Equals", "OneOf", "Contains", "AnyOf"} <= kinds


def test_the_fixture_survey_has_every_feature(fixture_survey: Questionnaire) -> None:
    questions = fixture_survey.questions
    assert [q.id for q in questions if q.breakdown] == ["team", "shift"]
    others = [
        (q.id, o.id)
        for q in questions
        if isinstance(q, SingleChoice | MultipleChoice)
        for o in q.options
        if o.other
    ]
    assert others == [("team", "other")]
    assert [q.id for q in questions if q.optional] == ["hours", "comments"]
    assert [q.id for q in questions if not q.chart] == ["comments"]
    multiple = [q for q in questions if isinstance(q, MultipleChoice)]
    assert [(q.min, q.max) for q in multiple] == [(1, 2)]
    scales = [q for q in questions if isinstance(q, Scale)]
    assert all(q.min_label is not None and q.max_label is not None for q in scales)
    assert [(q.min, q.max) for q in scales] == [(1, 5), (0, 10)]
    numbers = [q for q in questions if isinstance(q, Number)]
    assert [(q.min, q.max) for q in numbers] == [(0, 40)]
    assert [q.help is not None for q in questions].count(True) == 2


# -- valid variants --------------------------------------------------------------------------


def test_plain_string_texts_in_a_one_language_survey(tmp_path: Path) -> None:
    path = write(tmp_path, YESNO_A + SINGLE_B)
    survey = load_questionnaire(path)
    assert survey.title == "Titre"
    assert survey.text(survey.questions[1].text, "nl") == "B ?"
    assert survey.language == "fr"


def test_plain_string_texts_rejected_in_a_two_language_survey(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, YESNO_A, header=HEADER_FR_NL))
    assert has_problem(error, "question 'a'", "text", "one text per language")


def test_text_falls_back_to_the_default_language(tmp_path: Path) -> None:
    body = '[[questions]]\nid = "a"\ntype = "yesno"\ntext = { fr = "Oui ?", nl = "Ja?" }\n'
    survey = load_questionnaire(write(tmp_path, body, header=HEADER_FR_NL))
    question = survey.questions[0]
    assert survey.text(question.text, "nl") == "Ja?"
    assert survey.text(question.text, "de") == "Oui ?"


# -- one test per class of invalid file -------------------------------------------------------


def test_invalid_toml_syntax(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, '[[questions]]\nid = "a"\ntype = yesno\n'))
    assert len(error.problems) == 1
    assert has_problem(error, "not valid TOML", "line")


def test_unreadable_file(tmp_path: Path) -> None:
    error = load_error(tmp_path / "missing.toml")
    assert has_problem(error, "cannot read the file")


def test_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes((HEADER_FR + YESNO_A.replace("A ?", "Été ?")).encode("latin-1"))
    error = load_error(path)
    assert has_problem(error, "not UTF-8")


def test_duplicate_question_id(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, YESNO_A + YESNO_A))
    assert has_problem(error, "question 'a'", "id:", "used by another question")


def test_duplicate_option_id(tmp_path: Path) -> None:
    body = SINGLE_B.replace('id = "y"', 'id = "x"')
    error = load_error(write(tmp_path, body))
    assert has_problem(error, "question 'b'", "options", "option id 'x' is used twice")


def test_unknown_question_type(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, YESNO_A.replace('"yesno"', '"slider"')))
    assert has_problem(error, "question 'a'", "type:", "unknown question type", "yesno")


def test_missing_type(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, YESNO_A.replace('type = "yesno"\n', "")))
    assert has_problem(error, "question 'a'", "type:", "the type is missing")


def test_condition_on_an_unknown_question(tmp_path: Path) -> None:
    body = YESNO_A + SINGLE_B + 'when = { question = "nope", equals = true }\n'
    error = load_error(write(tmp_path, body))
    assert has_problem(error, "question 'b'", "when:", "question 'nope' does not exist")


def test_condition_on_a_later_question(tmp_path: Path) -> None:
    body = YESNO_A + 'when = { question = "b", equals = "x" }\n' + SINGLE_B
    error = load_error(write(tmp_path, body))
    assert has_problem(error, "question 'a'", "when:", "question 'b' comes later")


def test_condition_on_its_own_question(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, YESNO_A + 'when = { question = "a", equals = true }\n'))
    assert error.problems == [
        "question 'a': when: a question cannot depend on itself; conditions look back"
    ]


def test_condition_on_an_unknown_option(tmp_path: Path) -> None:
    body = SINGLE_B + YESNO_A + 'when = { question = "b", in = ["x", "zz"] }\n'
    error = load_error(write(tmp_path, body))
    assert has_problem(error, "question 'a'", "when:", "question 'b' has no option 'zz'")
    assert not has_problem(error, "option 'x'")


def test_condition_value_of_the_wrong_type(tmp_path: Path) -> None:
    # A yes/no answer compares with true/false, never with the number 1.
    body = YESNO_A + SINGLE_B + 'when = { question = "a", equals = 1 }\n'
    error = load_error(write(tmp_path, body))
    assert has_problem(error, "question 'b'", "when:", "yes/no", "true or false")


def test_contains_on_a_non_multiple_question(tmp_path: Path) -> None:
    body = SINGLE_B + YESNO_A + 'when = { question = "b", contains = "x" }\n'
    error = load_error(write(tmp_path, body))
    assert has_problem(error, "question 'a'", "when:", "'contains' needs a multiple-choice")


def test_equals_on_a_multiple_question(tmp_path: Path) -> None:
    multiple = SINGLE_B.replace('"single"', '"multiple"')
    body = multiple + YESNO_A + 'when = { question = "b", equals = "x" }\n'
    error = load_error(write(tmp_path, body))
    assert has_problem(error, "question 'a'", "when:", "multiple-choice", "'contains'")


def test_condition_without_a_comparison(tmp_path: Path) -> None:
    body = YESNO_A + SINGLE_B + 'when = { question = "a" }\n'
    error = load_error(write(tmp_path, body))
    assert has_problem(error, "question 'b'", "when:", "'equals', 'in', 'contains'")


def test_missing_translation(tmp_path: Path) -> None:
    body = """
[[questions]]
id = "b"
type = "single"
text = { fr = "B ?" }
options = [{ id = "x", label = { fr = "X", nl = "  " } }]
"""
    error = load_error(write(tmp_path, body, header=HEADER_FR_NL))
    assert has_problem(error, "question 'b'", "text:", "'nl' translation is missing")
    assert has_problem(error, "question 'b'", "options.x.label:", "'nl' translation is missing")


def test_missing_translation_of_a_survey_text(tmp_path: Path) -> None:
    header = HEADER_FR_NL.replace('thanks = { fr = "Merci", nl = "Bedankt" }', 'thanks = "Merci"')
    body = '[[questions]]\nid = "a"\ntype = "yesno"\ntext = { fr = "A ?", nl = "A?" }\n'
    error = load_error(write(tmp_path, body, header=header))
    assert has_problem(error, "thanks:", "one text per language")


def test_unknown_language_in_a_text(tmp_path: Path) -> None:
    body = '[[questions]]\nid = "a"\ntype = "yesno"\ntext = { fr = "A ?", nl = "A?", de = "A?" }\n'
    error = load_error(write(tmp_path, body, header=HEADER_FR_NL))
    assert has_problem(error, "question 'a'", "text:", "'de' is not one of the survey's languages")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ('type = "scale"\nmin = 5\nmax = 1', "min (5) must be less than max (1)"),
        ('type = "scale"\nmin = 3\nmax = 3', "min (3) must be less than max (3)"),
        ('type = "number"\nmin = 10\nmax = 0', "min (10) is greater than max (0)"),
        (
            'type = "multiple"\nmin = 2\nmax = 1\noptions = [{ id = "x", label = "X" }, '
            '{ id = "y", label = "Y" }]',
            "min (2) is greater than max (1)",
        ),
        (
            'type = "multiple"\nmin = 3\noptions = [{ id = "x", label = "X" }]',
            "min (3) is more than the 1 options",
        ),
    ],
    ids=["scale", "scale-equal", "number", "multiple", "multiple-options"],
)
def test_min_greater_than_max(tmp_path: Path, question: str, expected: str) -> None:
    body = f'[[questions]]\nid = "q"\ntext = "Q ?"\n{question}\n'
    error = load_error(write(tmp_path, body))
    assert has_problem(error, "question 'q'", expected)


def test_choice_question_without_options(tmp_path: Path) -> None:
    body = '[[questions]]\nid = "q"\ntype = "single"\ntext = "Q ?"\noptions = []\n'
    error = load_error(write(tmp_path, body))
    assert has_problem(error, "question 'q'", "options:", "at least one option")


@pytest.mark.parametrize(
    ("question_id", "option_id", "where", "expected"),
    [
        ("q" * 25, "x", "id:", "at most 24 bytes"),
        ("Question 1", "x", "id:", "lower-case letters"),
        ("q", "é", "options.0.id:", "lower-case letters"),
        ("q", "o" * 25, "options.0.id:", "at most 24 bytes"),
        ("q", "_x", "options.0.id:", "start with a letter or digit"),
    ],
    ids=[
        "question-too-long",
        "question-bad-chars",
        "option-non-ascii",
        "option-too-long",
        "option-leading-underscore",
    ],
)
def test_callback_unsafe_id(
    tmp_path: Path, question_id: str, option_id: str, where: str, expected: str
) -> None:
    body = f"""
[[questions]]
id = "{question_id}"
type = "single"
text = "Q ?"
options = [{{ id = "{option_id}", label = "X" }}]
"""
    error = load_error(write(tmp_path, body))
    assert has_problem(error, f"question {question_id!r}", where, expected)


def test_callback_unsafe_survey_id(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, YESNO_A, header=HEADER_FR.replace('"test"', '"Test!"')))
    assert has_problem(error, "id:", "lower-case letters")


def test_unknown_field(tmp_path: Path) -> None:
    body = YESNO_A + "mandatory = true\n" + SINGLE_B.replace('label = "Y"', 'label = "Y", x = 1')
    error = load_error(write(tmp_path, body + "\n", header=HEADER_FR + "colour = 1\n"))
    assert has_problem(error, "question 'a'", "mandatory:", "unknown field")
    assert has_problem(error, "question 'b'", "options.1.x:", "unknown field")
    assert "colour: unknown field" in error.problems


def test_naive_closes_at(tmp_path: Path) -> None:
    header = HEADER_FR + "closes_at = 2020-02-11T23:59:59\n"
    error = load_error(write(tmp_path, YESNO_A, header=header))
    assert has_problem(error, "closes_at:", "offset")


def test_closes_at_with_offset(tmp_path: Path) -> None:
    header = HEADER_FR + "closes_at = 2020-02-11T23:59:59+01:00\n"
    survey = load_questionnaire(write(tmp_path, YESNO_A, header=header))
    assert survey.closes_at is not None
    assert survey.closes_at.utcoffset() == timedelta(hours=1)


def test_two_other_options(tmp_path: Path) -> None:
    body = SINGLE_B.replace('label = "X"', 'label = "X", other = true').replace(
        'label = "Y"', 'label = "Y", other = true'
    )
    error = load_error(write(tmp_path, body))
    assert has_problem(error, "question 'b'", "options:", "at most one option can be 'other'")


def test_bad_languages(tmp_path: Path) -> None:
    header = HEADER_FR.replace('["fr"]', '["fr", "French"]') + 'default_language = "de"\n'
    error = load_error(write(tmp_path, YESNO_A, header=header))
    assert has_problem(error, "languages:", "'French' is not a language code")


def test_default_language_not_in_languages(tmp_path: Path) -> None:
    header = HEADER_FR + 'default_language = "nl"\n'
    error = load_error(write(tmp_path, YESNO_A, header=header))
    assert has_problem(error, "default_language:", "'nl' is not in languages")


def test_all_errors_reported_at_once(tmp_path: Path) -> None:
    header = HEADER_FR.replace('thanks = "Merci"\n', "")  # a required field is missing too
    body = (
        YESNO_A
        + YESNO_A  # duplicate id
        + SINGLE_B.replace('id = "y"', 'id = "x"')  # duplicate option id
        + '[[questions]]\nid = "c"\ntype = "slider"\ntext = "C ?"\n'  # unknown type
        + '[[questions]]\nid = "d"\ntype = "scale"\ntext = "D ?"\nmin = 9\nmax = 2\n'
        + '[[questions]]\nid = "e"\ntype = "yesno"\ntext = "E ?"\n'
        + 'when = { question = "ghost", equals = true }\n'  # unknown question
        + '[[questions]]\nid = "f"\ntype = "yesno"\ntext = "F ?"\n'
        + 'when = { all = [{ question = "a", equals = true }, '
        + '{ question = "a", contains = "x" }] }\n'  # contains on yes/no, inside 'all'
    )
    error = load_error(write(tmp_path, body, header=header))
    assert "thanks: this field is missing" in error.problems
    assert has_problem(error, "question 'a'", "used by another question")
    assert has_problem(error, "question 'b'", "option id 'x' is used twice")
    assert has_problem(error, "question 'c'", "unknown question type")
    assert has_problem(error, "question 'd'", "min (9) must be less than max (2)")
    assert has_problem(error, "question 'e'", "question 'ghost' does not exist")
    assert has_problem(error, "question 'f'", "'contains' needs a multiple-choice")
    assert len(error.problems) == 7
    assert str(error).splitlines()[0] == f"{tmp_path / 'survey.toml'}: 7 problem(s):"
    assert len(set(error.problems)) == len(error.problems)


def test_condition_on_a_broken_question_is_not_reported_twice(tmp_path: Path) -> None:
    body = (
        SINGLE_B.replace('id = "y"', 'id = "x"')
        + YESNO_A
        + 'when = { question = "b", equals = "x" }\n'
    )
    error = load_error(write(tmp_path, body))
    assert error.problems == ["question 'b': options: option id 'x' is used twice"]


def test_parse_questionnaire_names_the_source() -> None:
    with pytest.raises(QuestionnaireError) as info:
        parse_questionnaire({"id": "x"}, "inline.toml")
    assert info.value.path == "inline.toml"
    assert str(info.value).startswith("inline.toml: ")
    assert "questions: this field is missing" in info.value.problems


# -- the messages, in plain words ------------------------------------------------------------

TEXTS_HINT = 'should be a text, or one text per language, such as { fr = "...", nl = "..." }'


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('[[questions]]\nid = "a"\ntype = "yesno"\n', "question 'a': text: this field is missing"),
        (
            '[[questions]]\nid = 3\ntype = "yesno"\ntext = "A ?"\n',
            "question '#1': id: should be a text",
        ),
        (
            '[[questions]]\nid = "a"\ntype = "yesno"\ntext = 3\n',
            f"question 'a': text: {TEXTS_HINT}",
        ),
        (
            '[[questions]]\nid = "a"\ntype = "yesno"\ntext = "A ?"\nhelp = ["x"]\n',
            f"question 'a': help: {TEXTS_HINT}",
        ),
        (
            '[[questions]]\nid = "a"\ntype = "yesno"\ntext = { fr = 3 }\n',
            "question 'a': text.fr: should be a text",
        ),
        (
            '[[questions]]\nid = "a"\ntype = "number"\ntext = "A ?"\nmin = "zero"\n',
            "question 'a': min: should be a whole number",
        ),
        (
            '[[questions]]\nid = "a"\ntype = "number"\ntext = "A ?"\nmax = 1.5\n',
            "question 'a': max: should be a whole number",
        ),
        (
            '[[questions]]\nid = "a"\ntype = "yesno"\ntext = "A ?"\noptional = "maybe"\n',
            "question 'a': optional: should be true or false",
        ),
        (
            '[[questions]]\nid = "a"\ntype = "single"\ntext = "A ?"\noptions = "x"\n',
            "question 'a': options: should be a list in square brackets: [ ... ]",
        ),
        (
            '[[questions]]\nid = "a"\ntype = "single"\ntext = "A ?"\noptions = ["x"]\n',
            "question 'a': options.0: should be a table in braces: { ... }",
        ),
        (
            '[[questions]]\nid = "a"\ntype = "single"\ntext = "A ?"\noptions = [{ id = "x" }]\n',
            "question 'a': options.0.label: this field is missing",
        ),
        (
            '[[questions]]\nid = "a"\ntype = "text"\ntext = "A ?"\nmax_length = 0\n',
            "question 'a': max_length: should be at least 1",
        ),
        (
            '[[questions]]\nid = "a"\ntype = "text"\ntext = "A ?"\nmax_length = 5000\n',
            "question 'a': max_length: should be at most 4000",
        ),
        (
            YESNO_A + 'when = { question = "a", in = [] }\n',
            "question 'a': when.in: needs at least one entry",
        ),
        (
            YESNO_A + "when = { all = [] }\n",
            "question 'a': when.all: needs at least one entry",
        ),
        (
            YESNO_A + "when = { equals = true }\n",
            "question 'a': when.question: this field is missing",
        ),
        (
            YESNO_A + 'when = { question = "a", equals = 1.5 }\n',
            "question 'a': when.equals: should be a text, a whole number, or true or false",
        ),
        (
            YESNO_A + 'when = { question = "a", contains = 2 }\n',
            "question 'a': when.contains: should be a text",
        ),
        ("questions = []\n", "questions: needs at least one entry"),
        ("questions = 3\n", "questions: should be a list in square brackets: [ ... ]"),
        (
            'questions = ["a"]\n',
            "question '#1': should be a table: each question starts with its own [[questions]] "
            "line",
        ),
    ],
    ids=[
        "missing",
        "not-a-text",
        "neither-text-nor-table",
        "help-a-list",
        "a-translation-not-a-text",
        "not-a-number",
        "a-fraction",
        "not-a-boolean",
        "not-a-list",
        "option-not-a-table",
        "option-without-label",
        "too-small",
        "too-big",
        "empty-in",
        "empty-all",
        "condition-without-question",
        "condition-value",
        "contains-a-number",
        "no-questions",
        "questions-not-a-list",
        "question-not-a-table",
    ],
)
def test_each_kind_of_wrong_value_is_said_in_plain_words(
    tmp_path: Path, body: str, expected: str
) -> None:
    error = load_error(write(tmp_path, body))
    assert error.problems == [expected]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (HEADER_FR.replace('thanks = "Merci"\n', ""), "thanks: this field is missing"),
        (HEADER_FR.replace('"Titre"', "3"), f"title: {TEXTS_HINT}"),
        (HEADER_FR.replace('["fr"]', "[]"), "languages: needs at least one entry"),
        (
            HEADER_FR.replace('["fr"]', '"fr"'),
            "languages: should be a list in square brackets: [ ... ]",
        ),
        (
            HEADER_FR + 'closes_at = "friday"\n',
            "closes_at: should be a date and time with its offset, such as "
            "2020-02-11T23:59:59+01:00",
        ),
        (HEADER_FR + "default_language = 3\n", "default_language: should be a text"),
    ],
    ids=["missing", "title", "no-language", "languages-not-a-list", "deadline", "default"],
)
def test_the_surveys_own_fields_in_plain_words(tmp_path: Path, header: str, expected: str) -> None:
    error = load_error(write(tmp_path, YESNO_A, header=header))
    assert error.problems == [expected]


def test_the_plain_words_replace_pydantics_own(tmp_path: Path) -> None:
    # What pydantic itself says of these files: the words the check must never show.
    with pytest.raises(ValidationError) as info:
        Questionnaire.model_validate(
            tomllib.loads(
                HEADER_FR.replace('thanks = "Merci"\n', "") + YESNO_A.replace('"A ?"', "3")
            )
        )
    raw = str(info.value)
    assert "Field required" in raw and "Input should be a valid string" in raw
    error = load_error(write(tmp_path, YESNO_A.replace('"A ?"', "3"), header=HEADER_FR))
    assert error.problems == [f"question 'a': text: {TEXTS_HINT}"]


def test_a_condition_comparing_an_option_id_with_a_number(tmp_path: Path) -> None:
    single = SINGLE_B.replace('id = "x"', 'id = "0"').replace('id = "y"', 'id = "1"')
    error = load_error(
        write(tmp_path, single + YESNO_A + 'when = { question = "b", equals = 0 }\n')
    )
    assert error.problems == ["question 'a': when: option ids are texts: write equals = \"0\""]
    error = load_error(write(tmp_path, single + YESNO_A + 'when = { question = "b", in = [0] }\n'))
    assert error.problems == [
        "question 'a': when: option ids are texts: write \"0\" in quotes in the list"
    ]
    # A number that is no option id at all is still "no option".
    error = load_error(
        write(tmp_path, single + YESNO_A + 'when = { question = "b", equals = 7 }\n')
    )
    assert error.problems == ["question 'a': when: question 'b' has no option 7"]
    written = load_questionnaire(
        write(tmp_path, single + YESNO_A + 'when = { question = "b", equals = "0" }\n')
    )
    assert written.question("a").when == Equals(question="b", equals="0")


def test_min_0_on_a_multiple_choice_is_refused(tmp_path: Path) -> None:
    multiple = SINGLE_B.replace('"single"', '"multiple"')
    error = load_error(write(tmp_path, multiple + "min = 0\n"))
    assert error.problems == [
        "question 'b': min: should be at least 1: people confirm their choice with at least "
        "one option ticked; to let them skip the question, write optional = true"
    ]
    survey = load_questionnaire(write(tmp_path, multiple + "min = 1\noptional = true\n"))
    assert survey.question("b").optional


def test_a_file_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    content = HEADER_FR + YESNO_A
    path = tmp_path / "notepad.toml"
    path.write_bytes(b"\xef\xbb\xbf" + content.encode())
    with pytest.raises(tomllib.TOMLDecodeError):  # what reading it as plain UTF-8 gave
        tomllib.loads(path.read_text(encoding="utf-8"))
    assert load_questionnaire(path) == load_questionnaire(write(tmp_path, content, header=""))


def test_five_problems_are_all_listed(tmp_path: Path) -> None:
    # Each pair used to hide its second problem: a title of the wrong kind stopped every
    # whole-survey check, and the checks of a refused question (a) or of a question whose id
    # is taken (the second b) were skipped.
    header = HEADER_FR_NL.replace('{ fr = "Titre", nl = "Titel" }', "3")
    body = """
[[questions]]
id = "a"
type = "number"
min = "zero"
text = { fr = "A ?" }

[[questions]]
id = "b"
type = "yesno"
text = { fr = "B ?", nl = "B?" }

[[questions]]
id = "b"
type = "yesno"
text = { fr = "B ?", nl = "B?" }
when = { question = "ghost", equals = true }
"""
    error = load_error(write(tmp_path, body, header=header))
    assert error.problems == [
        f"title: {TEXTS_HINT}",
        "question 'a': min: should be a whole number",
        "question 'a': text: the 'nl' translation is missing",
        "question 'b': id: the id is used by another question too",
        "question 'b': when: question 'ghost' does not exist",
    ]
    assert str(error).splitlines()[0].endswith(": 5 problem(s):")


def test_wrong_languages_do_not_hide_the_other_problems(tmp_path: Path) -> None:
    header = HEADER_FR.replace('["fr"]', '["fr", "French"]')
    body = YESNO_A + SINGLE_B + 'when = { question = "ghost", equals = true }\n'
    error = load_error(write(tmp_path, body, header=header))
    assert error.problems == [
        "languages: 'French' is not a language code such as 'fr' or 'nl'",
        "question 'b': when: question 'ghost' does not exist",
    ]
