"""Two waves on real databases: the config's check, the owner's `survey-bot stats`, the figures
workbook and the PDF report side by side, and a closed wave's figures kept in memory.

Every figure is worked out by hand from the plans in `tests/support/waves.py`.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot import i18n
from bot.app.catalogue import load_registry, open_catalogue
from bot.app.settings import ConfigError, Settings, load_settings
from bot.app.wiring import AppContext
from bot.cli.main import check
from bot.cli.main import main as survey_bot
from bot.reports.pdf import render_report
from bot.reports.workbook import figures_xlsx
from tests.support.answering import drive
from tests.support.paths import WAVE_1_SURVEY, WAVE_2_SURVEY
from tests.support.reads import CountedReads
from tests.support.reportdata import pages
from tests.support.waves import (
    EARLIER,
    EARLIER_TITLE,
    LATER,
    MIN_GROUP_SIZE,
    WAVE_1,
    WAVE_2,
    replies,
    waves_config,
)

BOTH_OPEN = datetime(2021, 3, 24, 9, 0, tzinfo=UTC)
FIRST_WAVE_CLOSED = datetime(2021, 3, 26, 9, 0, tzinfo=UTC)


def fr(key: str, **values: str | int) -> str:
    return i18n.text("fr", key, **values)


percent = i18n.get("fr").percent


def flat(value: str) -> str:
    """Whitespace made single spaces, as `pages` gives a PDF's text."""
    return " ".join(value.split())


async def fill(settings: Settings) -> None:
    """Ten responses in each wave, given while both are open."""
    async with open_catalogue(settings) as catalogue:
        for survey_id, plans, first in ((EARLIER, WAVE_1, 7000), (LATER, WAVE_2, 8000)):
            context = catalogue.get(survey_id)
            assert context is not None
            for n, plan in enumerate(plans):
                await drive(
                    context.service, first + n, replies(plan), BOTH_OPEN, submit_at=BOTH_OPEN
                )


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = waves_config(tmp_path_factory.mktemp("waves"))
    asyncio.run(fill(settings))
    return settings


def two(catalogue: Any) -> tuple[AppContext, AppContext]:
    earlier, later = catalogue.get(EARLIER), catalogue.get(LATER)
    assert earlier is not None and later is not None
    return earlier, later


def test_a_wave_must_follow_another_survey_of_the_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'survey = "{WAVE_2_SURVEY}"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_registry(load_settings(path))
    message = str(error.value)
    assert message.startswith(f"{WAVE_2_SURVEY}: compares_with: 'waves-2021-a' is not a survey")
    assert "list the earlier wave's file in `surveys` too" in message


