"""The admins' exports: figures as a CSV and as JSON, never one row per person.

Their input is the report's (`ReportInput`, from the results service): the figures /stats and
/report show, under the same rules (released responses only while the survey is open, nothing
that fewer than `min_group_size` answered, free texts only where the report may list them).
The CSV has one row per question (or score) and value counted, for Excel as the responses'
CSV is (see `tables`); the JSON holds the same figures, and the free texts the report lists.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date

from bot import i18n
from bot.app.results import ReportInput
from bot.core.figures import Hidden, QuestionFigures, ScoreFigures
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.core.questions.base import FigureKind
from bot.i18n import MAX_DECIMALS, text
from bot.rendering.figures_text import hidden_text, option_label
from bot.reports.tables import CSV_SEPARATOR, neutralise

CODE_COLUMNS = ("question", "answer", "count", "answered")
"""The columns of the CSV of codes. A question not shown has one row with only its id; a free
text question one row without an answer, its count the texts written."""
SCORE_PREFIX = "score."

Row = tuple[str, str | None, int | float | None, int | None]
"""A row of figures: question (or `score.` id), value counted, its count, and out of how many."""


def _question_rows(questionnaire: Questionnaire, report: ReportInput) -> Iterator[Row]:
    pairs = zip(questionnaire.questions, report.figures.questions, strict=True)
    for question, figures in pairs:
        if isinstance(figures, Hidden):
            yield question.id, None, None, None
        elif question.figure_kind is FigureKind.TEXTS:
            yield question.id, None, figures.texts, figures.answered
        else:
            for key, count in figures.counts.items():
                yield question.id, key, count, figures.answered


def _score_rows(questionnaire: Questionnaire, report: ReportInput) -> Iterator[Row]:
    for score, figures in zip(questionnaire.scores, report.figures.scores, strict=True):
        name = SCORE_PREFIX + score.id
        if isinstance(figures, Hidden):
            yield name, None, None, None
            continue
        for value, count in figures.values.items():
            yield name, _number(value), count, figures.scored


def _number(value: float) -> str:
    """A score value as a code: whole numbers as such, others with a point."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def figures_csv(report: ReportInput, language: str | None = None) -> bytes:
    """The figures as a CSV file (UTF-8 with a byte order mark, ";"-separated): titles and
    labels in `language`, with each value's share, or ids and codes when no language is given.
    """
    questionnaire = report.questionnaire
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    rows = [*_question_rows(questionnaire, report), *_score_rows(questionnaire, report)]
    if language is None:
        writer.writerow(CODE_COLUMNS)
        for row in rows:
            writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
        return buffer.getvalue().encode("utf-8-sig")
    writer.writerow(
        [
            text(language, "xlsx_question"),
            text(language, "xlsx_answer"),
            text(language, "xlsx_count"),
            text(language, "xlsx_answered"),
            text(language, "xlsx_share"),
        ]
    )
    questions = questionnaire.question_map
    scores = {SCORE_PREFIX + s.id: s for s in questionnaire.scores}
    formats = i18n.get(language)
    for name, value, count, answered in rows:
        question = questions.get(name)
        score = scores.get(name)
        if question is not None:
            title = questionnaire.text(question.text, language)
        else:
            assert score is not None
            title = questionnaire.text(score.label, language)
        if count is None:
            label = hidden_text(Hidden(name, report.min_group_size), language)
        elif value is None:
            label = text(language, "xlsx_texts")
        elif question is not None:
            label = option_label(questionnaire, question, value, language)
        else:
            label = formats.amount(float(value), MAX_DECIMALS)
        share = formats.percent(count, answered) if count is not None and answered else ""
        writer.writerow(
            [
                neutralise(title),
                neutralise(label),
                "" if count is None else count,
                "" if answered is None else answered,
                share if value is not None else "",
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def figures_json(report: ReportInput) -> str:
    """The figures as JSON: the overview, each question and score (`"shown": false` for one
    that too few answered), and the free texts the report may list (none when it may not)."""
    questionnaire = report.questionnaire
    figures = report.figures
    overview = figures.overview
    questions = [
        _question_json(question, f)
        for question, f in zip(questionnaire.questions, figures.questions, strict=True)
    ]
    scores = [
        _score_json(score_id, f)
        for score_id, f in zip((s.id for s in questionnaire.scores), figures.scores, strict=True)
    ]
    result: dict[str, object] = {
        "survey": questionnaire.id,
        "included": figures.included,
        "complete": figures.complete,
        "min_group_size": report.min_group_size,
        "overview": {
            "started": overview.started,
            "in_progress": overview.in_progress,
            "submitted": overview.submitted,
            "per_day": dict(overview.per_day),
            "median_minutes": overview.median_minutes,
        },
        "questions": questions,
        "scores": scores,
        "free_texts": {key: list(values) for key, values in (report.texts or {}).items()},
    }
    return json.dumps(result, ensure_ascii=False, indent=1) + "\n"


def _statistic(question: Question, value: float | None) -> float | str | None:
    """A mean or median as the question gives it: a number, or an ISO day for dates."""
    if value is None:
        return None
    shown = question.statistic(value).value
    return shown.isoformat() if isinstance(shown, date) else shown


def _question_json(question: Question, figures: QuestionFigures | Hidden) -> dict[str, object]:
    if isinstance(figures, Hidden):
        return {"id": question.id, "shown": False}
    return {
        "id": question.id,
        "shown": True,
        "answered": figures.answered,
        "skipped": figures.skipped,
        "counts": dict(figures.counts),
        "mean": _statistic(question, figures.mean),
        "median": _statistic(question, figures.median),
        "texts": figures.texts,
    }


def _score_json(score_id: str, figures: ScoreFigures | Hidden) -> dict[str, object]:
    if isinstance(figures, Hidden):
        return {"id": score_id, "shown": False}
    return {
        "id": score_id,
        "shown": True,
        "scored": figures.scored,
        "unscored": figures.unscored,
        "values": {_number(value): count for value, count in figures.values.items()},
        "mean": figures.mean,
        "median": figures.median,
        "bands": list(figures.bands),
    }
