"""The xlsx export, read back with openpyxl and checked against the known responses."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.app.settings import Settings
from bot.app.wiring import open_context
from bot.core.figures import Figures
from bot.core.questionnaire import Questionnaire
from bot.core.questions.multiple import MultipleChoice
from bot.core.questions.number import Number
from bot.core.questions.single import SingleChoice
from bot.i18n import text
from bot.rendering.figures_text import question_text
from bot.reports.tables import columns
from bot.reports.workbook import figures_xlsx, to_xlsx
from tests.support.counted import counted
from tests.support.reportdata import (
    COUNT,
    IN_PROGRESS,
    KNOWN,
    Known,
    applies,
    counts,
    filled_config,
)

ZONE = ZoneInfo("Europe/Brussels")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A database filled once for the whole module."""
    return asyncio.run(filled_config(tmp_path_factory.mktemp("workbook")))


async def export(settings: Settings, language: str = "fr") -> tuple[bytes, Figures]:
    """The workbook as `/export xlsx` makes it, and the figures it should hold."""
    async with open_context(settings) as context:
        exported = await context.results.export()
    content = await asyncio.to_thread(to_xlsx, exported, language)
    return content, exported.figures


def sheets(content: bytes) -> tuple[Worksheet, Worksheet]:
    workbook = load_workbook(io.BytesIO(content))
    responses, stats, _ = workbook.worksheets
    return responses, stats


def column_ids(content: bytes) -> list[str]:
    """The responses sheet's column ids, as its codebook (the last sheet) gives them."""
    codebook = load_workbook(io.BytesIO(content)).worksheets[-1]
    ids = []
    for letter, question, option, *_ in rows(codebook, 2):
        if letter is None:
            break
        ids.append(question if option is None else f"{question}.{option}")
    return ids


def rows(sheet: Worksheet, first: int = 1) -> Iterator[list[Any]]:
    for row in sheet.iter_rows(min_row=first, values_only=True):
        yield list(row)


async def test_responses_sheet_has_one_header_row_in_the_language_frozen(
    settings: Settings, fixture_survey: Questionnaire
) -> None:
    content, _ = await export(settings)
    responses, stats = sheets(content)
    assert (responses.title, stats.title) == ("Réponses", "Chiffres")
    assert responses.freeze_panes == "B2"
    titles, ids = next(rows(responses)), column_ids(content)
    assert ids == [c.id for c in columns(fixture_survey)]
    assert next(rows(responses, 2))[0] == 1, "the first response under the titles"
    assert titles[:4] == ["Réponse n°", "Langue", "Jour d'envoi", "Durée (minutes)"]
    by_id = dict(zip(ids, titles, strict=True))
    assert by_id["team"] == "Dans quelle équipe travaillez-vous ?"
    assert by_id["problems.workload"].endswith("| La charge de travail")
    assert by_id["team.other"].endswith("| Autre, précisez (texte)")
    assert responses.max_row == 1 + COUNT, "submitted responses only"
    assert responses["A1"].font.bold


