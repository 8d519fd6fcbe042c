"""No figure from fewer than `min_group_size` answers, through the results service and a real
SQLite file: successive releases, breakdowns, the report, the workbook and free texts."""

from __future__ import annotations

import asyncio
import io
import itertools
import sqlite3
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import load_workbook
from PIL import Image

from bot.app.results import ResultsService
from bot.app.settings import Settings, load_settings
from bot.app.wiring import AppContext, open_context
from bot.core.figures import Breakdown, Figures, Hidden, QuestionFigures, ScoreFigures
from bot.core.questionnaire import Questionnaire, parse_questionnaire
from bot.i18n import text
from bot.reports.charts import question_chart_png
from bot.reports.pdf import render_report
from bot.reports.workbook import to_xlsx
from storage.pepper import Pepper
from tests.support.answering import ZONE, Harness, Reply, drive
from tests.support.headers import ENGLISH_HEADER, site_question
from tests.support.reportdata import Known, follow_up, pages, write_config
from tests.support.reportdata import drive as drive_known

OPEN = datetime(2021, 3, 20, 9, 0, tzinfo=UTC)  # before the fixture survey's deadline
START = datetime(2020, 2, 4, 9, 0, tzinfo=UTC)  # a survey without a deadline
MINIMUM = 5
TOO_FEW = text("fr", "stats_too_few", group=MINIMUM)


async def submit(context: AppContext, people: Sequence[Known]) -> None:
    for one in people:
        await drive_known(context.service, one)


def figure(figures: Figures | Sequence[QuestionFigures | Hidden], question_id: str) -> object:
    questions = figures.questions if isinstance(figures, Figures) else figures
    return next(
        f for f in questions if (f.id if isinstance(f, Hidden) else f.question_id) == question_id
    )


def usefulness(questions: Sequence[QuestionFigures | Hidden]) -> QuestionFigures | Hidden:
    found = figure(questions, "usefulness")
    assert isinstance(found, QuestionFigures | Hidden)
    return found


def settings_in(tmp_path: Path, **extra: object) -> Settings:
    return load_settings(write_config(tmp_path, **extra))


async def test_a_follow_up_question_moves_only_by_whole_groups_of_answers(
    tmp_path: Path,
) -> None:
    # Five releases of five responses; of each five, 2, 2, 1, 1 and 4 were trained.
    trained_per_release = [2, 2, 1, 1, 4]
    views: list[QuestionFigures | Hidden] = []
    async with open_context(settings_in(tmp_path)) as context:
        number = 0
        for trained in trained_per_release:
            people = [follow_up(number + k, trained=k < trained) for k in range(5)]
            number += 5
            await submit(context, people)
            result = await context.results.figures(OPEN)
            assert result.included == number, "a whole batch was released"
            trained_figures = figure(result, "trained")
            assert isinstance(trained_figures, QuestionFigures)
            assert trained_figures.answered == number
            views.append(figure(result, "usefulness"))  # type: ignore[arg-type]
        owner = await context.results.figures(OPEN, owner=True)
    assert views[0] == views[1] == Hidden("usefulness", MINIMUM), "2, then 4 answers"
    third, fourth, fifth = views[2:]
    assert isinstance(third, QuestionFigures) and third.answered == 5
    assert fourth == third, "one more answer waits: the fourth view equals the third"
    assert isinstance(fifth, QuestionFigures) and fifth.answered == 10
    # Each subtraction of two successive views: nothing, or at least 5 people's answers.
    shown = [v for v in views if isinstance(v, QuestionFigures)]
    for before, after in itertools.pairwise(shown):
        difference = Counter(after.counts)
        difference.subtract(before.counts)
        assert difference.total() in (0, *range(MINIMUM, 100)), difference
    assert (fifth.answered - fourth.answered) == 5
    # The database owner's view holds all 10; it never went through 6.
    owner_usefulness = figure(owner, "usefulness")
    assert isinstance(owner_usefulness, QuestionFigures) and owner_usefulness.answered == 10


async def breakdown_case(tmp_path: Path) -> tuple[Figures, Breakdown]:
    """North 8 (5 trained), south 7 (2 trained): usefulness has 7 answers, 5 and 2 per team."""
    people = [follow_up(i, trained=i < 5, team="north") for i in range(8)]
    people += [follow_up(8 + i, trained=i < 2, team="south") for i in range(7)]
    async with open_context(settings_in(tmp_path)) as context:
        await submit(context, people)
        whole = await context.results.figures(OPEN)
        split = await context.results.breakdown("team", OPEN)
    return whole, split


