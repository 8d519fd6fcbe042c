"""The spreadsheet exports, rendered with openpyxl (streaming, write-only mode), bytes out.

- `figures_xlsx`, the admins' workbook: the sheet of figures, and the free texts the report
  may list, from the report's input: never one row per person;
- `to_xlsx`, the data owner's workbook: a sheet of responses with typed cells (one row per
  person), and the sheet of figures over them.

Headers and values are in the reader's language (yes/no in words, never TRUE/FALSE); the ids of
questions, options and columns are in one place, the codebook sheet at the end, with each
label in every language of the survey.
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
from bot.core.questions.choice import ChoiceQuestion
from bot.core.questions.yesno import YesNo
from bot.core.waves import Match, QuestionWaves
from bot.i18n import text
from bot.rendering.figures_text import hidden_text, option_label, scope_line
from bot.rendering.waves_text import DIFFERENCE_KEYS, waves_heading, withheld_text
from bot.reports.tables import Column, Value, column_title, columns, response_values

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
    _codebook_sheet(workbook, questionnaire, language, columns(questionnaire))
    return _saved(workbook)


def figures_xlsx(report: ReportInput, language: str) -> bytes:
    """Return the admins' workbook: the figures sheet, a sheet of the free texts when the
    report may list some, the waves sheet when the survey follows an earlier wave, and the
    codebook."""
    workbook = Workbook(write_only=True)
    questionnaire = report.questionnaire
    _figures_sheet(workbook, questionnaire, report.figures, language, report.min_group_size)
    if report.texts:
        _texts_sheet(workbook, questionnaire, report.texts, language)
    if report.waves is not None or report.waves_withheld:
        _waves_sheet(workbook, report, language)
    _codebook_sheet(workbook, questionnaire, language)
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
    sheet.freeze_panes = "B2"
    sheet.row_dimensions[1].height = 75
    wrap_top = Alignment(wrap_text=True, vertical="top")
    sheet.append(
        _header(
            sheet,
            (column_title(questionnaire, c, language) for c in cols),
            alignment=wrap_top,
        )
    )
    spoken = [c.question is None and c.score is None and c.id == "language" for c in cols]
    for number, response in enumerate(responses, start=1):
        row: list[Any] = response_values(questionnaire, cols, number, response, language)
        for i, value in enumerate(row):
            if spoken[i] and isinstance(value, str):
                row[i] = text(value, "language_name")  # the name of the response's language
            elif isinstance(value, bool):
                row[i] = text(language, "yes" if value else "no")
            elif isinstance(value, str):
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
    for letter, width in zip("ABCDEF", (60, 14, 40, 12, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    overview = figures.overview
    rows: list[list[Any]] = [
        [_cell(sheet, questionnaire.text(questionnaire.title, language), font=TITLE)],
        [scope_line(figures, language, min_group_size)],
        [],
        [text(language, "xlsx_started"), overview.started],
        [text(language, "report_in_progress"), overview.in_progress],
        [text(language, "report_submitted"), overview.submitted],
        [text(language, "report_included"), figures.included],
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
            rows.append([title, hidden_text(f, language)])
            continue
        rows.append(
            [
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
                text(language, "xlsx_question"),
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
                    questionnaire.text(question.text, language),
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
    for letter, width in zip("AB", (60, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    titles = (text(language, "xlsx_question"), text(language, "xlsx_answer"))
    sheet.append(_header(sheet, titles))
    for question in questionnaire.questions:
        title = questionnaire.text(question.text, language)
        for value in texts.get(question.id, ()):
            sheet.append([title, _cell(sheet, value)])


def _codebook_sheet(
    workbook: Workbook,
    questionnaire: Questionnaire,
    language: str,
    cols: Sequence[Column] = (),
) -> None:
    """The ids, for those who need them: each column of the responses sheet (its letter, the
    question's id, the option's), then each question and each of its answers, with its
    label in every language of the survey."""
    sheet = workbook.create_sheet(text(language, "xlsx_codebook"))
    languages = questionnaire.languages
    for letter, width in zip("ABC", (10, 22, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    for i in range(len(languages)):
        sheet.column_dimensions[get_column_letter(4 + i)].width = 60
    titles = [
        text(language, "xlsx_column"),
        text(language, "xlsx_question_id"),
        text(language, "xlsx_option_id"),
        *(text(other, "language_name") for other in languages),
    ]
    sheet.append(_header(sheet, titles))
    for i, column in enumerate(cols, start=1):
        question_id, option_id = _column_ids(column)
        titles = [column_title(questionnaire, column, other) for other in languages]
        sheet.append([get_column_letter(i), question_id, option_id, *titles])
    if cols:
        sheet.append([])
    for question in questionnaire.questions:
        labels = [questionnaire.text(question.text, other) for other in languages]
        sheet.append([None, _cell(sheet, question.id, font=ID_FONT), None, *labels])
        for key in _value_keys(question):
            labels = [option_label(questionnaire, question, key, other) for other in languages]
            sheet.append([None, question.id, _cell(sheet, key, font=ID_FONT), *labels])


def _column_ids(column: Column) -> tuple[str, str | None]:
    """A responses column's question id (or its own id, for a response's day, language…) and
    its option's id, if it is an option's column."""
    if column.score is not None:
        return column.id, None
    if column.answers is None:
        return column.id, None
    option = column.answers.option
    return column.answers.question_id, None if option is None else option.id


def _value_keys(question: Question) -> list[str]:
    """The answers a question's cells and figures name by a label: its options, or yes/no."""
    if isinstance(question, ChoiceQuestion):
        return [option.id for option in question.options]
    if isinstance(question, YesNo):
        return ["yes", "no"]
    return []


def _waves_sheet(workbook: Workbook, report: ReportInput, language: str) -> None:
    """The survey beside the earlier wave it follows: per question and answer, each wave's
    share (or mean, median) and the change; or the line saying who may see it."""
    sheet = workbook.create_sheet(text(language, "xlsx_waves"))
    for letter, width in zip("ABCDEFGH", (60, 30, 14, 12, 14, 12, 12, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    waves = report.waves
    if waves is None:
        sheet.append([withheld_text(language)])
        return
    later = report.questionnaire
    for line in waves_heading(waves.earlier, waves.figures, language):
        sheet.append([line])
    sheet.append([])
    titles = (
        text(language, "xlsx_question"),
        text(language, "xlsx_answer"),
        text(language, "xlsx_earlier_answered"),
        text(language, "xlsx_earlier"),
        text(language, "xlsx_later_answered"),
        text(language, "xlsx_later"),
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
    head = [owner.text(question.text, language)]  # its id is in the codebook
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
