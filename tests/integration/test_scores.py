"""Scores over stored responses: in the figures, released in batches, in every export."""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import io
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook
from PIL import Image

from bot.app.results import ResultsService
from bot.app.settings import Settings
from bot.cli.preview import run_preview
from bot.core.figures import OTHER_GROUPS, Hidden, ScoreFigures
from bot.core.questionnaire import load_questionnaire, parse_questionnaire
from bot.rendering.figures_text import figures_text
from bot.reports.charts import score_chart_png, score_figure
from bot.reports.figure_tables import figures_csv, figures_json
from bot.reports.pdf import render_report
from bot.reports.tables import to_csv, to_json
from bot.reports.workbook import to_xlsx
from storage.pepper import Pepper
from tests.support.answering import ZONE, Harness, Reply, drive
from tests.support.counted import counted
from tests.support.headers import ENGLISH_HEADER, site_question
from tests.support.paths import SURVEYS
from tests.support.reportdata import pages

START = datetime(2020, 2, 4, 9, 0, tzinfo=UTC)
# Raw WHO-5 sums 15, 25, 12, 0 and 20, times 4.
RESPONSES = [
    ["all", "most", "more-half", "less-half", "some"],
    ["all"] * 5,
    ["more-half", "more-half", "less-half", "less-half", "less-half"],
    ["never"] * 5,
    ["most"] * 5,
]
SCORES = [60.0, 100.0, 48.0, 0.0, 80.0]


async def answered(tmp_path: Path, count: int, batch: int = 1) -> tuple[Harness, ResultsService]:
    survey = load_questionnaire(SURVEYS / "examples" / "who5.toml")
    harness = Harness(tmp_path / "who5.sqlite3", survey, Pepper.create(tmp_path / "p.pepper"))
    harness.batch = batch
    service = await harness.open()
    for user, answers in enumerate(RESPONSES[:count], start=1):
        replies = {f"who5_{i}": [a] for i, a in enumerate(answers, start=1)}
        await drive(service, user, replies, START, submit_at=START + timedelta(minutes=1))
    assert harness.store is not None
    results = ResultsService(
        survey, harness.store, service.schedule, min_group_size=5, show_free_text=False, zone=ZONE
    )
    return harness, results


async def test_the_score_is_a_figure_released_in_batches(tmp_path: Path) -> None:
    harness, results = await answered(tmp_path, 4)
    try:
        early = await results.figures(START + timedelta(hours=1))
        assert early.included == 0
        assert early.scores == (Hidden("wellbeing", 5),), "no score before a whole batch"
        owner = await results.figures(START, owner=True)
        assert owner.scores == (Hidden("wellbeing", 5),), "4 scored: under the threshold"
        assert harness.store is not None
        service = harness.service()
        await drive(
            service,
            5,
            {f"who5_{i}": [a] for i, a in enumerate(RESPONSES[4], start=1)},
            START,
            submit_at=START + timedelta(minutes=1),
        )
        released = await results.figures(START + timedelta(hours=1))
        (score,) = released.scores
        assert isinstance(score, ScoreFigures)
        assert score.scored == 5
        assert score.mean == sum(SCORES) / 5 == 57.6
        assert score.median == 60.0
        assert score.bands == (1, 1, 3)  # 0 | 48 | 60, 80, 100
        text = figures_text(results.questionnaire, released, "fr", 5)
        assert "wellbeing" not in text, "no internal id"
        assert "\nBien-être (OMS-5, 0-100)\n" in text
        assert "5 réponses ont un score ; moyenne 57,6, médiane 60" in text
        assert "≤ 50 bien-être faible: 1 (20\u00a0%)" in text
    finally:
        await harness.close()


async def test_every_export_has_a_column_per_score(tmp_path: Path) -> None:
    harness, results = await answered(tmp_path, 5, batch=5)
    try:
        exported = await results.export()
    finally:
        await harness.close()
    survey = exported.questionnaire
    rows = list(csv.DictReader(io.StringIO(to_csv(survey, exported.responses)), delimiter=";"))
    assert sorted(float(row["score.wellbeing"]) for row in rows) == sorted(SCORES)
    body = json.loads(to_json(survey, exported.responses))
    assert sorted(r["scores"]["wellbeing"] for r in body["responses"]) == sorted(SCORES)
    sheet = load_workbook(io.BytesIO(to_xlsx(exported, "nl")), read_only=True).worksheets[0]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    column = header.index("Welzijn (WHO-5, 0-100)")
    values = [row[column].value for row in sheet.iter_rows(min_row=2)]
    assert sorted(values) == sorted(SCORES)


