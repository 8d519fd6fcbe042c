"""Decimals, dates and texts with a pattern in results: figures, /stats, charts, the PDF report
and the exports, over a database filled with ten known responses to the types survey."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from bot.app.results import ReportInput
from bot.app.settings import Settings, load_settings
from bot.app.wiring import open_context
from bot.core.figures import QuestionFigures
from bot.core.questionnaire import Questionnaire
from bot.core.questions.date import day_number
from bot.rendering.figures_text import breakdown_text, figures_text
from bot.reports.charts import DASH, breakdown_chart, question_chart, question_chart_png
from bot.reports.pdf import render_report
from bot.reports.tables import to_csv, to_json
from bot.reports.workbook import to_xlsx
from tests.support.answering import Reply, drive
from tests.support.counted import counted, counted_breakdown, counted_figures
from tests.support.paths import TYPES_SURVEY
from tests.support.sheets import column_ids, records

BEGIN = datetime(2021, 3, 1, 8, 0, tzinfo=UTC)
NOW = datetime(2021, 7, 1, 9, 0, tzinfo=UTC)  # after the deadline

# Typed as people would: a comma or a point, the day first or the ISO date.
DISTANCES = ("0,5", "2", "3.5", "7,2", "12,5", "12.5", "18", "25,3", "40", "101,5")
HIRED = (
    "11/02/2020",
    "2020-02-11",
    "03.03.2020",
    "15-01-2019",
    "1/6/2020",
    "28/02/2020",
    "2018-09-30",
    "11.02.2020",
    "01/01/2021",
    "30/06/2021",
)
POSTCODES: tuple[str | None, ...] = ("1000", None, "4000", "1000", None, "9000", "1000", None)
POSTCODES += ("2000", "3000")


def replies(i: int) -> dict[str, Reply]:
    """Respondent i's replies: the first five on the north site, the others on the south."""
    return {
        "site": ["north" if i < 5 else "south"],
        "distance": DISTANCES[i],
        "hired": HIRED[i],
        "postcode": POSTCODES[i],
    }


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A database with the ten known responses (seven in French, three in Dutch)."""
    folder = tmp_path_factory.mktemp("types")
    config = folder / "config.toml"
    config.write_text(
        f'survey = "{TYPES_SURVEY}"\ndatabase = "survey.sqlite3"\nmin_group_size = 5\n',
        encoding="utf-8",
    )
    settings = load_settings(config, environ={})

    async def fill() -> None:
        async with open_context(settings) as context:
            for i in range(10):
                begin = BEGIN + timedelta(hours=i)
                await drive(
                    context.service,
                    7000 + i,
                    replies(i),
                    begin,
                    language="fr" if i < 7 else "nl",
                    submit_at=begin + timedelta(minutes=3),
                )

    asyncio.run(fill())
    return settings


async def figures_of(settings: Settings) -> dict[str, QuestionFigures]:
    async with open_context(settings) as context:
        result = await counted_figures(context.store, context.questionnaire)
    return {f.question_id: f for f in counted(result.questions)}


# -- figures ---------------------------------------------------------------------------------


async def test_decimals_are_counted_with_their_mean_and_median(settings: Settings) -> None:
    distance = (await figures_of(settings))["distance"]
    assert distance.answered == 10 and distance.skipped == 0
    assert distance.counts == {
        "0.5": 1,
        "2": 1,  # a whole decimal is stored (and counted) as a whole number
        "3.5": 1,
        "7.2": 1,
        "12.5": 2,
        "18": 1,
        "25.3": 1,
        "40": 1,
        "101.5": 1,
    }
    assert distance.mean == pytest.approx(22.3)
    assert distance.median == 12.5


async def test_dates_are_counted_per_month_with_their_median_day(settings: Settings) -> None:
    hired = (await figures_of(settings))["hired"]
    assert hired.answered == 10 and hired.mean is None
    assert hired.counts == {
        "2018-09": 1,
        "2019-01": 1,
        "2020-02": 4,
        "2020-03": 1,
        "2020-06": 1,
        "2021-01": 1,
        "2021-06": 1,
    }
    # The fifth and sixth days are 11 and 28 February 2020: halfway, rounded down, the 19th.
    assert hired.median == (day_number(date(2020, 2, 11)) + day_number(date(2020, 2, 28))) / 2
    assert (await figures_of(settings))["postcode"].texts == 7


async def test_stats_text_in_french_and_dutch(
    settings: Settings, types_survey: Questionnaire
) -> None:
    async with open_context(settings) as context:
        result = await counted_figures(context.store, context.questionnaire)
    french = figures_text(types_survey, result, "fr", 5)
    assert "\n2. À quelle distance du travail" in french and "distance:" not in french
    assert "10 personnes ont répondu ; moyenne 22,3, médiane 12,5" in french
    assert "10 personnes ont répondu ; médiane 19 février 2020" in french
    assert "de septembre 2018 à juin 2021" in french
    assert "7 réponses écrites, 3 ont passé la question" in french
    assert "1000" not in french, "typed texts are counted, not shown"
    dutch = figures_text(types_survey, result, "nl", 5)
    assert "10 personen hebben geantwoord; gemiddelde 22,3, mediaan 12,5" in dutch
    assert "10 personen hebben geantwoord; mediaan 19 februari 2020" in dutch
    assert "van september 2018 tot juni 2021" in dutch


async def test_stats_broken_down_per_site(settings: Settings, types_survey: Questionnaire) -> None:
    async with open_context(settings) as context:
        split = await counted_breakdown(
            context.store, context.questionnaire, "site", min_group_size=5
        )
    assert [(g.key, g.respondents) for g in split.groups] == [("north", 5), ("south", 5)]
    shown = breakdown_text(types_survey, split, "fr")
    north, south = shown.split("== Site sud (5) ==")
    # North: 0.5, 2, 3.5, 7.2, 12.5 km; hired 2019-01-15, 2020-02-11 (twice), 03-03, 06-01.
    assert "5 personnes ont répondu ; moyenne 5,1, médiane 3,5" in north
    assert "5 personnes ont répondu ; médiane 11 février 2020" in north
    assert "5 personnes ont répondu ; moyenne 39,5, médiane 25,3" in south
    assert "5 personnes ont répondu ; médiane 28 février 2020" in south


# -- charts and the report -------------------------------------------------------------------


async def test_decimals_are_binned_in_steps_of_their_decimals(
    settings: Settings, types_survey: Questionnaire
) -> None:
    figures = await figures_of(settings)
    question = types_survey.question("distance")
    chart = question_chart(types_survey, question, figures["distance"], "fr")
    labels = [c.label for c in chart.categories]
    assert labels == [f"{low}{DASH}{low + 19},9" for low in range(0, 120, 20)]
    assert chart.series[0].counts == (7, 1, 1, 0, 0, 1)
    dutch = question_chart(types_survey, question, figures["distance"], "nl")
    assert dutch.categories[0].label == f"0{DASH}19,9"
    english = question_chart(types_survey, question, figures["distance"], "en")
    assert english.categories[0].label == f"0{DASH}19.9"


async def test_dates_are_charted_per_year_or_month(
    settings: Settings, types_survey: Questionnaire
) -> None:
    figures = await figures_of(settings)
    question = types_survey.question("hired")
    chart = question_chart(types_survey, question, figures["hired"], "fr")
    assert [c.label for c in chart.categories] == ["2018", "2019", "2020", "2021"]
    assert chart.series[0].counts == (1, 1, 6, 2)
    within_a_year = QuestionFigures("hired", 3, 0, {"2020-02": 2, "2020-06": 1})
    per_month = question_chart(types_survey, question, within_a_year, "nl")
    assert [c.label for c in per_month.categories] == [
        "februari 2020",
        "maart 2020",
        "april 2020",
        "mei 2020",
        "juni 2020",
    ]
    assert per_month.series[0].counts == (2, 0, 0, 0, 1)
    async with open_context(settings) as context:
        split = await counted_breakdown(
            context.store, context.questionnaire, "site", min_group_size=5
        )
    by_site = breakdown_chart(types_survey, question, split, "fr")
    assert [c.label for c in by_site.categories] == ["2018", "2019", "2020", "2021"]
    assert [s.counts for s in by_site.series] == [(0, 1, 4, 0), (1, 0, 2, 2)]


async def report_text(settings: Settings, language: str, by: str | None = None) -> str:
    async with open_context(settings) as context:
        questionnaire = context.questionnaire
        result = await counted_figures(context.store, context.questionnaire)
        split = None
        if by is not None:
            split = await counted_breakdown(
                context.store, context.questionnaire, by, min_group_size=5
            )
        schedule = await context.service.schedule()
    data = ReportInput(
        questionnaire,
        result,
        language,
        generated=NOW,
        zone=settings.zone,
        min_group_size=5,
        deadline=schedule.deadline,
        closed_at=schedule.closed_since(NOW),
        breakdown=split,
    )
    pdf = await asyncio.to_thread(render_report, data)
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


async def test_the_report_shows_decimals_and_dates_in_the_locale(settings: Settings) -> None:
    french = await report_text(settings, "fr")
    assert "10 personnes ont répondu ; moyenne 22,3, médiane 12,5" in french
    assert f"0{DASH}19,9" in french and f"100{DASH}119,9" in french
    assert "10 personnes ont répondu ; médiane 19 février 2020" in french
    assert "2018" in french and "2021" in french
    dutch = await report_text(settings, "nl", by="site")
    assert "Vestiging noord (n = 5): gemiddelde 5,1, mediaan 3,5" in dutch
    assert "Vestiging zuid (n = 5): mediaan 28 februari 2020" in dutch


async def test_the_stats_chart_draws_decimals_and_dates(
    settings: Settings, types_survey: Questionnaire
) -> None:
    async with open_context(settings) as context:
        result = await counted_figures(context.store, context.questionnaire)
    pairs = zip(types_survey.questions, result.questions, strict=True)
    for number, (question, figures) in enumerate(pairs, start=1):
        if question.type in ("decimal", "date"):
            png = question_chart_png(types_survey, number, question, figures, "fr")
            assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n"), question.id


# -- exports ---------------------------------------------------------------------------------


async def exported(settings: Settings, language: str = "fr") -> tuple[str, str, bytes]:
    async with open_context(settings) as context:
        export = await context.results.export()
    survey = export.questionnaire
    workbook = await asyncio.to_thread(to_xlsx, export, language)
    return to_csv(survey, export.responses), to_json(survey, export.responses), workbook


async def test_csv_and_json_give_numbers_and_iso_dates(settings: Settings) -> None:
    text, document, _ = await exported(settings)
    table = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert sorted(float(row["distance"]) for row in table) == sorted(
        float(d.replace(",", ".")) for d in DISTANCES
    )
    assert "12.5" in {row["distance"] for row in table}, "codes, not the locale's '12,5'"
    async with open_context(settings) as context:
        export = await context.results.export()
    for language in ("fr", "nl"):
        labelled = to_csv(export.questionnaire, export.responses, language)
        cells = {cell for row in csv.reader(io.StringIO(labelled), delimiter=";") for cell in row}
        assert "12,5" in cells and "12.5" not in cells, "the decimal comma of Belgian Excel"
    assert {row["hired"] for row in table} >= {"2020-02-11", "2018-09-30", "2021-06-30"}
    assert sorted(row["postcode"] for row in table) == sorted(p or "" for p in POSTCODES)
    responses = json.loads(document)["responses"]  # valid JSON: dates as ISO strings
    by_distance = {r["answers"]["distance"]["value"]: r["answers"] for r in responses}
    assert by_distance[101.5]["hired"] == {"value": "2021-06-30"}
    assert by_distance[0.5]["postcode"] == {"value": "1000"}
    assert by_distance[2]["postcode"] == {"value": None}
    assert isinstance(by_distance[2]["distance"]["value"], float)
    for row, item in zip(table, responses, strict=True):
        assert float(row["distance"]) == item["answers"]["distance"]["value"]
        assert row["hired"] == item["answers"]["hired"]["value"]


async def test_the_workbook_holds_floats_and_dates(
    settings: Settings, types_survey: Questionnaire
) -> None:
    _, _, content = await exported(settings)
    workbook = load_workbook(io.BytesIO(content))
    responses, stats, _ = workbook.worksheets
    ids = column_ids(workbook)
    values = records(workbook)
    distances = {row["distance"] for row in values}
    assert distances == {float(d.replace(",", ".")) for d in DISTANCES}
    # Numbers in the sheet (openpyxl reads a whole one back as an int), never texts.
    assert all(type(d) in (int, float) for d in distances)
    hired = [row["hired"] for row in values]
    assert all(isinstance(d, datetime) for d in hired), "date cells"
    assert date(2020, 2, 11) in {d.date() for d in hired}
    assert responses.cell(2, ids.index("hired") + 1).number_format == "yyyy-mm-dd"
    rows = [[cell.value for cell in row] for row in stats.iter_rows()]
    hired_title = types_survey.text(types_survey.question("hired").text, "fr")
    (hired_figures,) = [row for row in rows if row[0] == hired_title and row[1] == 10]
    assert hired_figures[3] is None and hired_figures[4].date() == date(2020, 2, 19)
    distance_title = types_survey.text(types_survey.question("distance").text, "fr")
    (distance_figures,) = [row for row in rows if row[0] == distance_title and row[1] == 10]
    assert distance_figures[3] == pytest.approx(22.3) and distance_figures[4] == 12.5
    months = {row[1]: row[2] for row in rows if row[0] == hired_title and isinstance(row[1], str)}
    assert months["février 2020"] == 4
    values_counted = {row[1] for row in rows if row[0] == distance_title}
    assert "12,5" in values_counted and "12.5" not in values_counted
