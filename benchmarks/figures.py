"""Figures, exports and the report over a big database: their time and memory.

    .venv/bin/python -m benchmarks.figures [--responses 20000] [--in-progress 2000] [--scores]
        [--waves]

Builds a database of the shipped survey through `SurveyStore` (its schema, its answer rows,
respondent keys from a `Pepper`), filled in one transaction with executemany, then times
the figures (the store's counts through the core's `bot.core.release`, as the results service
does: all responses, and the released ones that /stats shows while the survey is open), the
breakdown by each breakdown question, the CSV, JSON and xlsx
exports (loading the responses and, for the workbook's figures sheet, the figures included, as
/export does) and the PDF report (figures included, as /report does). `benchmarks.report`
times the report in more shapes (broken down, with free texts). With --scores the survey gets
two scores over its scale, yes/no and number questions, so that the figures include scores.
With --waves a second database of as many responses is built for the shipped second wave
(`surveys/telephonie-agfisc.toml`, which follows the shipped survey), and /stats of the
comparison is timed as the bot makes it: the second wave open (its released figures), the first
closed (its complete figures, kept by its results service after the first /stats, or computed
anew: "cold"), the two compared and put into words.

Every step is timed (best of --repeat), noting the process's peak RSS (VmHWM) so far; then
each runs once more under tracemalloc for its own peak of Python memory. Prints one JSON line
per step (seconds, Python peak MiB, RSS peak MiB), then a table. SQLite's own memory is not
Python memory: it shows in the RSS only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import sqlite3
import sys
import tempfile
import time
import tomllib
import tracemalloc
from collections.abc import Awaitable, Callable, Sequence
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.agents import ExportAnswers, random_response
from benchmarks.common import REPO, SHIPPED_SURVEY, peak_rss_mb
from bot.app.results import ExportInput, ReportInput, ResultsService, read_counts
from bot.core import release
from bot.core.answers import Answer
from bot.core.figures import Figures
from bot.core.questionnaire import Questionnaire, load_questionnaire, parse_questionnaire
from bot.core.release import Scope, Survey
from bot.core.schedule import Schedule
from bot.reports.tables import to_csv, to_json
from storage.pepper import Pepper
from storage.sessions import TOKEN_BYTES
from storage.store import SurveyStore

MIN_GROUP_SIZE = 5
REPORT_TIME = datetime(2020, 2, 12, 9, tzinfo=UTC)
FIRST_DAY = date(2020, 2, 4)
DAYS = 8
SECOND_WAVE = REPO / "surveys" / "telephonie-agfisc.toml"
"""The shipped survey's second wave (--waves)."""


SCORES = [
    {
        "id": "practice",
        "label": {"fr": "Pratique", "nl": "Praktijk"},
        "items": ["training", "training_use", "rating"],
        "method": "mean",
        "min_answered": 2,
    },
    {
        "id": "load",
        "label": {"fr": "Charge", "nl": "Belasting"},
        "items": ["phone_hours", "calls_per_day"],
        "min_answered": 1,
        "bands": [{"max": 20, "label": {"fr": "Faible", "nl": "Laag"}}],
    },
]
"""Two scores over the shipped survey's questions that scores may take (--scores)."""


def benchmark_survey(scores: bool) -> Questionnaire:
    """The shipped survey, with SCORES if asked."""
    if not scores:
        return load_questionnaire(SHIPPED_SURVEY)
    data = tomllib.loads(SHIPPED_SURVEY.read_text(encoding="utf-8"))
    return parse_questionnaire({**data, "scores": SCORES}, SHIPPED_SURVEY)


def engine_answer(answer: dict[str, Any]) -> Answer:
    """An export-shaped answer as the engine's `Answer`."""
    value = answer.get("value")
    return Answer(tuple(value) if isinstance(value, list) else value, answer.get("other"))