async def test_the_admins_figures_give_the_score_as_counts_never_per_person(
    tmp_path: Path,
) -> None:
    harness, results = await answered(tmp_path, 5, batch=5)
    try:
        report = await results.report("fr", START + timedelta(hours=1))
    finally:
        await harness.close()
    codes = list(csv.reader(io.StringIO(figures_csv(report).decode("utf-8-sig")), delimiter=";"))
    score_rows = [row for row in codes if row[0] == "score.wellbeing"]
    assert sorted(score_rows) == sorted(
        ["score.wellbeing", f"{value:g}", "1", "5"] for value in SCORES
    )
    labelled = figures_csv(report, "fr").decode("utf-8-sig")
    assert "Bien-être (OMS-5, 0-100);60;1;5;20\u00a0%" in labelled
    (score,) = json.loads(figures_json(report))["scores"]
    assert (score["scored"], score["mean"], score["bands"]) == (5, 57.6, [1, 1, 3])


async def test_the_report_shows_the_battery_as_one_chart_and_the_score(tmp_path: Path) -> None:
    harness, results = await answered(tmp_path, 5, batch=5)
    try:
        data = await results.report("fr", START + timedelta(days=1))
    finally:
        await harness.close()
    text = " ".join(pages(await asyncio.to_thread(render_report, data)))
    assert "1-5. Au cours des deux dernières semaines…" in text
    for label in ("Jamais", "Tout le temps", "De temps en temps"):
        assert label in text, "the answers are the chart's legend and the table's columns"
    assert "Bien-être (OMS-5, 0-100)" in text
    assert "5 réponses ont un score ; moyenne 57,6, médiane 60" in text
    assert "≤ 28 dépression probable: 1 (20 %)" in text
    assert "≤ 100 bien-être correct: 3 (60 %)" in text


async def test_the_preview_shows_the_stem_once_and_the_items(tmp_path: Path) -> None:
    survey_path = SURVEYS / "examples" / "who5.toml"
    settings = Settings.model_validate(
        {"survey": survey_path, "database": tmp_path / "data" / "db.sqlite3", "admins": []}
    )
    lines = iter(["fr", "1", "2", "3", "6", "2", "submit"])
    shown: list[str] = []

    async def read(prompt: str) -> str | None:
        shown.append(prompt)
        return next(lines, None)

    assert (
        await run_preview(settings, language=None, database=None, read=read, write=shown.append)
        == 0
    )
    survey = load_questionnaire(survey_path)
    stem = survey.text(survey.battery("who5").text, "fr")
    assert sum(stem in line for line in shown) == 1
    for question in survey.questions:
        assert any(survey.text(question.text, "fr") in line for line in shown)
    assert any("Tout le temps" in line for line in shown), "the options are listed to type"


async def test_in_a_breakdown_the_score_is_computed_per_group_small_groups_merged(
    tmp_path: Path,
) -> None:
    survey = parse_questionnaire(
        {
            **ENGLISH_HEADER,
            "questions": [
                site_question("north", "south", "east", "west"),
                {"id": "a", "type": "scale", "text": "A?", "min": 1, "max": 5},
                {"id": "b", "type": "scale", "text": "B?", "min": 1, "max": 5},
            ],
            "scores": [{"id": "total", "label": "Total", "items": ["a", "b"]}],
        },
        "sites.toml",
    )
    harness = Harness(tmp_path / "sites.sqlite3", survey, Pepper.create(tmp_path / "p.pepper"))
    service = await harness.open()
    # North: 5 people scoring 2 to 6; south 5 scoring 10; east 3 and west 2 scoring 7: merged.
    people = [("north", a, 1) for a in range(1, 6)] + [("south", 5, 5)] * 5
    people += [("east", 4, 3)] * 3 + [("west", 3, 4)] * 2
    try:
        for user, (site, a, b) in enumerate(people, start=1):
            given: dict[str, Reply] = {"site": [site], "a": str(a), "b": str(b)}
            await drive(service, user, given, START, language="en", submit_at=START)
        assert harness.store is not None
        store, schedule = harness.store, service.schedule
        results = ResultsService(
            survey, store, schedule, min_group_size=5, show_free_text=False, zone=ZONE
        )
        split = await results.breakdown("site", START, owner=True)
    finally:
        await harness.close()
    scores = {group.key: counted(group.scores)[0] for group in split.groups}
    assert set(scores) == {"north", "south", OTHER_GROUPS}
    assert (scores["north"].scored, scores["north"].mean) == (5, (2 + 3 + 4 + 5 + 6) / 5)
    assert (scores["south"].scored, scores["south"].mean) == (5, 10.0)
    merged = scores[OTHER_GROUPS]
    assert (merged.scored, merged.mean) == (5, 7.0), "east and west only together"


