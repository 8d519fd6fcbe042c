"""Exports of submitted responses: one row per response, one column per question or option."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.core.answers import SubmittedResponse
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.core.questions.base import ExportCell, ExportColumn
from bot.core.scores import Score

Cell = ExportCell

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


METADATA = ("response", "language", "submitted_day", "duration_minutes")
"""The columns that describe a response, before the answers."""


@dataclass(frozen=True)
class Column:
    """One exported column: a metadata column, or a column of a question's answers."""

    id: str
    question: Question | None = None
    answers: ExportColumn | None = None
    score: Score | None = None


def columns(questionnaire: Questionnaire) -> list[Column]:
    """Return the export's columns, named by stable ids: metadata, answers, then scores."""
    result = [Column(name) for name in METADATA]
    for question in questionnaire.questions:
        result += [Column(c.id, question, c) for c in question.export_columns()]
    result += [Column(f"score.{score.id}", score=score) for score in questionnaire.scores]
    return result


def score_value(
    questionnaire: Questionnaire, score: Score, response: SubmittedResponse
) -> float | None:
    """A response's score (None when too few of its items were answered)."""
    return score.of(questionnaire.question_map, response.answers)


def metadata(number: int, response: SubmittedResponse) -> dict[str, str | int | None]:
    """The metadata cells of a response, by column id."""
    return {
        "response": number,
        "language": response.language,
        "submitted_day": response.submitted_day,
        "duration_minutes": response.duration_minutes,
    }


def rows(
    questionnaire: Questionnaire, responses: Sequence[SubmittedResponse]
) -> Iterator[list[Cell]]:
    """Yield one row of typed cells per response (None where a question was not answered)."""
    cols = columns(questionnaire)
    for number, response in enumerate(responses, start=1):
        meta = metadata(number, response)
        yield [_cell(questionnaire, c, response, meta) for c in cols]


def _cell(
    questionnaire: Questionnaire,
    column: Column,
    response: SubmittedResponse,
    meta: Mapping[str, Cell],
) -> Cell:
    if column.score is not None:
        value = score_value(questionnaire, column.score, response)
        return None if value is None else _number(value)
    if column.question is None or column.answers is None:
        return meta[column.id]
    answer = response.answers.get(column.question.id)
    if answer is None or answer.value is None:
        return None
    return column.question.export_value(answer, column.answers)


def neutralise(cell: Cell) -> Cell:
    """Keep a spreadsheet from reading a text cell as a formula."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def to_csv(questionnaire: Questionnaire, responses: Sequence[SubmittedResponse]) -> str:
    """Return the CSV export (UTF-8 text, comma-separated, header row of ids)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.id for c in columns(questionnaire)])
    for row in rows(questionnaire, responses):
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
    return buffer.getvalue()


def to_json(questionnaire: Questionnaire, responses: Sequence[SubmittedResponse]) -> str:
    """Return the JSON export: the survey id and one object per response, one per line."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    lines = [
        encode(_json_response(questionnaire, number, response))
        for number, response in enumerate(responses, start=1)
    ]
    body = ",\n".join(lines)
    return f'{{"survey": {encode(questionnaire.id)}, "responses": [\n{body}\n]}}\n'


def _json_response(
    questionnaire: Questionnaire, number: int, response: SubmittedResponse
) -> dict[str, object]:
    answers: dict[str, object] = {}
    for question in questionnaire.questions:
        answer = response.answers.get(question.id)
        if answer is None:
            continue
        value: object = answer.value
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, date):
            value = value.isoformat()  # JSON has no dates: the ISO day, as in the CSV
        entry: dict[str, object] = {"value": value}
        if answer.other is not None:
            entry["other"] = answer.other
        answers[question.id] = entry
    result: dict[str, object] = {**metadata(number, response), "answers": answers}
    if questionnaire.scores:
        result["scores"] = {
            score.id: score_value(questionnaire, score, response) for score in questionnaire.scores
        }
    return result


def _number(value: float) -> int | str:
    """A score as a CSV cell: whole numbers as such, others with a point."""
    return int(value) if float(value).is_integer() else repr(float(value))
