# ruff: noqa: E402
"""Time the PDF report and the xlsx export over many responses of the shipped survey.

    .venv/bin/python -m benchmarks.report [--responses 20000] [--pdf FILE] [--xlsx FILE]
        [--by QUESTION_ID] [--pdf-by FILE]

Builds a throw-away database of random (seeded) submitted responses, inserted in one
transaction, then prints how long reading the figures, drawing the report and writing the
workbook take, and their peak memory (Python allocations, by tracemalloc) and the process's
peak resident size.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import resource
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.app.results import ExportInput, ReportInput, read_counts
from bot.core import release
from bot.core.answers import Answer
from bot.core.engine import Engine
from bot.core.figures import Breakdown, Figures
from bot.core.questionnaire import Questionnaire, load_questionnaire
from bot.core.questions import Question
from bot.core.questions.multiple import MultipleChoice
from bot.core.questions.number import Number
from bot.core.questions.scale import Scale
from bot.core.questions.single import SingleChoice
from bot.core.questions.text import FreeText
from bot.core.questions.yesno import YesNo
from bot.core.release import Scope, Survey
from bot.i18n import yes_no_words
from bot.reports.pdf import render_report
from bot.reports.workbook import to_xlsx
from storage.pepper import Pepper
from storage.store import SurveyStore

SURVEY = REPO / "surveys" / "telephonie-crm.toml"
ZONE = ZoneInfo("Europe/Brussels")
FIRST_DAY = date(2020, 1, 27)
DAYS = 16
COMMENTS = (
    "Trop d'appels en même temps, impossible d'avancer dans mes dossiers.",
    "La formation était trop courte et trop théorique.",
    "Les citoyens attendent trop longtemps avant d'avoir quelqu'un au bout du fil.",
    "Il faudrait une équipe dédiée au téléphone plutôt que des permanences tournantes.",
    "Te veel oproepen tegelijk.",
    "Le système plante régulièrement en fin de journée.",
    "Depuis novembre, c'est un peu mieux organisé dans notre bureau.",
)
OTHER = ("Douanes", "Administration centrale", "Service d'encadrement", "Sécurité juridique")

T = TypeVar("T")


def random_answers(questionnaire: Questionnaire, rng: random.Random) -> dict[str, Answer]:
    """One plausible response: skewed choices, skipped optional questions now and then."""
    answers: dict[str, Answer] = {}
    for index, question in enumerate(questionnaire.questions):
        answers[question.id] = _answer(question, random.Random(index), rng)
    kept, _ = Engine(questionnaire, yes_no_words()).prune(answers)
    return kept


def _answer(question: Question, shape: random.Random, rng: random.Random) -> Answer:
    """An answer drawn from a distribution whose shape is fixed per question (`shape`)."""
    if question.optional and rng.random() < 0.3:
        return Answer(None)
    if isinstance(question, SingleChoice):
        weights = [shape.random() ** 2 + 0.02 for _ in question.options]
        option = rng.choices(question.options, weights)[0]
        return Answer(option.id, rng.choice(OTHER) if option.other else None)
    if isinstance(question, MultipleChoice):
        weights = [shape.random() + 0.05 for _ in question.options]
        count = rng.randint(max(question.min, 1), question.max_selected)
        chosen: set[str] = set()
        while len(chosen) < count:
            chosen.add(rng.choices(question.options, weights)[0].id)
        exclusive = {o.id for o in question.options if o.exclusive}
        if len(chosen) > 1 and chosen & exclusive:  # an exclusive option goes alone
            chosen = chosen - exclusive or {min(chosen)}
        return Answer(tuple(o.id for o in question.options if o.id in chosen))
    if isinstance(question, Scale):
        mode = shape.uniform(question.min, question.max)
        value = rng.triangular(question.min, question.max, mode)
        return Answer(question.min + round((value - question.min) / question.step) * question.step)
    if isinstance(question, Number):
        low = question.min or 0
        high = question.max if question.max is not None else low + 100
        value = round(rng.triangular(low, high, low + (high - low) * shape.uniform(0.05, 0.4)))
        return Answer(value)
    if isinstance(question, YesNo):
        return Answer(rng.random() < shape.uniform(0.2, 0.8))
    assert isinstance(question, FreeText)
    if rng.random() < 0.35:  # nearly every text differs, as real comments do
        return Answer(f"{rng.choice(COMMENTS)} ({rng.choice(OTHER)}, {rng.randint(1, 500)})")
    return Answer(None)


async def build_database(
    path: Path, questionnaire: Questionnaire, responses: int, in_progress: int, seed: int
) -> None:
    """Create the database and insert the responses with executemany, in one transaction."""
    store = await SurveyStore.open(path, questionnaire, Pepper.create(path.with_suffix(".pepper")))
    rng = random.Random(seed)
    sessions: list[tuple[Any, ...]] = []
    answers: list[tuple[Any, ...]] = []
    day_weights = [1 / (1 + d) ** 0.7 for d in range(DAYS)]
    for n in range(responses + in_progress):
        token = f"{rng.getrandbits(192):048x}"
        submitted = n < responses
        if submitted:
            day = FIRST_DAY + timedelta(days=rng.choices(range(DAYS), day_weights)[0])
            sessions.append(
                (token, rng.choice("ffffn"), None, day.isoformat(), rng.randint(2, 20))
            )
        else:
            started = datetime(2020, 2, 11, 9, tzinfo=UTC).isoformat()
            sessions.append((token, "fr", started, None, None))
        given = random_answers(questionnaire, rng)
        if not submitted:
            given = dict(list(given.items())[: rng.randint(1, len(given) - 1)])
        for question_id, answer in given.items():
            # The store's own encoding of an answer into rows, so the data is what the bot writes.
            for row in store._rows_from_answer(question_id, answer):
                answers.append((token, question_id, *row))
    await store.close()
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO sessions (token, language, started_at, submitted_day, duration_minutes, "
            "batch) VALUES (?, ?, ?, ?, ?, 1)",
            sessions,
        )
        db.executemany(
            "INSERT INTO answers (token, question, item, number, text) VALUES (?, ?, ?, ?, ?)",
            answers,
        )
    db.close()


def build_in_child(path: Path, responses: int, in_progress: int, seed: int) -> None:
    """Build the database in a child process, so that its memory is not counted here."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        pool.submit(_build, path, responses, in_progress, seed).result()