async def test_the_stats_chart_of_a_score_is_its_histogram_under_its_bands(
    tmp_path: Path,
) -> None:
    harness, results = await answered(tmp_path, 5, batch=5)
    try:
        released = await results.figures(START + timedelta(hours=1))
    finally:
        await harness.close()
    survey = results.questionnaire
    (score,), (figures,) = survey.scores, counted(released.scores)
    assert score.bands, "the example survey names its bands"
    drawing = score_figure(survey, score, figures, "nl")
    assert drawing is not None
    (axes,) = drawing.axes
    (bars,) = axes.containers
    drawn = {round(bar.get_x() + bar.get_width() / 2): bar.get_height() for bar in bars}
    assert drawn == dict.fromkeys(SCORES, 1), "one bar per score value, as many as have it"
    written = {t.get_text() for t in axes.texts}
    assert {survey.text(band.label, "nl").split()[0] for band in score.bands} <= {
        w.split()[0] for w in written
    }, "every band is named"
    ticks = [t.get_text() for t in axes.get_xticklabels()]
    assert all("." not in t for t in ticks), "the locale's numbers on the axis"
    png = score_chart_png(survey, score, figures, "fr")
    assert png is not None
    with Image.open(io.BytesIO(png)) as image:
        assert image.width == 1080
    empty = dataclasses.replace(figures, scored=0, values={})
    assert score_chart_png(survey, score, empty, "fr") is None


async def test_a_score_of_a_follow_up_moves_only_by_whole_groups_of_scored_responses(
    tmp_path: Path,
) -> None:
    survey = parse_questionnaire(
        {
            **ENGLISH_HEADER,
            "questions": [
                {"id": "used", "type": "yesno", "text": "Used it?"},
                *(
                    {
                        "id": item,
                        "type": "scale",
                        "text": f"{item}?",
                        "when": {"question": "used", "equals": True},
                    }
                    for item in ("a", "b")
                ),
            ],
            "scores": [{"id": "total", "label": "Total", "items": ["a", "b"]}],
        },
        "used.toml",
    )
    harness = Harness(tmp_path / "used.sqlite3", survey, Pepper.create(tmp_path / "p.pepper"))
    harness.batch = 5
    service = await harness.open()
    assert harness.store is not None
    results = ResultsService(
        survey, harness.store, service.schedule, min_group_size=5, show_free_text=False, zone=ZONE
    )
    views = []
    user = 0
    try:
        for used in (5, 2, 3):  # of each batch of five, this many are asked the items
            for k in range(5):
                user += 1
                given: dict[str, Reply] = {"used": ["yes" if k < used else "no"]}
                if k < used:
                    given |= {"a": str(1 + k % 5), "b": "5"}
                await drive(service, user, given, START, language="en", submit_at=START)
            (score,) = (await results.figures(START + timedelta(hours=1))).scores
            views.append(score)
    finally:
        await harness.close()
    first, second, third = counted(views)
    assert first.scored == 5
    assert second == first, "2 more scored: they wait, or 7 - 5 would be their scores"
    assert third.scored == 10
    added = Counter(third.values)
    added.subtract(first.values)
    assert added.total() == 5, "the subtraction of two views: 5 people's scores at once"
