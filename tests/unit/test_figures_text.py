"""The figures as text (/stats, the report's notes): plain sentences, never notation."""

from __future__ import annotations

import pytest

from bot.core.figures import Figures, Hidden, Overview, QuestionFigures, ScoreFigures
from bot.core.questionnaire import Questionnaire
from bot.i18n import text
from bot.rendering.figures_text import (
    facts_text,
    figures_text,
    question_lines,
    question_text,
    scope_line,
    score_summary,
    summary_line,
)

OVERVIEW = Overview(
    started=14, in_progress=2, submitted=12, per_day=(("2021-03-01", 12),), median_minutes=6.0
)


def figures_of(
    questionnaire: Questionnaire,
    *shown: QuestionFigures,
    included: int = 10,
    complete: bool = False,
) -> Figures:
    """The survey's figures: those given, every other question hidden."""
    given = {f.question_id: f for f in shown}
    return Figures(
        OVERVIEW,
        included,
        tuple(given.get(q.id, Hidden(q.id, 5)) for q in questionnaire.questions),
        complete,
    )


def plain(value: str) -> str:
    """The text with its no-break spaces (before "%") as plain spaces."""
    return value.replace("\xa0", " ")


HOURS = QuestionFigures("hours", 6, 4, {"20": 2, "23": 3, "21": 1}, mean=21.0, median=23.0)
TEAM = QuestionFigures("team", 10, 0, {"north": 5, "south": 3, "other": 1}, texts=1)
PROBLEMS = QuestionFigures("problems", 10, 0, {"noise": 5, "tools": 6, "workload": 4, "none": 0})


def test_a_number_reads_as_a_sentence(fixture_survey: Questionnaire) -> None:
    question = fixture_survey.question("hours")
    assert facts_text(fixture_survey, question, HOURS, "fr") == (
        "6 personnes ont répondu, 4 ont passé la question ; moyenne 21, médiane 23"
    )
    assert facts_text(fixture_survey, question, HOURS, "en") == (
        "6 people answered, 4 skipped the question; mean 21, median 23"
    )
    one = QuestionFigures("hours", 1, 1, {"4": 1}, mean=4.0, median=4.0)
    assert facts_text(fixture_survey, question, one, "nl") == (
        "1 persoon heeft geantwoord, 1 sloeg de vraag over; gemiddelde 4, mediaan 4"
    )
    text = figures_text(fixture_survey, figures_of(fixture_survey, HOURS), "fr", 5)
    assert "n = " not in text and "passée" not in text and " · moyenne" not in text


def test_a_summary_names_every_answer_its_chart_shows(fixture_survey: Questionnaire) -> None:
    line = plain(summary_line(fixture_survey, fixture_survey.question("team"), TEAM, "fr"))
    assert line == (
        "10 personnes ont répondu ; Équipe nord 50 %, Équipe sud 30 %, Autre, précisez 10 %"
    )
    assert "autre" not in line.replace("Autre, précisez", "")


def test_a_multiple_choice_says_its_shares_exceed_100(fixture_survey: Questionnaire) -> None:
    question = fixture_survey.question("problems")
    line = plain(summary_line(fixture_survey, question, PROBLEMS, "fr"))
    assert line.endswith(
        "Les outils 60 %, Le bruit 50 %, La charge de travail 40 % "
        "(plusieurs réponses possibles : les pourcentages dépassent 100 au total)"
    )
    detail = question_text(fixture_survey, question, figures_of(fixture_survey, PROBLEMS), "en")
    assert "several answers possible: the percentages add up to more than 100" in detail
    single = summary_line(fixture_survey, fixture_survey.question("team"), TEAM, "fr")
    assert "plusieurs" not in single


def test_the_scope_says_when_the_next_figures_come(fixture_survey: Questionnaire) -> None:
    open_survey = figures_of(fixture_survey, TEAM, included=10)
    assert "The next figures come at 15 submitted responses." in scope_line(open_survey, "en", 5)
    assert "Prochains chiffres à 15 réponses envoyées." in scope_line(open_survey, "fr", 5)
    closed = figures_of(fixture_survey, TEAM, included=12, complete=True)
    assert "15" not in scope_line(closed, "fr", 5)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "12 réponses ont un score, 2 sans score (trop peu de réponses) ; moyenne 3,5"),
        ("en", "12 responses scored, 2 without a score (too few answers); mean 3.5"),
    ],
)
def test_a_score_reads_as_a_sentence(language: str, expected: str) -> None:
    figures = ScoreFigures("total", 12, 2, {3.0: 6, 4.0: 6}, 3.5, 3.5, ())
    assert score_summary(figures, language).startswith(expected)


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("fr", 0, "Chiffres sur 0 réponse envoyée."),
        ("fr", 1, "Chiffres sur 1 réponse envoyée."),
        ("fr", 12, "Chiffres sur les 12 réponses envoyées."),
        ("en", 1, "Figures over the 1 submitted response."),
        ("en", 0, "Figures over all 0 submitted responses."),
        ("nl", 1, "Cijfers over het 1 verstuurde antwoord."),
        ("de", 1, "Zahlen über die 1 abgeschickte Antwort."),
    ],
)
def test_counts_take_each_languages_plural(language: str, count: int, expected: str) -> None:
    assert text(language, "stats_complete", count=count) == expected


def test_the_batched_scope_takes_the_plural_of_the_submitted() -> None:
    one = text("fr", "stats_batched", submitted=1, count=0, group=5)
    assert one.startswith("1 réponse envoyée ; les chiffres portent sur 0 ")
    assert text("en", "stats_batched", submitted=1, count=0, group=5).startswith(
        "1 response submitted; "
    )


def test_each_count_follows_its_answer_as_the_language_writes_a_colon(
    fixture_survey: Questionnaire,
) -> None:
    question = fixture_survey.question("team")
    french = question_lines(fixture_survey, question, TEAM, "fr")
    dutch = question_lines(fixture_survey, question, TEAM, "nl")
    assert "Équipe nord\xa0: 5 (50\xa0%)" in french
    assert any(line.startswith("Team noord: 5 (") for line in dutch), dutch