def _build(path: Path, responses: int, in_progress: int, seed: int) -> None:
    questionnaire = load_questionnaire(SURVEY)
    asyncio.run(build_database(path, questionnaire, responses, in_progress, seed))


class Steps:
    """Times steps as they run; then runs each again under tracemalloc for its peak memory."""

    def __init__(self) -> None:
        self.done: list[tuple[str, Callable[[], Awaitable[object]]]] = []

    async def run(self, label: str, step: Callable[[], Awaitable[T]]) -> T:
        """Run and time one step; print its time."""
        start = time.perf_counter()
        result = await step()
        print(f"{label:<34} {time.perf_counter() - start:7.2f} s", flush=True)
        self.done.append((label, step))
        return result

    async def memory(self) -> None:
        """Print the process's peak resident size so far, then each step's peak allocations."""
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{'process peak resident size':<34} {peak_rss:7.1f} MiB")
        for label, step in self.done:
            tracemalloc.start()
            await step()
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"{label:<34} {peak / 2**20:7.1f} MiB peak Python memory", flush=True)


async def run(args: argparse.Namespace) -> None:
    """Build the database, then time the report and the export."""
    questionnaire = load_questionnaire(SURVEY)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "survey.sqlite3"
        start = time.perf_counter()
        await asyncio.to_thread(build_in_child, path, args.responses, args.in_progress, args.seed)
        size = path.stat().st_size / 2**20
        print(
            f"database: {args.responses} submitted + {args.in_progress} in progress, "
            f"{size:.1f} MiB, built in {time.perf_counter() - start:.1f} s"
        )
        store = await SurveyStore.open(
            path, questionnaire, Pepper.load(path.with_suffix(".pepper"))
        )
        try:
            await _time_steps(args, questionnaire, store)
        finally:
            await store.close()


async def _time_steps(
    args: argparse.Namespace, questionnaire: Questionnaire, store: SurveyStore
) -> None:
    now = datetime(2020, 2, 12, 9, tzinfo=UTC)
    deadline = datetime.fromisoformat("2020-02-11T23:59:59+01:00")
    steps = Steps()

    survey = Survey(questionnaire.questions, questionnaire.scores)
    scope = Scope(5, complete=True)

    async def figures() -> Figures:
        counts, _ = await read_counts(store, survey, scope)
        return release.figures(counts, await store.overview(), survey, scope)

    async def breakdown() -> Breakdown:
        counts, _ = await read_counts(store, survey, scope, args.by)
        return release.breakdown(counts, questionnaire.question(args.by), survey, scope)

    async def free_texts() -> dict[str, list[str]]:
        _, points = await read_counts(store, survey, scope)
        return release.texts(await store.free_texts(), points, survey)

    start = time.perf_counter()
    result = await steps.run("figures (SQL)", figures)
    data = ReportInput(questionnaire, result, "fr", now, ZONE, 5, deadline, deadline)
    pdf = await steps.run("PDF report", lambda: asyncio.to_thread(render_report, data))
    print(f"{'= the report, figures included':<34} {time.perf_counter() - start:7.2f} s")
    split = await steps.run(
        f"breakdown by {args.by} (SQL)",
        breakdown,
    )
    data_by = replace(data, breakdown=split)
    pdf_by = await steps.run(
        f"PDF report --by {args.by}", lambda: asyncio.to_thread(render_report, data_by)
    )
    texts = await steps.run(
        "free texts (SQL)",
        free_texts,
    )
    data_texts = replace(data, texts=texts)
    lines = sum(len(v) for v in texts.values())
    await steps.run(
        f"PDF report with {lines} free texts",
        lambda: asyncio.to_thread(render_report, data_texts),
    )
    responses = await steps.run("responses (SQL)", store.responses)
    workbook = await steps.run(
        "xlsx export",
        lambda: asyncio.to_thread(to_xlsx, ExportInput(questionnaire, responses, result, 5), "fr"),
    )
    print(f"PDF {len(pdf) / 1024:.0f} KiB, xlsx {len(workbook) / 1024:.0f} KiB")
    for output, content in ((args.pdf, pdf), (args.pdf_by, pdf_by), (args.xlsx, workbook)):
        if output:
            await asyncio.to_thread(Path(output).write_bytes, content)
    await steps.memory()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=20_000)
    parser.add_argument("--in-progress", type=int, default=None)
    parser.add_argument("--by", default="administration", help="breakdown question")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--pdf", help="also write the report here")
    parser.add_argument("--pdf-by", help="also write the report broken down by --by here")
    parser.add_argument("--xlsx", help="also write the workbook here")
    args = parser.parse_args(argv)
    if args.in_progress is None:
        args.in_progress = args.responses // 20
    asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
