"""The spreadsheet export: a sheet of responses with typed cells and a sheet of figures.

Pure rendering with openpyxl (streaming, write-only mode): responses and figures in, the .xlsx
file's bytes out.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bot.app.results import ExportInput
from bot.core.answers import Answer, SubmittedResponse
from bot.core.figures import Figures
from bot.core.questionnaire import (
    FreeText,
    MultipleChoice,
    Number,
    Questionnaire,
    Scale,
    SingleChoice,
    YesNo,
)
from bot.i18n import text
from bot.rendering.figures_text import option_label
from bot.reports.tables import Column, columns

Value = str | int | float | bool | date | None

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
ID_FONT = Font(italic=True, color="555555")
PERCENT = "0%"
DECIMAL = "0.0"
DATE = "yyyy-mm-dd"


def to_xlsx(exported: ExportInput, language: str) -> bytes:
    """Return the workbook: the responses sheet, then the figures sheet."""
    workbook = Workbook(write_only=True)
    questionnaire = exported.questionnaire
    _responses_sheet(workbook, questionnaire, exported.responses, language)
    _figures_sheet(workbook, questionnaire, exported.figures, language, exported.min_group_size)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column_title(questionnaire: Questionnaire, column: Column, language: str) -> str:
    """A column's title in `language`: the question, plus the option for option columns."""
    meta = {
        "response": "xlsx_response",
        "language": "xlsx_language",
        "submitted_day": "xlsx_day",
        "duration_minutes": "xlsx_duration",
    }
    question = column.question
    if question is None:
        return text(language, meta[column.id])
    title = questionnaire.text(question.text, language)
    if isinstance(question, SingleChoice | MultipleChoice):
        if column.other:
            other = next(o for o in question.options if o.other)
            label = questionnaire.text(other.label, language)
            return f"{title} | {label} ({text(language, 'xlsx_text')})"
        if column.option is not None:
            option = question.option(column.option)
            assert option is not None
            return f"{title} | {questionnaire.text(option.label, language)}"
    return title


def response_values(
    questionnaire: Questionnaire,
    cols: Sequence[Column],
    number: int,
    response: SubmittedResponse,
    language: str,
) -> list[Value]:
    """One response as typed values: numbers, dates, yes/no as booleans, options as labels."""
    meta: dict[str, Value] = {
        "response": number,
        "language": response.language,
        "submitted_day": date.fromisoformat(response.submitted_day),
        "duration_minutes": response.duration_minutes,
    }
    values: list[Value] = []
    for column in cols:
        if column.question is None:
            values.append(meta[column.id])
        else:
            answer = response.answers.get(column.question.id)
            values.append(_value(questionnaire, column, answer, language))
    return values


def _value(
    questionnaire: Questionnaire, column: Column, answer: Answer | None, language: str
) -> Value:
    if answer is None or answer.value is None:
        return None
    question = column.question
    value = answer.value
    if column.other:
        return answer.other
    if column.option is not None:
        return int(isinstance(value, tuple) and column.option in value)
    if isinstance(question, YesNo):
        return bool(value)
    if isinstance(question, SingleChoice) and isinstance(value, str):
        return option_label(questionnaire, question, value, language)
    if isinstance(question, Scale | Number) and isinstance(value, int):
        return int(value)
    if isinstance(question, FreeText) and isinstance(value, str):
        return value
    return str(value)


def _cell(sheet: Any, value: Value, **style: Any) -> WriteOnlyCell:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    if isinstance(value, date):
        cell.number_format = DATE
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _header(sheet: Any, values: Iterable[Value], **style: Any) -> list[WriteOnlyCell]:
    return [_cell(sheet, v, font=BOLD, fill=HEADER_FILL, **style) for v in values]


def _responses_sheet(
    workbook: Workbook,
    questionnaire: Questionnaire,
    responses: Sequence[SubmittedResponse],
    language: str,
) -> None:
    sheet = workbook.create_sheet(text(language, "xlsx_responses"))
    cols = columns(questionnaire)
    for i, column in enumerate(cols, start=1):
        width = 12 if column.question is None else 26
        if isinstance(column.question, FreeText) or column.other:
            width = 48
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "B3"
    sheet.row_dimensions[1].height = 75
    wrap_top = Alignment(wrap_text=True, vertical="top")
    sheet.append(
        _header(
            sheet,
            (column_title(questionnaire, c, language) for c in cols),
            alignment=wrap_top,
        )
    )
    sheet.append([_cell(sheet, c.id, font=ID_FONT) for c in cols])
    for number, response in enumerate(responses, start=1):
        row: list[Any] = response_values(questionnaire, cols, number, response, language)
        for i, value in enumerate(row):
            if isinstance(value, str) and (
                value.startswith("=") or ILLEGAL_CHARACTERS_RE.search(value)
            ):
                row[i] = _cell(sheet, value)
        sheet.append(row)


def _figures_sheet(
    workbook: Workbook,
    questionnaire: Questionnaire,
    figures: Figures,
    language: str,
    min_group_size: int,
) -> None:
    """The same figures as /stats: overview, per day, per question, per answer."""
    sheet = workbook.create_sheet(text(language, "xlsx_figures"))
    for letter, width in zip("ABCDEFG", (22, 60, 14, 40, 12, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    overview = figures.overview
    rows: list[list[Any]] = [
        [_cell(sheet, questionnaire.text(questionnaire.title, language), font=TITLE)],
        [
            text(language, "stats_complete", count=figures.included)
            if figures.complete
            else text(language, "stats_batched", count=figures.included, group=min_group_size)
        ],
        [],
        [text(language, "xlsx_started"), overview.started],
        [text(language, "report_in_progress"), overview.in_progress],
        [text(language, "report_submitted"), overview.submitted],
        [
            text(language, "report_completion"),
            _cell(sheet, overview.completion_rate, number_format=PERCENT),
        ],
        [
            f"{text(language, 'report_median_time')} "
            f"({text(language, 'report_minutes', minutes='').strip()})",
            _cell(sheet, overview.median_minutes, number_format=DECIMAL),
        ],
        [],
        _header(sheet, (text(language, "xlsx_day_short"), text(language, "xlsx_count"))),
    ]
    rows += [[_cell(sheet, date.fromisoformat(day)), n] for day, n in overview.per_day]
    rows += [
        [],
        _header(
            sheet,
            (
                "id",
                text(language, "xlsx_question"),
                text(language, "xlsx_answered"),
                text(language, "xlsx_skipped"),
                text(language, "xlsx_mean"),
                text(language, "xlsx_median"),
                text(language, "xlsx_texts"),
            ),
        ),
    ]
    pairs = list(zip(questionnaire.questions, figures.questions, strict=True))
    for question, f in pairs:
        rows.append(
            [
                question.id,
                questionnaire.text(question.text, language),
                f.answered,
                f.skipped,
                _cell(sheet, f.mean, number_format=DECIMAL),
                _cell(sheet, f.median, number_format=DECIMAL),
                f.texts,
            ]
        )
    rows += [
        [],
        _header(
            sheet,
            (
                "id",
                text(language, "xlsx_question"),
                "id",
                text(language, "xlsx_answer"),
                text(language, "xlsx_count"),
                text(language, "xlsx_share"),
            ),
        ),
    ]
    for question, f in pairs:
        for key, count in f.counts.items():
            share = count / f.answered if f.answered else None
            rows.append(
                [
                    question.id,
                    questionnaire.text(question.text, language),
                    key,
                    option_label(questionnaire, question, key, language),
                    count,
                    _cell(sheet, share, number_format=PERCENT),
                ]
            )
    for row in rows:
        sheet.append(row)
