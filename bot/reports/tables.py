"""Exports of submitted responses: one row per response, one column per question or option."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bot.core.answers import Answer, SubmittedResponse
from bot.core.questionnaire import MultipleChoice, Question, Questionnaire, SingleChoice, YesNo

Cell = str | int | None

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One exported column: its id (as in the header) and the question it belongs to."""

    id: str
    question: Question | None
    option: str | None = None
    other: bool = False


def columns(questionnaire: Questionnaire) -> list[Column]:
    """Return the export's columns, named by stable ids."""
    result = [
        Column("response", None),
        Column("language", None),
        Column("submitted_day", None),
        Column("duration_minutes", None),
    ]
    for question in questionnaire.questions:
        if isinstance(question, MultipleChoice):
            result += [Column(f"{question.id}.{o.id}", question, o.id) for o in question.options]
        else:
            result.append(Column(question.id, question))
        if isinstance(question, SingleChoice | MultipleChoice) and any(
            o.other for o in question.options
        ):
            result.append(Column(f"{question.id}.other", question, other=True))
    return result


def rows(
    questionnaire: Questionnaire, responses: Sequence[SubmittedResponse]
) -> Iterator[list[Cell]]:
    """Yield one row of typed cells per response (None where a question was not answered)."""
    cols = columns(questionnaire)
    for number, response in enumerate(responses, start=1):
        meta: dict[str, Cell] = {
            "response": number,
            "language": response.language,
            "submitted_day": response.submitted_day,
            "duration_minutes": response.duration_minutes,
        }
        yield [
            meta[c.id] if c.question is None else _cell(c, response.answers.get(c.question.id))
            for c in cols
        ]


def _cell(column: Column, answer: Answer | None) -> Cell:
    if answer is None or answer.value is None:
        return None
    if column.other:
        return answer.other
    value = answer.value
    if column.option is not None:
        return int(isinstance(value, tuple) and column.option in value)
    if isinstance(column.question, YesNo):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return " ".join(value)
    if isinstance(value, bool):
        return int(value)
    return value


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
        value = list(answer.value) if isinstance(answer.value, tuple) else answer.value
        entry: dict[str, object] = {"value": value}
        if answer.other is not None:
            entry["other"] = answer.other
        answers[question.id] = entry
    return {
        "response": number,
        "language": response.language,
        "submitted_day": response.submitted_day,
        "duration_minutes": response.duration_minutes,
        "answers": answers,
    }