async def test_a_breakdown_hides_what_the_whole_minus_the_groups_would_give_away(
    tmp_path: Path,
) -> None:
    whole, split = await breakdown_case(tmp_path)
    assert [(g.key, g.respondents) for g in split.groups] == [("north", 8), ("south", 7)]
    usefulness = figure(whole, "usefulness")
    assert isinstance(usefulness, QuestionFigures) and usefulness.answered == 7
    north, south = (figure(g.questions, "usefulness") for g in split.groups)
    assert south == Hidden("usefulness", MINIMUM), "2 answers in south"
    assert north == Hidden("usefulness", MINIMUM), "7 - 5 would be south's 2 answers"
    # Every question: the whole survey's figure minus the shown groups' is 0 or at least 5.
    for f in whole.questions:
        if not isinstance(f, QuestionFigures):
            continue
        in_groups = [figure(g.questions, f.question_id) for g in split.groups]
        visible = [g for g in in_groups if isinstance(g, QuestionFigures)]
        rest = Counter(f.counts)
        for part in visible:
            rest.subtract(part.counts)
        if f.question_id != "team":  # the breakdown question's own counts are blanked
            assert rest.total() == 0 or rest.total() >= MINIMUM, (f.question_id, rest)


async def test_a_group_moves_only_by_whole_groups_of_answers(tmp_path: Path) -> None:
    # Three releases, every respondent trained; per release, north gets 5, 1 and 4 of them,
    # south 5, 4 and 1. The whole survey's usefulness moves by 10, 5 and 5.
    releases = [(5, 5), (1, 4), (4, 1)]
    people: list[list[Known]] = []
    number = 0
    for in_north, in_south in releases:
        teams = ["north"] * in_north + ["south"] * in_south
        people.append([follow_up(number + k, trained=True, team=t) for k, t in enumerate(teams)])
        number += len(teams)
    wholes: list[int] = []
    splits: list[dict[str, QuestionFigures | Hidden]] = []
    async with open_context(settings_in(tmp_path)) as context:
        for release in people:
            await submit(context, release)
            whole = figure(await context.results.figures(OPEN), "usefulness")
            assert isinstance(whole, QuestionFigures)
            wholes.append(whole.answered)
            split = await context.results.breakdown("team", OPEN)
            splits.append({g.key: usefulness(g.questions) for g in split.groups})
    assert wholes == [10, 15, 20]
    north = [f for f in (s["north"] for s in splits) if isinstance(f, QuestionFigures)]
    # At the whole survey's point, north would hold 5, then 6 answers: the second view minus
    # the first would be the usefulness its one new person gave, to the person.
    assert [f.answered for f in north] == [5, 5, 10], "north waits for 5 more answers"
    assert north[1] == north[0]
    difference = Counter(north[2].counts)
    difference.subtract(north[1].counts)
    assert difference.total() == 5, "the one of release 2 and the four of release 3"
    for views in ([s["north"] for s in splits], [s["south"] for s in splits]):
        sizes = [f.answered for f in views if isinstance(f, QuestionFigures)]
        for before, after in itertools.pairwise(sizes):
            assert after == before or after - before >= MINIMUM, sizes
    # Each view's groups add up to a figure the whole survey showed: 10, 10, 20.
    totals = [
        sum(f.answered for f in s.values() if isinstance(f, QuestionFigures)) for s in splits
    ]
    assert totals == [10, 10, 20]
    assert set(totals) <= {0, *wholes}


async def test_the_report_and_the_workbook_show_no_hidden_figure(tmp_path: Path) -> None:
    settings = settings_in(tmp_path, show_free_text_in_reports=True)
    people = [follow_up(i, trained=i < 3, comment=i < 6) for i in range(10)]
    async with open_context(settings) as context:
        await submit(context, people)
        data = await context.results.report("fr", OPEN)
        split = await context.results.report("fr", OPEN, "team")
        exported = await context.results.export()
    report = " ".join(await asyncio.to_thread(lambda: pages(render_report(data))))
    assert "La formation était-elle utile ? " + TOO_FEW in report, "3 answers"
    assert "n = 3" not in report
    # 6 comments, under min_group_size_text (10): counted, never listed.
    assert text("fr", "stats_texts", count=6) in report
    assert text("fr", "report_texts_too_few", group=10) in report
    assert "Commentaire 1" not in report
    by_team = " ".join(await asyncio.to_thread(lambda: pages(render_report(split))))
    assert "La formation était-elle utile ? " + "Équipe nord: " + TOO_FEW in by_team

    content = await asyncio.to_thread(to_xlsx, exported, "fr")
    figures_sheet = load_workbook(io.BytesIO(content)).worksheets[1]
    rows = [list(r) for r in figures_sheet.iter_rows(values_only=True)]
    usefulness = "La formation était-elle utile ?"
    assert [v for v in next(r for r in rows if r[0] == usefulness) if v is not None] == [
        usefulness,
        TOO_FEW,
    ]
    assert sum(1 for r in rows if r[0] == usefulness) == 1, "no count per answer"
    trained = [r for r in rows if r[0] == "Avez-vous suivi la formation ?"]
    assert len(trained) == 3, "a shown question: its line, and one per answer"


