"""Decimals, dates and texts with a pattern: the file format, typed input, cells, words.

The survey-file checks load real files and read the message a person gets; parsing goes through
the engine, as a respondent's input does.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot import i18n
from bot.core.answers import Answer, Invalid, Problem
from bot.core.engine import Engine
from bot.core.questionnaire import Questionnaire, QuestionnaireError, load_questionnaire
from bot.core.questions import Question
from bot.core.questions.base import FigureKind
from bot.core.questions.date import DateProblem, DateQuestion, day_number, parse_date
from bot.core.questions.decimal import DecimalNumber, DecimalProblem, parse_decimal
from bot.core.questions.text import FreeText, TextProblem
from bot.core.wording import Amount, Day, Phrase
from bot.i18n import text, yes_no_words
from bot.rendering.figures_text import averages_text
from bot.rendering.questions import answer_text, invalid_text
from bot.rendering.words import say
from tests.support.headers import HEADER_FR_NL


def load_error(tmp_path: Path, question: str) -> list[str]:
    """Load a survey with this one question, which must be refused; return its problems."""
    path = tmp_path / "survey.toml"
    path.write_text(
        HEADER_FR_NL + '\n[[questions]]\nid = "q"\ntext = { fr = "Q ?", nl = "V?" }\n' + question,
        encoding="utf-8",
    )
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), "the message names the file"
    assert "pydantic" not in message and "Traceback" not in message
    return info.value.problems


def engine(survey: Questionnaire) -> Engine:
    return Engine(survey, yes_no_words())


def parsed(survey: Questionnaire, question_id: str, raw: str, language: str) -> Answer | Invalid:
    return engine(survey).parse(survey.question(question_id), raw, language)


def refusal(survey: Questionnaire, question_id: str, raw: str, language: str) -> str:
    """What the respondent reads when `raw` is refused."""
    outcome = parsed(survey, question_id, raw, language)
    assert isinstance(outcome, Invalid), outcome
    return invalid_text(outcome, language, survey)


# -- the tests' survey -----------------------------------------------------------------------


def test_the_types_survey_loads(types_survey: Questionnaire) -> None:
    distance = types_survey.question("distance")
    assert isinstance(distance, DecimalNumber)
    assert (distance.min, distance.max, distance.decimals) == (0.0, 250.0, 1)
    hired = types_survey.question("hired")
    assert isinstance(hired, DateQuestion)
    assert (hired.min, hired.max) == (date(1970, 1, 1), date(2021, 6, 30))
    postcode = types_survey.question("postcode")
    assert isinstance(postcode, FreeText)
    assert postcode.pattern == "[1-9][0-9]{3}"
    assert isinstance(postcode.pattern_error, dict) and set(postcode.pattern_error) == {"fr", "nl"}
    kinds = [types_survey.question(q).figure_kind for q in ("distance", "hired", "postcode")]
    assert kinds == [FigureKind.QUANTITY, FigureKind.DATES, FigureKind.TEXTS]


# -- decimal ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1 2,5", 12.5),  # spaces are thousands spaces, wherever they are, as for `number`
        ("0,50", 0.5),  # trailing zeros are no decimals
        (",5", 0.5),
        ("7", 7.0),
        ("250", 250.0),
    ],
)
@pytest.mark.parametrize("language", ["fr", "nl"])
def test_decimal_typed_in_french_and_dutch(
    types_survey: Questionnaire, raw: str, value: float, language: str
) -> None:
    assert parsed(types_survey, "distance", raw, language) == Answer(value)


def test_decimal_refusals_in_french_and_dutch(types_survey: Questionnaire) -> None:
    for raw in ("-1", "250,1", "douze", "12,5 km", "1.234,5", "1e3", ""):
        assert refusal(types_survey, "distance", raw, "fr") == "Tapez un nombre entre 0 et 250."
        assert refusal(types_survey, "distance", raw, "nl") == "Typ een getal tussen 0 en 250."
    assert parsed(types_survey, "distance", "12,55", "fr") == Invalid(
        DecimalProblem.DECIMAL_PLACES, {"places": 1}
    )
    assert refusal(types_survey, "distance", "12,55", "fr") == (
        "Donnez au plus 1 chiffre après la virgule."
    )
    assert (
        refusal(types_survey, "distance", "12.55", "nl") == "Geef hoogstens 1 cijfer na de komma."
    )


def test_decimal_refusals_quote_decimal_bounds_in_the_locale(tmp_path: Path) -> None:
    def survey(bounds: str) -> Questionnaire:
        path = tmp_path / "survey.toml"
        path.write_text(
            HEADER_FR_NL + '[[questions]]\nid = "q"\ntype = "decimal"\n'
            f'text = {{ fr = "Q ?", nl = "V?" }}\n{bounds}\n',
            encoding="utf-8",
        )
        return load_questionnaire(path)

    low = survey("min = 0.5")
    assert refusal(low, "q", "0,25", "fr") == "Tapez un nombre d'au moins 0,5."
    assert refusal(low, "q", "0.25", "nl") == "Typ een getal van minstens 0,5."
    assert refusal(survey("max = 2.75"), "q", "3", "en") == "Type a number of at most 2.75."
    free = survey("")
    assert parsed(free, "q", "-3,141592", "fr") == Answer(-3.141592)
    assert refusal(free, "q", "x", "fr") == "Tapez un nombre, par exemple 12,5."
    assert refusal(free, "q", "3,1415926", "nl") == "Geef hoogstens 6 cijfers na de komma."
    assert parse_decimal("1 234,5") == parse_decimal("1\u202f234.5") == (1234.5, 1)
    assert parse_decimal("1234567890123456") is None, "more than a float keeps exactly"


def test_decimal_in_the_file(tmp_path: Path) -> None:
    problems = load_error(tmp_path, 'type = "decimal"\nmin = 10.5\nmax = 2\n')
    assert "question 'q': min (10.5) is greater than max (2)" in problems
    problems = load_error(tmp_path, 'type = "decimal"\ndecimals = 0\n')
    assert problems == [
        "question 'q': decimals: give from 1 to 6 digits after the separator "
        '(type = "number" takes whole numbers)'
    ]
    problems = load_error(tmp_path, 'type = "decimal"\nmin = "zero"\n')
    assert problems == ["question 'q': min: should be a number, such as 12.5"]
    problems = load_error(
        tmp_path,
        'type = "decimal"\n\n[[questions]]\nid = "r"\ntype = "yesno"\ntext = { fr = "R ?", '
        'nl = "R?" }\nwhen = { question = "q", equals = 12 }\n',
    )
    assert problems == [
        "question 'r': when: question 'q' takes decimal numbers, which conditions do not "
        "compare (a condition looks at a choice, yes/no or a whole number)"
    ]


# -- date ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["11/02/2020", "11-02-2020", "11.02.2020", "2020-02-11", "11/2/2020", "11 / 02 / 2020"],
)
@pytest.mark.parametrize("language", ["fr", "nl", "de", "en"])
def test_date_typed_day_first_or_iso(types_survey: Questionnaire, raw: str, language: str) -> None:
    assert parsed(types_survey, "hired", raw, language) == Answer(date(2020, 2, 11))


def test_date_refusals_in_french_and_dutch(types_survey: Questionnaire) -> None:
    for raw in ("31/02/2020", "11/02/20", "02/11", "11/02-2020", "hier", "2020-13-01"):
        assert parse_date(raw) is None, raw
        assert parsed(types_survey, "hired", raw, "fr") == Invalid(DateProblem.DATE)
        assert refusal(types_survey, "hired", raw, "fr") == (
            "Tapez une date, le jour d'abord, par exemple 11/02/2020."
        )
        assert refusal(types_survey, "hired", raw, "nl") == (
            "Typ een datum, de dag eerst, bijvoorbeeld 11/02/2020."
        )
    late = parsed(types_survey, "hired", "01/07/2021", "fr")
    bounds = {"low": date(1970, 1, 1), "high": date(2021, 6, 30)}
    assert late == Invalid(DateProblem.DATE_BETWEEN, bounds)
    assert refusal(types_survey, "hired", "31/12/1969", "fr") == (
        "Tapez une date entre le 1 janvier 1970 et le 30 juin 2021."
    )
    assert refusal(types_survey, "hired", "2021-07-01", "nl") == (
        "Typ een datum tussen 1 januari 1970 en 30 juni 2021."
    )
    assert parsed(types_survey, "hired", "30/06/2021", "nl") == Answer(date(2021, 6, 30))


def test_date_in_the_file(tmp_path: Path) -> None:
    problems = load_error(tmp_path, 'type = "date"\nmin = 2021-01-01\nmax = 2020-01-01\n')
    assert problems == ["question 'q': min (2021-01-01) is later than max (2020-01-01)"]
    for wrong in ("20200101", '"11/02/2020"', "2020-01-01T10:00:00"):
        problems = load_error(tmp_path, f'type = "date"\nmin = {wrong}\n')
        assert problems == [
            "question 'q': min: give a day as an ISO date, e.g. 2020-02-11 (no quotes, no time)"
        ], wrong
    problems = load_error(
        tmp_path,
        'type = "date"\n\n[[questions]]\nid = "r"\ntype = "yesno"\ntext = { fr = "R ?", '
        'nl = "R?" }\nwhen = { question = "q", in = ["2020-02-11"] }\n',
    )
    assert problems == [
        "question 'r': when: question 'q' takes dates, which conditions do not compare "
        "(a condition looks at a choice, yes/no or a whole number)"
    ]


def test_a_date_is_stored_as_a_day_number(types_survey: Questionnaire) -> None:
    hired = types_survey.question("hired")
    answer = Answer(date(2020, 2, 11))
    assert list(hired.cells(answer)) == [("", 18303, None)]
    assert hired.from_cells([("", 18303, None)]) == answer
    assert day_number(date(1970, 1, 1)) == 0 and day_number(date(1969, 12, 31)) == -1
    counted = hired.counted({"18303": 2, str(day_number(date(2020, 2, 29))): 1, "0": 1})
    assert counted == {"1970-01": 1, "2020-02": 3}


def test_a_decimal_is_read_back_from_a_real_or_an_integer(types_survey: Questionnaire) -> None:
    distance = types_survey.question("distance")
    assert list(distance.cells(Answer(12.5))) == [("", 12.5, None)]
    assert distance.from_cells([("", 12.5, None)]) == Answer(12.5)
    back = distance.from_cells([("", 12, None)])  # SQLite gives a whole REAL as an INTEGER
    assert back == Answer(12.0) and isinstance(back.value, float)
    assert distance.counted({"12.5": 1, "3": 2, "100": 1}) == {"3": 2, "12.5": 1, "100": 1}


# -- text with a pattern ---------------------------------------------------------------------


def test_a_text_that_does_not_match_gets_the_surveys_own_message(
    types_survey: Questionnaire,
) -> None:
    postcode = types_survey.question("postcode")
    assert parsed(types_survey, "postcode", "1000", "fr") == Answer("1000")
    refused = parsed(types_survey, "postcode", "B-1000", "fr")
    assert isinstance(postcode, FreeText)
    assert refused == Invalid(TextProblem.PATTERN, message=postcode.pattern_error)
    for raw in ("B-1000", "0123", "10000", "1000 "):  # the whole answer must match
        assert refusal(types_survey, "postcode", raw + "x", "fr") == (
            "Un code postal belge a quatre chiffres, par exemple 1000."
        )
        assert refusal(types_survey, "postcode", raw + "x", "nl") == (
            "Een Belgische postcode heeft vier cijfers, bijvoorbeeld 1000."
        )
    assert refusal(types_survey, "postcode", "12345678901", "fr") == text(
        "fr", "error_too_long", limit=10
    ), "the length is checked first"
    assert parsed(types_survey, "postcode", "", "nl") == Invalid(Problem.EMPTY)


def test_pattern_in_the_file(tmp_path: Path) -> None:
    problems = load_error(
        tmp_path, 'type = "text"\npattern = "[0-9"\npattern_error = { fr = "x", nl = "y" }\n'
    )
    assert problems == [
        "question 'q': pattern: not a valid regular expression: "
        "unterminated character set at position 0"
    ]
    problems = load_error(tmp_path, 'type = "text"\npattern = "[0-9]{4}"\n')
    assert problems == [
        "question 'q': pattern_error: give the message shown when an answer does not match "
        "the pattern"
    ]
    problems = load_error(tmp_path, 'type = "text"\npattern_error = { fr = "x", nl = "y" }\n')
    assert problems == ["question 'q': pattern_error: only a question with a pattern has one"]
    problems = load_error(
        tmp_path, 'type = "text"\npattern = "[0-9]{4}"\npattern_error = { fr = "Quatre." }\n'
    )
    assert problems == ["question 'q': pattern_error: the 'nl' translation is missing"]
    problems = load_error(tmp_path, 'type = "text"\npattern = ""\npattern_error = "x"\n')
    assert "question 'q': pattern: the pattern is empty" in problems


def test_the_bot_has_a_sentence_for_a_pattern_refusal_without_a_message(
    types_survey: Questionnaire,
) -> None:
    bare = Invalid(TextProblem.PATTERN)
    assert invalid_text(bare, "fr", types_survey) == "Votre réponse n'a pas la forme attendue."


# -- words: hints, answers, figures ----------------------------------------------------------


def words(survey: Questionnaire, question: Question, language: str, *, typing: bool) -> str:
    shown = question.typing_hint() if typing else question.hint()
    assert shown is not None
    return say(survey, shown, language)


def test_hints_and_typing_hints(types_survey: Questionnaire) -> None:
    distance, hired, postcode = (
        types_survey.question(q) for q in ("distance", "hired", "postcode")
    )
    assert (
        words(types_survey, distance, "fr", typing=False) == "Tapez un nombre, par exemple 12,5."
    )
    assert words(types_survey, distance, "nl", typing=True) == "[0 \u2013 250]"
    assert (
        words(types_survey, hired, "fr", typing=False) == "Tapez une date, par exemple 11/02/2020."
    )
    assert words(types_survey, hired, "fr", typing=True) == "[jj/mm/aaaa]"
    assert words(types_survey, hired, "nl", typing=True) == "[dd/mm/jjjj]"
    assert words(types_survey, postcode, "nl", typing=False) == "Typ uw antwoord."
    assert postcode.typing_hint() is None
    only_min = DecimalNumber.model_validate(
        {"type": "decimal", "id": "d", "text": "D ?", "min": 0.5}
    )
    assert words(types_survey, only_min, "fr", typing=True) == "[0,5 \u2013 …]"


@pytest.mark.parametrize(
    ("language", "decimal", "day", "month"),
    [
        ("fr", "1234,5", "11 février 2020", "février 2020"),
        ("nl", "1234,5", "11 februari 2020", "februari 2020"),
        ("en", "1234.5", "11 February 2020", "February 2020"),
        ("de", "1234,5", "11. Februar 2020", "Februar 2020"),
    ],
)
def test_answers_and_counted_values_in_each_locale(
    types_survey: Questionnaire, language: str, decimal: str, day: str, month: str
) -> None:
    distance, hired = types_survey.question("distance"), types_survey.question("hired")
    assert answer_text(types_survey, distance, Answer(1234.5), language) == decimal
    assert answer_text(types_survey, hired, Answer(date(2020, 2, 11)), language) == day
    assert say(types_survey, hired.value_words("2020-02"), language) == month
    assert say(types_survey, distance.value_words("1234.5"), language) == decimal


def test_means_and_medians_as_each_type_shows_them(types_survey: Questionnaire) -> None:
    distance, hired = types_survey.question("distance"), types_survey.question("hired")
    assert distance.statistic(12.345) == Amount(12.345, 1), "to the question's decimals"
    assert averages_text(types_survey, distance, 12.345, 12.5, "fr") == (
        "moyenne 12,3, médiane 12,5"
    )
    median = day_number(date(2020, 2, 11)) + 0.5  # halfway between two days: the first
    assert hired.statistic(median) == Day(date(2020, 2, 11))
    assert averages_text(types_survey, hired, None, median, "nl") == "mediaan 11 februari 2020"
    assert averages_text(types_survey, types_survey.question("postcode"), None, None, "fr") is None
    assert not hired.has_mean and hired.has_median


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(12.5, 1, "12,5"), (12.0, 1, "12"), (0.1 + 0.2, 6, "0,3"), (-3.25, 1, "-3,2"), (7, 0, "7")],
)
def test_amounts_in_the_locale(value: float, decimals: int, expected: str) -> None:
    assert i18n.get("fr").amount(value, decimals) == expected
    assert i18n.get("en").amount(value, decimals) == expected.replace(",", ".")


def test_messages_take_decimals_and_days_as_values() -> None:
    assert text("fr", "error_decimal_min", low=0.5) == "Tapez un nombre d'au moins 0,5."
    assert text("de", "error_date_max", high=date(2020, 2, 11)) == (
        "Tippen Sie ein Datum bis zum 11. Februar 2020."
    )
    assert text("nl", "error_decimal_places", places=2) == "Geef hoogstens 2 cijfers na de komma."


def test_phrases_and_pieces_of_the_new_types_are_translated(types_survey: Questionnaire) -> None:
    for language in i18n.languages():
        for piece in (Phrase("hint_type_decimal"), Phrase("hint_typing_date"), Amount(1.5)):
            assert say(types_survey, (piece,), language)


def test_refusal_codes_of_the_new_types_are_their_own() -> None:
    shared = {str(p) for p in Problem}
    own = {str(c) for enum in (DecimalProblem, DateProblem, TextProblem) for c in enum}
    assert not shared & own