def expected_row(respondent: Known, questionnaire: Questionnaire) -> dict[str, object]:
    """The cells of one known respondent, by column id, as the workbook should type them."""
    cells: dict[str, object] = {
        "language": text(respondent.language, "language_name"),
        "submitted_day": datetime.combine(respondent.submit.astimezone(ZONE).date(), time()),
        "duration_minutes": int((respondent.submit - respondent.begin).total_seconds() // 60),
    }
    for question in questionnaire.questions:
        reply = respondent.answers[question.id] if applies(respondent, question.id) else None
        if isinstance(question, MultipleChoice):
            for option in question.options:
                picked = isinstance(reply, list) and option.id in reply
                cells[f"{question.id}.{option.id}"] = int(picked) if reply is not None else None
        elif isinstance(question, SingleChoice) and isinstance(reply, list):
            chosen = question.option(reply[0])
            assert chosen is not None
            cells[question.id] = questionnaire.text(chosen.label, "fr")
        elif question.type == "yesno" and isinstance(reply, list):
            cells[question.id] = text("fr", "yes" if reply == ["yes"] else "no")
        elif question.type in ("scale", "number") and isinstance(reply, str):
            cells[question.id] = int(reply)
        else:
            cells[question.id] = reply
        if isinstance(question, SingleChoice | MultipleChoice) and any(
            o.other for o in question.options
        ):
            cells[f"{question.id}.other"] = respondent.other
    return cells


async def test_every_cell_holds_the_typed_answer(
    settings: Settings, fixture_survey: Questionnaire
) -> None:
    content, _ = await export(settings)
    responses, _ = sheets(content)
    ids = column_ids(content)
    # Rows come in the random order of the responses; each has its own duration (i + 1 min).
    by_duration = {
        int((r.submit - r.begin).total_seconds() // 60): expected_row(r, fixture_survey)
        for r in KNOWN
    }
    numbers = []
    for values in rows(responses, 2):
        cells = dict(zip(ids, values, strict=True))
        numbers.append(cells.pop("response"))
        expected = by_duration.pop(int(cells["duration_minutes"]))
        assert cells == expected
        for column, value in cells.items():
            wanted = type(expected[column])
            assert type(value) is wanted, (column, value)  # bool is not int, int is not float
    assert not by_duration
    assert numbers == list(range(1, COUNT + 1))


async def test_cells_are_typed_and_texts_are_never_formulas(settings: Settings) -> None:
    content, _ = await export(settings)
    responses, _ = sheets(content)
    ids = column_ids(content)
    column = {column_id: i + 1 for i, column_id in enumerate(ids)}
    kinds: dict[str, set[str]] = {}
    for row in range(2, 2 + COUNT):
        for column_id in ("response", "submitted_day", "hours", "trained", "shift"):
            cell = responses.cell(row, column[column_id])
            kinds.setdefault(column_id, set()).add(cell.data_type)
        other = responses.cell(row, column["team.other"])
        if other.value is not None:
            assert other.data_type == "s", other.value
    assert kinds == {
        "response": {"n"},
        "submitted_day": {"d"},
        "hours": {"n"},
        "trained": {"s"},
        "shift": {"s"},
    }
    day = responses.cell(2, column["submitted_day"])
    assert isinstance(day.value, datetime) and day.is_date
    assert day.value.date() in {date(2021, 3, 1), date(2021, 3, 2), date(2021, 3, 3)}


def tables(sheet: Worksheet) -> list[list[list[Any]]]:
    """The figures sheet's blocks of rows, split at blank rows."""
    blocks: list[list[list[Any]]] = [[]]
    for values in rows(sheet):
        if all(v is None for v in values):
            blocks.append([])
        else:
            blocks[-1].append(values)
    return [block for block in blocks if block]


def table(blocks: list[list[list[Any]]], *header: str) -> list[list[Any]]:
    """The rows of the block whose header row starts with `header`."""
    return next(b for b in blocks if b[0][: len(header)] == list(header))


async def test_figures_sheet_equals_the_stats(
    settings: Settings, fixture_survey: Questionnaire
) -> None:
    content, result = await export(settings)
    _, stats = sheets(content)
    blocks = tables(stats)
    overview = {row[0]: row[1] for row in table(blocks, "Commencées")}
    assert overview == {
        "Commencées": COUNT + IN_PROGRESS,
        "En cours": IN_PROGRESS,
        "Réponses envoyées": COUNT,
        "Dans les chiffres": COUNT,
        "Taux d'achèvement": pytest.approx(COUNT / (COUNT + IN_PROGRESS)),
        "Durée médiane (min)": result.overview.median_minutes,
    }
    per_day = table(blocks, "Jour", "Nombre")[1:]
    assert [(row[0].date(), row[1]) for row in per_day] == [
        (date(2021, 3, 1), 7),
        (date(2021, 3, 2), 7),
        (date(2021, 3, 3), 6),
    ]

    titles = {fixture_survey.text(q.text, "fr"): q.id for q in fixture_survey.questions}
    questions = table(blocks, "Question", "Ont répondu")[1:]
    assert [titles[row[0]] for row in questions] == [q.id for q in fixture_survey.questions]
    for row, question_figures in zip(questions, counted(result.questions), strict=True):
        assert row[1:6] == [
            question_figures.answered,
            question_figures.skipped,
            question_figures.mean,
            question_figures.median,
            question_figures.texts,
        ]

    by_question = {
        q.id: question_text(fixture_survey, q, result, "fr") for q in fixture_survey.questions
    }
    answered = {f.question_id: f.answered for f in counted(result.questions)}
    shown = 0
    for row in table(blocks, "Question", "Réponse")[1:]:
        title, label, count, share = row[:4]
        question_id = titles[title]
        question = fixture_survey.question(question_id)
        assert share == pytest.approx(count / answered[question_id])
        if isinstance(question, SingleChoice | MultipleChoice):
            key = next(
                o.id for o in question.options if fixture_survey.text(o.label, "fr") == label
            )
            assert count == counts(question_id)[key]
        if not isinstance(question, Number):  # /stats gives only the mean and median of numbers
            line = f"\n{label}\u00a0: "  # French: a no-break space before the colon
            assert line in by_question[question_id], (question_id, label)
            assert f": {count} ({100 * share:.0f}\u00a0%)" in by_question[question_id]
            shown += 1
    numbers = {q.id for q in fixture_survey.questions if isinstance(q, Number)}
    assert shown == sum(
        len(f.counts) for f in counted(result.questions) if f.question_id not in numbers
    )
    # team 3, shift 2, trained 2, usefulness 5, problems 4, reported 3, rating 11 options
    assert shown == 3 + 2 + 2 + 5 + 4 + 3 + 11


async def test_workbook_in_dutch(settings: Settings) -> None:
    content, _ = await export(settings, "nl")
    responses, stats = sheets(content)
    assert (responses.title, stats.title) == ("Antwoorden", "Cijfers")
    titles = next(rows(responses))
    assert "In welk team werkt u?" in titles
    values = {v for row in rows(responses, 2) for v in row if isinstance(v, str)}
    assert "Team noord" in values


async def test_headers_and_values_in_the_language_ids_in_the_codebook(
    settings: Settings, fixture_survey: Questionnaire
) -> None:
    content, _ = await export(settings)
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Réponses", "Chiffres", "Codes"]
    responses, stats, codebook = workbook.worksheets
    english = {"response", "submitted_day", "duration_minutes", "language", "id"}
    for sheet in (responses, stats):
        cells = {v for row in rows(sheet) for v in row if isinstance(v, str)}
        assert not cells & english, sheet.title
        assert not any(isinstance(v, bool) for row in rows(sheet) for v in row), "no VRAI/FAUX"
        assert not cells & {q.id for q in fixture_survey.questions}, sheet.title
    trained = column_ids(content).index("trained")
    assert {row[trained] for row in rows(responses, 2)} == {"Oui", "Non"}
    assert {row[1] for row in rows(responses, 2)} == {"Français", "Nederlands"}
    header = next(rows(codebook))
    assert header == [
        "Colonne",
        "Id de la question",
        "Id de la proposition",
        "Français",
        "Nederlands",
    ]
    entries = {(row[1], row[2]): row[3:] for row in rows(codebook, 2) if row[0] is None}
    assert entries[("trained", "yes")] == ["Oui", "Ja"]
    assert entries[("team", "north")] == ["Équipe nord", "Team noord"]
    assert entries[("team", None)] == [
        fixture_survey.text(fixture_survey.question("team").text, language)
        for language in ("fr", "nl")
    ]


async def test_the_admins_workbook_names_no_id_but_in_its_codebook(
    settings: Settings, fixture_survey: Questionnaire
) -> None:
    async with open_context(settings) as context:
        report = await context.results.report("fr", datetime(2021, 4, 1, tzinfo=ZONE))
    content = await asyncio.to_thread(figures_xlsx, report, "fr")
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Chiffres", "Codes"]
    stats, codebook = workbook.worksheets
    cells = [v for row in rows(stats) for v in row if isinstance(v, str)]
    ids = {q.id for q in fixture_survey.questions} | {"id", "north", "several_weekly"}
    assert not ids & set(cells)
    coded = {(row[1], row[2]) for row in rows(codebook, 2)}
    assert ("problems", "workload") in coded and ("team", None) in coded