async def test_free_texts_are_listed_from_min_group_size_text_answers(tmp_path: Path) -> None:
    settings = settings_in(tmp_path, show_free_text_in_reports=True, min_group_size_text=6)
    people = [follow_up(i, trained=False, comment=i < 6) for i in range(10)]
    async with open_context(settings) as context:
        await submit(context, people)
        data = await context.results.report("fr", OPEN)
    assert data.texts is not None
    assert data.texts["comments"] == [f"Commentaire {i}" for i in range(6)]
    report = " ".join(await asyncio.to_thread(lambda: pages(render_report(data))))
    assert "Commentaire 5" in report


async def test_a_release_takes_whole_stored_batches(tmp_path: Path) -> None:
    settings = settings_in(tmp_path)
    async with open_context(settings) as context:
        await submit(context, [follow_up(i, trained=True) for i in range(7)])
        assert (await context.results.figures(OPEN)).included == 5
        await submit(context, [follow_up(7, trained=True)])
        assert (await context.results.figures(OPEN)).included == 5, (
            "3 wait, in the batch being stored"
        )
    with sqlite3.connect(settings.database) as db:
        rows = db.execute(
            "SELECT settled, batch, count(*) FROM sessions GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()
    # The 3 responses of the batch being filled have no release number: one would tell those
    # submitted before a /stats from those after, within their batch.
    assert rows == [(0, None, 3), (1, 1, 5)]


def test_the_chart_of_a_hidden_figure_says_so_and_draws_nothing(
    fixture_survey: Questionnaire,
) -> None:
    questionnaire = fixture_survey
    question = questionnaire.question("usefulness")
    hidden = Hidden("usefulness", MINIMUM)
    png = question_chart_png(questionnaire, 5, question, hidden, "fr")
    shown = question_chart_png(
        questionnaire,
        5,
        question,
        QuestionFigures("usefulness", 5, 0, {"1": 2, "2": 0, "3": 0, "4": 0, "5": 3}),
        "fr",
    )
    assert png is not None and shown is not None
    with Image.open(io.BytesIO(png)) as card, Image.open(io.BytesIO(shown)) as chart:
        assert card.width == chart.width == 1080
        assert card.height < chart.height / 2, "a title and a line, no bars"


async def test_a_group_score_moves_only_by_whole_groups_of_scored_responses(
    tmp_path: Path,
) -> None:
    survey = parse_questionnaire(
        {
            **ENGLISH_HEADER,
            "questions": [
                site_question("north", "south"),
                {"id": "a", "type": "scale", "text": "A?", "min": 1, "max": 5},
            ],
            "scores": [{"id": "total", "label": "Total", "items": ["a"]}],
        },
        "sites.toml",
    )
    harness = Harness(tmp_path / "sites.sqlite3", survey, Pepper.create(tmp_path / "p.pepper"))
    harness.batch = MINIMUM
    service = await harness.open()
    assert harness.store is not None
    results = ResultsService(
        survey,
        harness.store,
        service.schedule,
        min_group_size=MINIMUM,
        show_free_text=False,
        zone=ZONE,
    )
    north: list[ScoreFigures | Hidden] = []
    user = 0
    try:
        # Per release, north gets 5, 1 and 4 scored responses, south 5, 4 and 1.
        for in_north, in_south in [(5, 5), (1, 4), (4, 1)]:
            for site in ["north"] * in_north + ["south"] * in_south:
                user += 1
                given: dict[str, Reply] = {"site": [site], "a": str(1 + user % 5)}
                await drive(service, user, given, START, language="en", submit_at=START)
            split = await results.breakdown("site", START)
            north.append(next(g for g in split.groups if g.key == "north").scores[0])
    finally:
        await harness.close()
    scored = [s.scored for s in north if isinstance(s, ScoreFigures)]
    # At the whole survey's point, north's score would rest on 5, then 6 responses.
    assert scored == [5, 5, 10], "north's score waits for 5 more scored responses"