def test_check_says_which_survey_a_wave_is_compared_with(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(settings) == 0
    out = capsys.readouterr().out
    later = out[out.index(f"Survey {LATER}") :]
    assert (
        f"  compared with: {EARLIER} (its earlier wave); 3 question(s) compared; "
        "not compared: site (options differ); "
        "new: transfers; only in the earlier wave: since"
    ) in later
    assert "compared with" not in out[: out.index(f"Survey {LATER}")]


def test_the_owners_stats_show_both_waves(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert settings.config_file is not None
    code = survey_bot(["--config", str(settings.config_file), "stats", "--survey", LATER])
    assert code == 0
    out = capsys.readouterr().out
    assert fr("waves_heading", title=EARLIER_TITLE, id=EARLIER) in out
    # 6 of 10 "often" in wave 1, 3 of 10 in wave 2.
    share = fr(
        "waves_share", label="Souvent", earlier=percent(0.6), later=percent(0.3), change="-30"
    )
    assert f"   {share}\n" in out


async def report_of(settings: Settings, *, withheld: bool = False) -> Any:
    async with open_catalogue(settings) as catalogue:
        earlier, later = two(catalogue)
        return await later.results.report(
            "fr",
            FIRST_WAVE_CLOSED,
            earlier=None if withheld else earlier.results,
            withheld=withheld,
        )


def rows_of(content: bytes, sheet: str) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in workbook[sheet].iter_rows(values_only=True)]


async def test_the_figures_workbook_holds_both_waves(settings: Settings) -> None:
    report = await report_of(settings)
    content = figures_xlsx(report, "fr")
    rows = rows_of(content, fr("xlsx_waves"))
    assert rows[0][0] == fr("waves_heading", title=EARLIER_TITLE, id=EARLIER)
    assert rows[4] == tuple(
        fr(key)
        for key in (
            "xlsx_question",
            "xlsx_answer",
            "xlsx_earlier_answered",
            "xlsx_earlier",
            "xlsx_later_answered",
            "xlsx_later",
            "xlsx_change",
            "xlsx_status",
        )
    )
    # No id column: a question is named by its title, its id is in the codebook.
    assert report.waves is not None
    ids = {
        q.text(q.question(question_id).text, "fr"): question_id
        for q in (report.waves.earlier, report.questionnaire)
        for question_id in (question.id for question in q.questions)
    }
    by_answer = {(ids[row[0]], row[1]): row[2:] for row in rows[5:]}
    # question, answer: earlier answered, earlier share, later answered, later share, change,
    # status.
    often = by_answer[("unanswered", "Souvent")]
    assert often[:4] == (10, 0.6, 10, 0.3)
    assert often[4] == pytest.approx(-30)
    assert by_answer[("unanswered", "Parfois")][4] == pytest.approx(20)
    assert by_answer[("hours", fr("xlsx_mean"))][:5] == (10, 15, 10, 14, -1)
    assert by_answer[("hours", fr("xlsx_median"))][:5] == (10, 15, 10, 10, -5)
    hidden = by_answer[("escalated", None)]
    too_few = fr("stats_too_few", group=MIN_GROUP_SIZE)
    assert hidden == (6, None, None, too_few, None, fr("waves_no_change"))
    assert by_answer[("site", None)][5] == fr("waves_differs_options")
    assert by_answer[("transfers", None)][5] == fr("waves_new")
    assert by_answer[("since", None)][5] == fr("waves_gone")


async def test_the_pdf_report_holds_both_waves(settings: Settings) -> None:
    text = " ".join(pages(render_report(await report_of(settings))))
    assert flat(fr("waves_heading", title=EARLIER_TITLE, id=EARLIER)) in text
    for line in (
        fr("waves_share", label="Souvent", earlier=percent(0.6), later=percent(0.3), change="-30"),
        fr("waves_mean", earlier="15", later="14", change="-1"),
        fr("waves_no_change"),
        fr("waves_differs_options"),
        fr("waves_new"),
        fr("waves_gone"),
    ):
        assert flat(line) in text, line


async def test_a_reader_of_the_later_wave_only_gets_one_line(settings: Settings) -> None:
    report = await report_of(settings, withheld=True)
    assert report.waves is None
    text = " ".join(pages(render_report(report)))
    assert flat(fr("waves_withheld")) in text
    assert EARLIER_TITLE not in text and percent(0.6) not in text
    assert rows_of(figures_xlsx(report, "fr"), fr("xlsx_waves")) == [(fr("waves_withheld"),)]


async def test_a_closed_surveys_figures_are_read_once_until_it_opens_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        f'survey = "{WAVE_1_SURVEY}"\ndatabase = "wave-1.sqlite3"\nmin_group_size = 5\n',
        encoding="utf-8",
    )
    async with open_catalogue(load_settings(path)) as catalogue:
        context = catalogue.first
        for n, plan in enumerate(WAVE_1):
            await drive(context.service, 7000 + n, replies(plan), BOTH_OPEN, submit_at=BOTH_OPEN)
        results = context.results
        reads = CountedReads(results.store)
        results.store = reads
        first = await results.figures(FIRST_WAVE_CLOSED)
        again = await results.figures(FIRST_WAVE_CLOSED + timedelta(hours=1))
        assert first.included == again.included == 10
        assert reads.reads == 1, "a closed survey's figures are computed once"
        assert again == replace(first, overview=again.overview)

        # Opened again, one more response, closed again: the figures are computed anew.
        later = FIRST_WAVE_CLOSED + timedelta(days=1)
        await context.service.reopen(later + timedelta(days=1))
        await drive(context.service, 7100, replies(WAVE_1[0]), later, submit_at=later)
        await context.service.close(later + timedelta(hours=1))
        after = await results.figures(later + timedelta(hours=2))
        assert after.included == 11
        assert reads.reads == 2
        results.forget()
        await results.figures(later + timedelta(hours=2))
        assert reads.reads == 3
