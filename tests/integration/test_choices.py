"""Choice features in the terminal preview, the figures, the report and the exports, on the
tests' survey of choice features (tests/surveys/choices.toml) stored in a real database."""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
from collections.abc import Awaitable, Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from bot.app.settings import Settings, load_settings
from bot.app.wiring import open_context
from bot.cli.preview import run_preview
from bot.core.answers import Answer
from bot.core.figures import Figures
from bot.core.questionnaire import Questionnaire
from bot.core.questions.choice import ChoiceQuestion
from bot.rendering.figures_text import question_text
from bot.reports.charts import categories, question_chart_png
from bot.reports.pdf import render_report
from bot.reports.tables import to_csv
from bot.reports.workbook import to_xlsx
from tests.support.answering import Reply, drive
from tests.support.counted import counted
from tests.support.paths import CHOICES_SURVEY
from tests.support.sheets import records

START = datetime(2024, 5, 6, 8, 0, tzinfo=UTC)

# Typed and with buttons, by label, id and number; in French and Dutch.
RESPONSES: list[tuple[str, dict[str, Reply], str | None]] = [
    (
        "fr",
        {
            "year": ["y2024"],
            "grade": "5",
            "channel": "Courriel",
            "effects": ["none"],
            "frequency": "Souvent",
            "share": "30",
            "calls": "17",
        },
        None,
    ),
    (
        "fr",
        {
            "year": "2023",
            "grade": "Bien",
            "channel": ["intranet"],
            "effects": ["stress", "overtime"],
            "frequency": ["4"],
            "share": ["100"],
            "calls": None,
        },
        None,
    ),
    (
        "fr",
        {
            "year": ["before"],
            "grade": ["0"],
            "channel": ["no_preference"],
            "effects": "Du retard, Du stress",
            "frequency": "1",
            "share": "0",
            "calls": "0",
        },
        None,
    ),
    (
        "nl",
        {
            "year": "2022",
            "grade": "Zeer goed",
            "channel": "Vergadering",
            "effects": ["elsewhere"],
            "frequency": "Vaak",
            "share": "50",
            "calls": "20",
        },
        "Vergaderingen",
    ),
]


