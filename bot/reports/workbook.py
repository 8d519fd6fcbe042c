"""The spreadsheet exports, rendered with openpyxl (streaming, write-only mode), bytes out.

- `figures_xlsx`, the admins' workbook: the sheet of figures, and the free texts the report
  may list, from the report's input: never one row per person;
- `to_xlsx`, the data owner's workbook: a sheet of responses with typed cells (one row per
  person), and the sheet of figures over them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bot.app.results import ExportInput, ReportInput, Waves
from bot.core.answers import SubmittedResponse
from bot.core.characters import portable
from bot.core.figures import Figures, Hidden, QuestionFigures
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.core.questions.base import FigureKind
from bot.core.waves import Match, QuestionWaves
from bot.i18n import text
from bot.rendering.figures_text import hidden_text, option_label
from bot.rendering.waves_text import DIFFERENCE_KEYS, waves_heading, withheld_text
from bot.reports.tables import Value, column_title, columns, response_values

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
ID_FONT = Font(italic=True, color="555555")
PERCENT = "0%"
DECIMAL = "0.0"
DATE = "yyyy-mm-dd"


def to_xlsx(exported: ExportInput, language: str) -> bytes:
    """Return the data owner's workbook: the responses sheet, then the figures sheet."""
    workbook = Workbook(write_only=True)
    questionnaire = exported.questionnaire
    _responses_sheet(workbook, questionnaire, exported.responses, language)
    _figures_sheet(workbook, questionnaire, exported.figures, language, exported.min_group_size)
    return _saved(workbook)


def figures_xlsx(report: ReportInput, language: str) -> bytes:
    """Return the admins' workbook: the figures sheet, then a sheet of the free texts when
    the report may list some."""
    workbook = Workbook(write_only=True)
    questionnaire = report.questionnaire
    _figures_sheet(workbook, questionnaire, report.figures, language, report.min_group_size)
    if report.texts:
        _texts_sheet(workbook, questionnaire, report.texts, language)
    if report.waves is not None or report.waves_withheld:
        _waves_sheet(workbook, report, language)
    return _saved(workbook)


def _saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet: Any, value: Value, **style: Any) -> WriteOnlyCell:
    if isinstance(value, str):
        value = portable(value)  # what XML cannot hold would make the file unreadable
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    if isinstance(value, date):
        cell.number_format = DATE
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _statistic_cell(sheet: Any, question: Question, value: float | None) -> WriteOnlyCell:
    """A mean or median as the question gives it: a number, or a date cell for dates."""
    shown = None if value is None else question.statistic(value).value
    if isinstance(shown, date):
        return _cell(sheet, shown)
    return _cell(sheet, shown, number_format=DECIMAL)


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
        if column.answers is not None and (column.answers.wide or column.answers.other):
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
            if isinstance(value, str):
                kept = portable(value)
                row[i] = _cell(sheet, kept) if kept.startswith("=") else kept
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
        if isinstance(f, Hidden):
            title = questionnaire.text(question.text, language)
            rows.append([question.id, title, hidden_text(f, language)])
            continue
        rows.append(
            [
                question.id,
                questionnaire.text(question.text, language),
                f.answered,
                f.skipped,
                _statistic_cell(sheet, question, f.mean),
                _statistic_cell(sheet, question, f.median),
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
        if isinstance(f, Hidden):
            continue
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


def _texts_sheet(
    workbook: Workbook,
    questionnaire: Questionnaire,
    texts: Mapping[str, Sequence[str]],
    language: str,
) -> None:
    """The free texts as the report lists them: per question, sorted, nothing beside them."""
    sheet = workbook.create_sheet(text(language, "xlsx_free_texts"))
    for letter, width in zip("ABC", (22, 60, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    titles = ("id", text(language, "xlsx_question"), text(language, "xlsx_answer"))
    sheet.append(_header(sheet, titles))
    for question in questionnaire.questions:
        title = questionnaire.text(question.text, language)
        for value in texts.get(question.id, ()):
            sheet.append([question.id, title, _cell(sheet, value)])


def _waves_sheet(workbook: Workbook, report: ReportInput, language: str) -> None:
    """The survey beside the earlier wave it follows: per question and answer, each wave's
    share (or mean, median) and the change; or the line saying who may see it."""
    sheet = workbook.create_sheet(text(language, "xlsx_waves"))
    for letter, width in zip("ABCDEFGHI", (22, 60, 30, 12, 12, 12, 12, 12, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    waves = report.waves
    if waves is None:
        sheet.append([withheld_text(language)])
        return
    later = report.questionnaire
    for line in waves_heading(waves.earlier, waves.figures, language):
        sheet.append([line])
    sheet.append([])
    earlier, this = text(language, "xlsx_earlier"), text(language, "xlsx_later")
    titles = (
        "id",
        text(language, "xlsx_question"),
        text(language, "xlsx_answer"),
        f"{earlier} (n)",
        earlier,
        f"{this} (n)",
        this,
        text(language, "xlsx_change"),
        text(language, "xlsx_status"),
    )
    sheet.append(_header(sheet, titles))
    for row in waves.figures.questions:
        for values in _wave_rows(sheet, later, waves, row, language):
            sheet.append(values)


def _wave_rows(
    sheet: Any, later: Questionnaire, waves: Waves, row: QuestionWaves, language: str
) -> list[list[Any]]:
    """One question's rows in the waves sheet."""
    owner = waves.earlier if row.match is Match.GONE else later
    question = owner.question(row.question_id)
    head = [question.id, owner.text(question.text, language)]
    before, after, change = row.earlier, row.later, row.change
    if row.match is Match.NEW:
        return [[*head, None, None, None, None, None, None, text(language, "waves_new")]]
    if row.match is Match.GONE:
        return [[*head, None, None, None, None, None, None, text(language, "waves_gone")]]
    if row.difference is not None:
        status = text(language, DIFFERENCE_KEYS[row.difference])
        return [[*head, None, None, None, None, None, None, status]]
    if change is None or not isinstance(before, QuestionFigures):
        shown = [
            hidden_text(f, language) if isinstance(f, Hidden) else None for f in (before, after)
        ]
        counts = [f.answered if isinstance(f, QuestionFigures) else None for f in (before, after)]
        status = text(language, "waves_no_change")
        return [[*head, None, counts[0], shown[0], counts[1], shown[1], None, status]]
    assert isinstance(after, QuestionFigures)
    rows: list[list[Any]] = []
    if question.figure_kind is FigureKind.CHOICES:
        for key, points in change.points.items():
            rows.append(
                [
                    *head,
                    option_label(later, question, key, language),
                    before.answered,
                    _cell(
                        sheet, before.counts.get(key, 0) / before.answered, number_format=PERCENT
                    ),
                    after.answered,
                    _cell(sheet, after.counts.get(key, 0) / after.answered, number_format=PERCENT),
                    _cell(sheet, points, number_format=DECIMAL),
                ]
            )
    for key, was, now, value in (
        ("xlsx_mean", before.mean, after.mean, change.mean),
        ("xlsx_median", before.median, after.median, change.median),
    ):
        if value is not None:
            rows.append(
                [
                    *head,
                    text(language, key),
                    before.answered,
                    _statistic_cell(sheet, question, was),
                    after.answered,
                    _statistic_cell(sheet, question, now),
                    _cell(sheet, value, number_format=DECIMAL),
                ]
            )
    return rows
