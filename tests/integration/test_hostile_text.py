"""Hostile typed texts through every output: the PDF report, the charts, the workbook, the CSV
and the JSON. Each is given the text as typed, as an answer stored by an earlier version that
did not clean it would be: every output must render or clean it, never fail."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image

from bot.app.results import ExportInput, ReportInput
from bot.app.settings import Settings
from bot.app.wiring import open_context
from bot.core.answers import Answer
from bot.core.questions.single import SingleChoice
from bot.reports.charts import question_chart_png
from bot.reports.pdf import TIMES, render_report
from bot.reports.tables import csv_bytes, to_json
from bot.reports.workbook import to_xlsx
from tests.integration.test_report_cli import cli, pdf_text
from tests.support.hostile import CASES, Hostile, unfit_for_drawing, unfit_for_files
from tests.support.reportdata import filled_config, pages

NOW = datetime(2021, 4, 1, 9, 0, tzinfo=UTC)  # after the deadline


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The known responses, free texts allowed in reports."""
    folder = tmp_path_factory.mktemp("hostile")
    return asyncio.run(filled_config(folder, show_free_text_in_reports=True))


@pytest.fixture(scope="module")
def report_input(settings: Settings) -> ReportInput:
    """The report's input from the results service, cut down to the question with an "other"
    option and the free-text question (a shorter PDF to draw for each text)."""

    async def read() -> ReportInput:
        async with open_context(settings) as context:
            return await context.results.report("fr", NOW, owner=True)

    data = asyncio.run(read())
    keep = [i for i, q in enumerate(data.questionnaire.questions) if q.id in ("team", "comments")]
    questions = [data.questionnaire.questions[i] for i in keep]
    figures = replace(data.figures, questions=tuple(data.figures.questions[i] for i in keep))
    assert data.texts is not None and set(data.texts) >= {"team", "comments"}
    survey = data.questionnaire.model_copy(update={"questions": questions, "scores": []})
    return replace(data, questionnaire=survey, figures=figures)


@pytest.fixture(scope="module")
def exported(settings: Settings) -> ExportInput:
    """The exports' input from the results service."""

    async def read() -> ExportInput:
        async with open_context(settings) as context:
            return await context.results.export()

    return asyncio.run(read())


def shows(output: str, hostile: Hostile) -> bool:
    """Whether every fragment of the text is in the output."""
    return all(fragment in output for fragment in hostile.shown)


def with_typed(exported: ExportInput, typed: str) -> ExportInput:
    """The export with the first response's comment and 'other' team being `typed`."""
    first, *rest = exported.responses
    answers = {**first.answers, "comments": Answer(typed), "team": Answer("other", typed)}
    return replace(exported, responses=[replace(first, answers=answers), *rest])


# -- the PDF report ------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", CASES)
def test_the_report_lists_the_text_readable(report_input: ReportInput, hostile: Hostile) -> None:
    data = replace(report_input, texts={"comments": [hostile.typed], "team": [hostile.typed]})
    text = " ".join(pages(render_report(data)))
    assert shows(text, hostile), text[-400:]
    assert unfit_for_drawing(text) == []


def test_survey_bot_report_draws_a_stored_byte_order_mark(tmp_path: Path) -> None:
    """Issue 22: one free text with U+FEFF, stored before answers were cleaned, made every
    report fail with an IndexError in matplotlib's PDF writer."""
    settings = asyncio.run(filled_config(tmp_path, show_free_text_in_reports=True))
    with closing(sqlite3.connect(settings.database)) as db, db:
        changed = db.execute(
            "UPDATE answers SET text = 'Bonne\ufeffidée' WHERE question = 'comments'"
            " AND text IS NOT NULL"
        ).rowcount
    assert changed >= 10, "enough answers for the texts to be listed"
    result = cli("report", "--output", "out.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    text = pdf_text(tmp_path / "out.pdf")
    assert f"Bonneidée ({TIMES}{changed})" in text


# -- the charts ------------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", CASES)
def test_a_chart_draws_the_text_in_its_title_and_labels(
    report_input: ReportInput, hostile: Hostile
) -> None:
    """Charts show the survey's own texts; a label pasted with the same characters draws too
    (any warning of a missing glyph fails the test)."""
    survey = report_input.questionnaire
    team = survey.question("team")
    assert isinstance(team, SingleChoice)
    typed = {"fr": hostile.typed, "nl": hostile.typed}
    options = [
        o.model_copy(update={"label": typed}) if o.id == "north" else o for o in team.options
    ]
    question = team.model_copy(update={"text": typed, "options": options})
    png = question_chart_png(survey, 1, question, report_input.figures.questions[0], "fr")
    assert png is not None
    with Image.open(io.BytesIO(png)) as image:
        assert image.width == 1080


# -- the workbook, the CSV, the JSON ---------------------------------------------------------


@pytest.mark.parametrize("hostile", CASES)
def test_the_workbook_opens_and_holds_the_text(exported: ExportInput, hostile: Hostile) -> None:
    content = to_xlsx(with_typed(exported, hostile.typed), "fr")
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = [[c for c in row if isinstance(c, str)] for row in sheet.iter_rows(values_only=True)]
    first = rows[1]  # under the titles
    assert sum(shows(cell, hostile) for cell in first) == 2, first  # the comment, the 'other'
    assert [unfit_for_files(cell) for row in rows for cell in row if unfit_for_files(cell)] == []


@pytest.mark.parametrize("hostile", CASES)
@pytest.mark.parametrize("language", [None, "fr"])
def test_the_csv_encodes_and_holds_the_text(
    exported: ExportInput, hostile: Hostile, language: str | None
) -> None:
    responses = with_typed(exported, hostile.typed).responses
    content = csv_bytes(exported.questionnaire, responses, language).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content, newline=""), delimiter=";"))
    assert sum(shows(cell, hostile) for cell in rows[1]) == 2, rows[1]
    assert unfit_for_files(content.replace("\r", "")) == []


@pytest.mark.parametrize("hostile", CASES)
def test_the_json_encodes_and_holds_the_text(exported: ExportInput, hostile: Hostile) -> None:
    responses = with_typed(exported, hostile.typed).responses
    content = to_json(exported.questionnaire, responses).encode("utf-8")
    answers = json.loads(content)["responses"][0]["answers"]
    assert shows(answers["comments"]["value"], hostile)
    assert shows(answers["team"]["other"], hostile)
    assert unfit_for_files(content.decode("utf-8")) == []