def partial(answers: ExportAnswers, rng: random.Random) -> ExportAnswers:
    """The first few answers of a response, as someone still answering has them."""
    keep = rng.randrange(0, len(answers))
    return dict(list(answers.items())[:keep])


def build_rows(
    store: SurveyStore,
    questionnaire: Questionnaire,
    pepper: Pepper,
    submitted: int,
    in_progress: int,
    seed: int,
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Rows of respondents, sessions and answers, as the store would have written them.

    A respondent row is (key, session, last update); the session is None for those who
    submitted, whose keys go to the `submitted` table. A session in progress carries its
    handle and last update, and nothing of its person.
    """
    rng = random.Random(seed)
    respondents: list[tuple[Any, ...]] = []
    sessions: list[tuple[Any, ...]] = []
    answers: list[tuple[Any, ...]] = []
    unreleased = submitted % MIN_GROUP_SIZE or min(3, submitted)
    started = datetime(2020, 2, 11, 9, 0, tzinfo=UTC).isoformat()
    for number in range(submitted + in_progress):
        token = secrets.token_urlsafe(TOKEN_BYTES)
        key = pepper.respondent_key(1_000_000 + number, questionnaire.id)
        language = rng.choice(questionnaire.languages)
        response = random_response(questionnaire, rng)
        if number < submitted:
            day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
            minutes = max(1, min(60, round(rng.lognormvariate(1.6, 0.5))))
            # Released a batch at a time, the most releases /stats can make: the worst case for
            # the release points per question.
            batch = number // MIN_GROUP_SIZE + 1 if number < submitted - unreleased else None
            sessions.append(
                (token, language, None, None, day.isoformat(), minutes, batch, None, None)
            )
            respondents.append((key, None, None))
        else:
            response = partial(response, rng)
            handle = secrets.token_urlsafe(9)
            sessions.append((token, language, None, started, None, None, None, handle, number))
            respondents.append((key, token, number))
        for question_id, answer in response.items():
            # The store's own conversion of an answer into rows keeps this database faithful.
            for item, value, text_value in store._rows_from_answer(
                question_id, engine_answer(answer)
            ):
                answers.append((token, question_id, item, value, text_value))
    return respondents, sessions, answers


def bulk_insert(
    path: Path,
    respondents: Sequence[tuple[Any, ...]],
    sessions: Sequence[tuple[Any, ...]],
    answers: Sequence[tuple[Any, ...]],
) -> None:
    """One transaction, executemany per table."""
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            "INSERT INTO sessions (token, language, cursor, started_at, submitted_day, "
            "duration_minutes, batch, handle, last_update) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            sessions,
        )
        db.executemany(
            "INSERT INTO submitted (key) VALUES (?)",
            sorted((row[0],) for row in respondents if row[1] is None),
        )
        db.executemany(
            "INSERT INTO answers (token, question, item, number, text) VALUES (?, ?, ?, ?, ?)",
            answers,
        )
        db.execute("COMMIT")


async def timed(name: str, step: Callable[[], Awaitable[object]], repeat: int) -> dict[str, Any]:
    """Time the step (best of `repeat`); the process's peak RSS once it has run, and the
    longest time the event loop was held (what every respondent of a running bot would wait)."""
    times = []
    cpu = []
    size = 0
    lags: list[float] = []
    for _ in range(repeat):
        ticker = asyncio.create_task(watch_loop(lags))
        begun, begun_cpu = time.perf_counter(), time.process_time()
        result = await step()
        times.append(time.perf_counter() - begun)
        cpu.append(time.process_time() - begun_cpu)
        await asyncio.sleep(0.01)  # let the ticker note the last stretch before it stops
        ticker.cancel()
        size = len(result) if isinstance(result, str | bytes | list | tuple) else 0
        del result
    return {
        "step": name,
        "seconds": round(min(times), 4),
        "cpu_seconds": round(min(cpu), 4),
        "loop_held_ms": round(min(max(lags, default=0.0), min(times)) * 1000, 1),
        "rss_peak_mib": round(peak_rss_mb_self(), 1),
        "size": size,
    }


async def watch_loop(lags: list[float], tick: float = 0.002) -> None:
    """Record how late the event loop wakes this task up: the longest time it was held."""
    loop = asyncio.get_running_loop()
    while True:
        before = loop.time()
        await asyncio.sleep(tick)
        lags.append(loop.time() - before - tick)


async def python_peak(step: Callable[[], Awaitable[object]]) -> float:
    """The peak of Python memory while the step runs (tracemalloc), in MiB."""
    tracemalloc.start()
    try:
        await step()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return round(peak / 2**20, 1)


def peak_rss_mb_self() -> float:
    """This process's peak resident memory (VmHWM), in MiB."""
    import os

    return peak_rss_mb(os.getpid()) or 0.0


async def run(args: argparse.Namespace) -> int:
    questionnaire = benchmark_survey(args.scores)
    pepper = Pepper(secrets.token_bytes(32))
    lines: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="survey-figures-") as folder:
        path = Path(folder) / "survey.sqlite3"
        lines.append(await build(path, questionnaire, pepper, args, "build"))
        print(json.dumps(lines[-1]), flush=True)
        second = None
        if args.waves:
            second = (Path(folder) / "wave-2.sqlite3", load_questionnaire(SECOND_WAVE))
            lines.append(await build(second[0], second[1], pepper, args, "build wave 2"))
            print(json.dumps(lines[-1]), flush=True)
        store = await SurveyStore.open(path, questionnaire, pepper)
        try:
            survey = Survey(questionnaire.questions, questionnaire.scores)

            async def stats(complete: bool) -> Figures:
                scope = Scope(MIN_GROUP_SIZE, complete)
                counts, _ = await read_counts(store, survey, scope)
                return release.figures(counts, await store.overview(), survey, scope)

            async def split(question_id: str) -> object:
                scope = Scope(MIN_GROUP_SIZE, False)
                counts, _ = await read_counts(store, survey, scope, question_id)
                question = questionnaire.question(question_id)
                return release.breakdown(counts, question, survey, scope)

            async def export(render: Callable[..., str]) -> str:
                return render(questionnaire, await store.responses())

            async def workbook() -> bytes:
                from bot.reports.workbook import (
                    to_xlsx,  # openpyxl: loaded when used, as by the bot
                )

                responses = await store.responses()
                exported = ExportInput(questionnaire, responses, await stats(True), MIN_GROUP_SIZE)
                return await asyncio.to_thread(to_xlsx, exported, questionnaire.language)

            async def report() -> bytes:
                from bot.reports.pdf import render_report  # matplotlib, as above

                result = await stats(True)
                data = ReportInput(
                    questionnaire, result, questionnaire.language, REPORT_TIME, UTC, MIN_GROUP_SIZE
                )
                return await asyncio.to_thread(render_report, data)

            steps: list[tuple[str, Callable[[], Awaitable[object]]]] = [
                ("figures (/stats, released)", lambda: stats(False)),
                ("figures (all, complete)", lambda: stats(True)),
            ]

            def split_by(question_id: str) -> Callable[[], Awaitable[object]]:
                return lambda: split(question_id)

            steps += [
                (f"breakdown {q.id}", split_by(q.id))
                for q in questionnaire.questions
                if q.breakdown
            ]
            steps += [
                ("load responses", store.responses),
                ("export csv", lambda: export(to_csv)),
                ("export json", lambda: export(to_json)),
                ("export xlsx", workbook),
                ("report pdf", report),
            ]
            if second is not None:
                steps += await wave_steps(store, questionnaire, *second, pepper)
            # Every step timed first, so that the RSS peaks owe nothing to tracemalloc's own
            # bookkeeping (steps go from the lightest to the heaviest: the peak only grows).
            measured = [await timed(name, step, args.repeat) for name, step in steps]
            for line, (_, step) in zip(measured, steps, strict=True):
                line["py_peak_mib"] = await python_peak(step)
                lines.append(line)
                print(json.dumps(line), flush=True)
        finally:
            await store.close()
            for opened in WAVE_STORES:
                await opened.close()
    print(
        f"{'step':28} {'seconds':>8} {'CPU s':>8} {'loop held ms':>12} {'py peak MiB':>12} "
        f"{'RSS MiB':>8}"
    )
    for line in lines:
        print(
            f"{line['step']:28} {line['seconds']:8.3f} {line.get('cpu_seconds', 0):8.3f} "
            f"{line.get('loop_held_ms', 0):12.1f} "
            f"{line.get('py_peak_mib', 0):12.1f} {line['rss_peak_mib']:8.1f}"
        )
    return 0


