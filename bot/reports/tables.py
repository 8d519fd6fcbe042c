"""Exports of submitted responses: one row per response, one column per question or option.

The CSV is written for Excel as Belgian French and Dutch set it up: UTF-8 with a byte order mark
(without it Excel reads the file as Windows-1252), ";" between cells (Excel's list separator
there; the comma is the decimal sign), titles and labels in a language, numbers with the
language's decimal sign. With no language it holds codes for software: column ids, option ids,
1/0 for yes/no, numbers with a point, still ";"-separated.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot import i18n
from bot.core.answers import SubmittedResponse
from bot.core.characters import portable
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.core.questions.base import ExportCell, ExportColumn
from bot.core.scores import Score
from bot.i18n import MAX_DECIMALS, text

CSV_SEPARATOR = ";"
"""Between the CSV's cells: Excel's list separator in Belgium (and wherever "," is the decimal
sign)."""

Cell = ExportCell
Value = str | int | float | bool | date | None
"""A typed value of the workbook or of the CSV with labels."""

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


METADATA_TITLES = {
    "response": "xlsx_response",
    "language": "xlsx_language",
    "submitted_day": "xlsx_day",
    "duration_minutes": "xlsx_duration",
}
"""The translation key of each metadata column's title."""


def column_title(questionnaire: Questionnaire, column: Column, language: str) -> str:
    """A column's title in `language`: the question, plus the option for option columns."""
    question, answers = column.question, column.answers
    if column.score is not None:
        return questionnaire.text(column.score.label, language)
    if question is None or answers is None:
        return text(language, METADATA_TITLES[column.id])
    title = questionnaire.text(question.text, language)
    if answers.option is None:
        return title
    label = questionnaire.text(answers.option.label, language)
    if answers.other:
        return f"{title} | {label} ({text(language, 'xlsx_text')})"
    return f"{title} | {label}"


def response_values(
    questionnaire: Questionnaire,
    cols: Sequence[Column],
    number: int,
    response: SubmittedResponse,
    language: str,
) -> list[Value]:
    """One response as typed values: numbers, dates, yes/no as booleans, options as labels."""
    meta: dict[str, Value] = dict(metadata(number, response))
    meta["submitted_day"] = date.fromisoformat(response.submitted_day)
    values: list[Value] = []
    for column in cols:
        if column.score is not None:
            values.append(score_value(questionnaire, column.score, response))
            continue
        if column.question is None or column.answers is None:
            values.append(meta[column.id])
            continue
        answer = response.answers.get(column.question.id)
        if answer is None or answer.value is None:
            values.append(None)
            continue
        value = column.question.sheet_value(answer, column.answers)
        if isinstance(value, str | dict):
            value = questionnaire.text(value, language)
        values.append(value)
    return values


def neutralise(cell: Cell) -> Cell:
    """A text cell as a spreadsheet should read it: `portable` (the file must encode), and
    never as a formula."""
    if not isinstance(cell, str):
        return cell
    cell = portable(cell)
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def to_csv(
    questionnaire: Questionnaire,
    responses: Sequence[SubmittedResponse],
    language: str | None = None,
) -> str:
    """Return the CSV export as text, ";"-separated: with titles and labels in `language`, or
    with ids and codes when no language is given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    cols = columns(questionnaire)
    if language is None:
        writer.writerow([c.id for c in cols])
        for row in rows(questionnaire, responses):
            writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
        return buffer.getvalue()
    writer.writerow([neutralise(column_title(questionnaire, c, language)) for c in cols])
    for number, response in enumerate(responses, start=1):
        values = response_values(questionnaire, cols, number, response, language)
        writer.writerow([_label_cell(value, language) for value in values])
    return buffer.getvalue()


def csv_bytes(
    questionnaire: Questionnaire,
    responses: Sequence[SubmittedResponse],
    language: str | None = None,
) -> bytes:
    """The CSV export as a file: UTF-8 with a byte order mark, which Excel needs."""
    return to_csv(questionnaire, responses, language).encode("utf-8-sig")


def _label_cell(value: Value, language: str) -> Cell:
    """A typed value as Excel in `language`'s locale reads it: yes/no in words, decimals with
    the locale's sign, days as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return text(language, "yes" if value else "no")
    if isinstance(value, float):
        return i18n.get(language).amount(value, MAX_DECIMALS)
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(value)


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
        if isinstance(value, str):
            value = portable(value)
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, date):
            value = value.isoformat()  # JSON has no dates: the ISO day, as in the CSV
        entry: dict[str, object] = {"value": value}
        if answer.other is not None:
            entry["other"] = portable(answer.other)
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
