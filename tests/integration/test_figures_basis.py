"""Which responses the figures rest on, said the same way at each place: /stats, the report's
first page and the workbook's figures sheet, while the survey is open and its figures are
released in batches (12 submitted, 10 released)."""

from __future__ import annotations

import asyncio
import io
import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.app.results import ReportInput
from bot.app.settings import load_settings
from bot.app.wiring import open_context
from bot.core.figures import Figures, QuestionFigures
from bot.i18n import text
from bot.rendering.figures_text import figures_text
from bot.reports.pdf import render_report
from bot.reports.workbook import figures_xlsx
from tests.support.reportdata import KNOWN, drive, pages, write_config

OPEN = datetime(2021, 3, 10, 9, 0, tzinfo=UTC)  # before the fixture survey's deadline
RELEASED, SUBMITTED, GROUP = 10, 12, 5


@dataclass(frozen=True)
class Seen:
    """What /stats and /export xlsx read at the same moment."""

    stats: Figures
    report: ReportInput


@pytest.fixture
async def seen(tmp_path: Path) -> Seen:
    settings = load_settings(write_config(tmp_path))
    async with open_context(settings) as context:
        for respondent in KNOWN[:RELEASED]:
            await drive(context.service, respondent)
        await context.results.figures(OPEN)  # the first ten released
        for respondent in KNOWN[RELEASED:SUBMITTED]:
            await drive(context.service, respondent)
        stats = await context.results.figures(OPEN)
        report = await context.results.report("fr", OPEN)
    return Seen(stats, report)


def plain(value: str) -> str:
    return " ".join(value.replace("\xa0", " ").split())


BASIS = (
    "12 réponses envoyées ; les chiffres portent sur 10 (publiées par groupes de 5 pour que "
    "personne ne soit reconnaissable). Prochains chiffres à 15 réponses envoyées."
)


async def test_stats_say_what_the_figures_rest_on_and_why(seen: Seen) -> None:
    assert (seen.stats.overview.submitted, seen.stats.included) == (SUBMITTED, RELEASED)
    shown = figures_text(seen.report.questionnaire, seen.stats, "fr", GROUP)
    assert BASIS in plain(shown)


async def test_the_reports_first_page_shows_both_counts_and_why(seen: Seen) -> None:
    first = pages(await asyncio.to_thread(render_report, seen.report))[0]
    assert f"{SUBMITTED} Réponses envoyées" in first
    assert f"{RELEASED} {text('fr', 'report_included')}" in first
    assert BASIS in first


def sheet_rows(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]  # the figures, then the codebook
    return [list(row) for row in sheet.iter_rows(values_only=True)]


async def test_the_workbook_rests_on_the_stats_basis_and_says_so(seen: Seen) -> None:
    rows = sheet_rows(await asyncio.to_thread(figures_xlsx, seen.report, "fr"))
    assert plain(rows[1][0]) == BASIS
    labelled = {row[0]: row[1] for row in rows if row and isinstance(row[0], str)}
    assert labelled[text("fr", "report_submitted")] == SUBMITTED
    assert labelled[text("fr", "report_included")] == RELEASED
    answered = {
        f.question_id: f.answered for f in seen.stats.questions if isinstance(f, QuestionFigures)
    }
    questionnaire = seen.report.questionnaire
    by_title = {questionnaire.text(q.text, "fr"): q.id for q in questionnaire.questions}
    in_sheet = {  # a question's title, then how many answered it
        by_title[title]: after
        for row in rows
        for title, after in itertools.pairwise(row)
        if title in by_title and isinstance(after, int)
    }
    assert in_sheet and all(answered[q] == n for q, n in in_sheet.items()), (in_sheet, answered)