def write_config(directory: Path) -> Path:
    path = directory / "config.toml"
    path.write_text(
        f'survey = "{CHOICES_SURVEY}"\ndatabase = "survey.sqlite3"\nmin_group_size = 2\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A database holding the four responses, filled once for the module."""
    settings = load_settings(write_config(tmp_path_factory.mktemp("choices")), environ={})

    async def fill() -> None:
        async with open_context(settings) as context:
            for n, (language, answers, other) in enumerate(RESPONSES):
                begin = START + timedelta(hours=n)
                await drive(
                    context.service,
                    7000 + n,
                    answers,
                    begin,
                    other=other,
                    language=language,
                    submit_at=begin + timedelta(minutes=3),
                )

    asyncio.run(fill())
    return settings


async def exported(settings: Settings) -> tuple[Questionnaire, Figures, bytes, str]:
    """The figures, the workbook and the CSV, as the exports make them."""
    async with open_context(settings) as context:
        export = await context.results.export()
    workbook = await asyncio.to_thread(to_xlsx, export, "fr")
    return (
        export.questionnaire,
        export.figures,
        workbook,
        to_csv(export.questionnaire, export.responses),
    )


def counts(questionnaire: Questionnaire, figures: Figures, question_id: str) -> dict[str, int]:
    index = [q.id for q in questionnaire.questions].index(question_id)
    return dict(counted(figures.questions)[index].counts)


# -- figures -----------------------------------------------------------------------------------


async def test_figures_count_each_option_and_point_in_the_questionnaires_order(
    settings: Settings,
) -> None:
    questionnaire, figures, _, _ = await exported(settings)
    assert counts(questionnaire, figures, "year") == {
        "y2024": 1,
        "y2023": 1,
        "y2022": 1,
        "before": 1,
    }
    assert counts(questionnaire, figures, "grade") == {
        "5": 1,
        "4": 1,
        "3": 1,
        "2": 0,
        "1": 0,
        "0": 1,
    }
    assert counts(questionnaire, figures, "channel") == {
        "mail": 1,
        "intranet": 1,
        "meeting": 1,
        "letter": 0,
        "no_preference": 1,
    }
    assert counts(questionnaire, figures, "effects") == {
        "backlog": 1,
        "stress": 2,
        "overtime": 1,
        "none": 1,
        "elsewhere": 1,
    }
    assert counts(questionnaire, figures, "frequency") == {"1": 1, "2": 0, "3": 0, "4": 3, "5": 0}
    share = counts(questionnaire, figures, "share")
    assert list(share) == [str(v) for v in range(0, 101, 10)]
    assert {k: n for k, n in share.items() if n} == {"0": 1, "30": 1, "50": 1, "100": 1}
    calls = counts(questionnaire, figures, "calls")
    assert list(calls) == [str(v) for v in range(21)]
    assert {k: n for k, n in calls.items() if n} == {"0": 1, "17": 1, "20": 1}


async def test_stats_text_and_charts_say_the_labels(settings: Settings) -> None:
    questionnaire, figures, _, _ = await exported(settings)

    def detail(language: str) -> str:
        return "\n".join(
            question_text(questionnaire, q, figures, language) for q in questionnaire.questions
        )

    said = detail("fr")
    assert "\n4 \u2013 Souvent\u00a0: 3 (75\u00a0%)" in said
    assert "\n1 \u2013 Jamais\u00a0: 1 (25\u00a0%)" in said
    assert "\nAucun effet\u00a0: 1 (25\u00a0%)" in said
    assert "\n30\u00a0: 1 (25\u00a0%)" in said
    assert "\n4 \u2013 Vaak: 3 (75%)" in detail("nl")
    by_id = {
        q.id: (q, f)
        for q, f in zip(questionnaire.questions, counted(figures.questions), strict=True)
    }
    frequency, frequency_figures = by_id["frequency"]
    labels = [c.label for c in categories(questionnaire, frequency, [frequency_figures], "fr")]
    assert labels == [
        "1 \u2013 Jamais",
        "2 \u2013 Rarement",
        "3 \u2013 Parfois",
        "4 \u2013 Souvent",
        "5 \u2013 Toujours",
    ]
    share, share_figures = by_id["share"]
    labels = [c.label for c in categories(questionnaire, share, [share_figures], "fr")]
    assert labels == ["0 \u2013 Aucune", *(str(v) for v in range(10, 100, 10)), "100 \u2013 Tout"]


async def test_the_report_shows_the_labels(settings: Settings) -> None:
    async with open_context(settings) as context:
        data = await context.results.report("fr", START + timedelta(days=1), owner=True)
    pdf = await asyncio.to_thread(render_report, data)
    text = " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    for label in ("4 \u2013 Souvent", "1 \u2013 Jamais", "Aucun effet", "100 \u2013 Tout", "2024"):
        assert label in text, label


# -- exports -----------------------------------------------------------------------------------


async def test_the_csv_keeps_the_questionnaires_order_and_codes(settings: Settings) -> None:
    _, _, _, table = await exported(settings)
    rows = list(csv.DictReader(io.StringIO(table, newline=""), delimiter=";"))
    header = list(rows[0])
    effects = [c for c in header if c.startswith("effects.")]
    assert effects == [
        "effects.backlog",
        "effects.stress",
        "effects.overtime",
        "effects.none",
        "effects.elsewhere",
        "effects.other",
    ], "the questionnaire's order, whatever order each person saw"
    by_year = {row["year"]: row for row in rows}
    assert set(by_year) == {"y2024", "y2023", "y2022", "before"}
    first = by_year["y2024"]
    assert (first["grade"], first["channel"], first["frequency"]) == ("5", "mail", "4")
    assert [first[c] for c in effects] == ["0", "0", "0", "1", "0", ""]
    assert (first["share"], first["calls"]) == ("30", "17")
    assert by_year["y2023"]["calls"] == ""
    assert by_year["before"]["effects.backlog"] == "1" and by_year["before"]["grade"] == "0"
    assert by_year["y2022"]["channel"] == "meeting"


async def test_the_workbook_types_points_and_labels_options(settings: Settings) -> None:
    questionnaire, _, content, _ = await exported(settings)
    workbook = load_workbook(io.BytesIO(content))
    _, stats, _ = workbook.worksheets
    rows = records(workbook)
    by_year = {row["year"]: row for row in rows}
    assert set(by_year) == {"2024", "2023", "2022", "Avant 2022"}, "options by their label"
    assert by_year["2024"]["frequency"] == 4 and by_year["2024"]["share"] == 30
    assert by_year["2024"]["grade"] == "Excellent"
    assert by_year["2024"]["effects.none"] == 1 and by_year["2024"]["effects.stress"] == 0
    figures = [[c.value for c in row] for row in stats.iter_rows()]
    titles = {q.id: questionnaire.text(q.text, "fr") for q in questionnaire.questions}
    frequency = [row[1:3] for row in figures if row[0] == titles["frequency"]]
    assert ["4 \u2013 Souvent", 3] in frequency
    assert ["2 \u2013 Rarement", 0] in frequency
    share = [row[1:3] for row in figures if row[0] == titles["share"]]
    assert ["30", 1] in share


# -- the terminal preview ----------------------------------------------------------------------


def scripted(lines: list[str]) -> Callable[[str], Awaitable[str | None]]:
    pending = list(lines)

    async def read(prompt: str) -> str | None:
        return pending.pop(0) if pending else None

    return read


async def preview(settings: Settings, database: Path, lines: list[str]) -> str:
    out: list[str] = []
    code = await run_preview(
        settings, language="fr", database=str(database), read=scripted(lines), write=out.append
    )
    assert code == 0
    return "\n".join(out)


async def test_the_preview_lists_what_to_type_in_the_order_shown(tmp_path: Path) -> None:
    settings = load_settings(write_config(tmp_path), environ={})
    database = tmp_path / "preview.sqlite3"
    out = await preview(settings, database, ["2", "2024", "1", "q"])
    assert "- 2024\n- 2023\n- 2022\n- Avant 2022" in out, "labels that are numbers: no position"
    assert "! Choisissez une des propositions (bouton ou numéro)." in out
    assert "5. Excellent\n4. Très bien\n3. Bien\n2. Passable\n1. Mauvais\n0. Nul" in out
    with closing(sqlite3.connect(database)) as db:  # the preview's session, left in progress
        ((token,),) = db.execute("SELECT token FROM sessions WHERE started_at IS NOT NULL")
    async with open_context(settings, database=database) as context:
        session = await context.store.session(token)
        assert session is not None
        assert session.state.answers == {"year": Answer("y2024"), "grade": Answer("1")}
        channel = context.questionnaire.question("channel")
        assert isinstance(channel, ChoiceQuestion)
        order = [context.questionnaire.text(o.label, "fr") for o in channel.shown(session.token)]
    listing = "\n".join(f"{n}. {label}" for n, label in enumerate(order, start=1))
    assert listing in out
    assert order[-1] == "Sans préférence"

    # Again, as after a restart: the same order; typed positions follow it.
    out = await preview(
        settings,
        database,
        [
            "1",
            "Aucun effet, Du stress",
            "Aucun effet",
            "Souvent",
            "15",
            "30",
            "s",
            "submit",
        ],
    )
    assert listing in out
    assert f"→ {order[0]}" in out
    assert "! « Aucun effet » se choisit seul" in out
    assert "4. Souvent" in out and "1. Jamais" in out
    assert "[0, 10 … 100]" in out
    assert "! Choisissez une note de 0 à 100, par pas de 10." in out
    for said in ("→ 2024", "→ Mauvais", "→ Aucun effet", "→ Souvent", "→ 30", "→ (passée)"):
        assert said in out
    assert out.rstrip().endswith("Merci pour vos choix !")


async def test_a_long_scale_is_drawn_in_bars_of_consecutive_points(tmp_path: Path) -> None:
    survey = tmp_path / "long.toml"
    survey.write_text(
        'id = "long"\nlanguages = ["fr"]\ntitle = "Longue"\nintro = "Intro"\nthanks = "Merci"\n'
        '[[questions]]\nid = "long"\ntype = "scale"\nmin = 1\nmax = 98\ntext = "De 1 à 98 ?"\n',
        encoding="utf-8",
    )
    config = tmp_path / "config.toml"
    config.write_text(f'survey = "{survey}"\ndatabase = "survey.sqlite3"\n', encoding="utf-8")
    settings = load_settings(config, environ={})
    async with open_context(settings) as context:
        for n, value in enumerate((1, 5, 10, 11, 98)):
            await drive(context.service, 8000 + n, {"long": str(value)}, START, submit_at=START)
        figures = await context.results.figures(START, owner=True)
        data = await context.results.report("fr", START, owner=True)
    question = data.questionnaire.questions[0]
    bars = categories(data.questionnaire, question, counted(figures.questions), "fr")
    assert [c.label for c in bars] == [
        f"{low}\u2013{min(low + 9, 98)}" for low in range(1, 99, 10)
    ]
    assert bars[0].keys == tuple(str(v) for v in range(1, 11))
    pdf = await asyncio.to_thread(render_report, data)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2, "the key figures, and one page for the question"
    text = " ".join((reader.pages[1].extract_text() or "").split())
    assert "1\u201310" in text and "91\u201398" in text
    assert question_chart_png(data.questionnaire, 1, question, figures.questions[0], "fr")