async def build(
    path: Path, questionnaire: Questionnaire, pepper: Pepper, args: argparse.Namespace, name: str
) -> dict[str, Any]:
    """Fill a database of this survey with the responses asked for; its build line."""
    begun = time.perf_counter()
    store = await SurveyStore.open(path, questionnaire, pepper)
    rows = build_rows(store, questionnaire, pepper, args.responses, args.in_progress, args.seed)
    await store.close()
    generated = time.perf_counter()
    await asyncio.to_thread(bulk_insert, path, *rows)
    inserted = time.perf_counter()
    size = await asyncio.to_thread(lambda: path.stat().st_size)
    return {
        "step": name,
        "seconds": round(inserted - begun, 3),
        "generate_s": round(generated - begun, 3),
        "insert_s": round(inserted - generated, 3),
        "responses": args.responses,
        "in_progress": args.in_progress,
        "answer_rows": len(rows[2]),
        "db_mib": round(size / 2**20, 1),
        "rss_peak_mib": round(peak_rss_mb_self(), 1),
    }


WAVE_STORES: list[SurveyStore] = []
"""The second wave's store, closed at the end."""


async def wave_steps(
    store: SurveyStore,
    questionnaire: Questionnaire,
    path: Path,
    second: Questionnaire,
    pepper: Pepper,
) -> list[tuple[str, Callable[[], Awaitable[object]]]]:
    """/stats of the second wave beside the first, as the bot makes it (--waves)."""
    from bot.rendering.figures_text import figures_text
    from bot.rendering.waves_text import waves_text

    later_store = await SurveyStore.open(path, second, pepper)
    WAVE_STORES.append(later_store)

    async def closed() -> Schedule:
        return Schedule(REPORT_TIME - timedelta(days=1), None, timedelta(0))

    async def open_() -> Schedule:
        return Schedule(None, None, timedelta(0))

    def service(of: Questionnaire, on: SurveyStore, schedule: Any) -> ResultsService:
        return ResultsService(
            of, on, schedule, min_group_size=MIN_GROUP_SIZE, show_free_text=False, zone=UTC
        )

    earlier = service(questionnaire, store, closed)
    later = service(second, later_store, open_)
    language = second.language

    async def compared() -> str:
        figures = await later.figures(REPORT_TIME)
        overview = figures_text(second, figures, language, MIN_GROUP_SIZE)
        waves = await later.compared(earlier, figures, REPORT_TIME)
        return overview + waves_text(second, waves.earlier, waves.figures, language)

    async def cold() -> str:
        earlier.forget()
        return await compared()

    return [
        ("waves /stats (cold)", cold),
        ("waves /stats (first kept)", compared),
    ]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--responses", type=int, default=20_000, help="submitted responses")
    parser.add_argument("--in-progress", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per step (best kept)")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--scores", action="store_true", help="add two scores to the survey")
    parser.add_argument(
        "--waves",
        action="store_true",
        help="time /stats of the shipped second wave beside the first (a second database)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    return asyncio.run(run(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
