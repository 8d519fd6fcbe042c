"""End to end, under load: 50 agents at once, and what the logs may never hold."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import random
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path

import pytest

from bot.core.answers import Answer, SubmittedResponse
from bot.core.questionnaire import Questionnaire
from bot.reports.tables import to_csv, to_json
from bot.telegram.runner import configure_logging
from fakebotapi import FakeBotAPI
from tests.support.agents import Agent, planned, random_answer, stored
from tests.support.botharness import RunningBot, make_settings, running_bot

AGENTS = 50
SEED = 20200211
DAY = "2021-03-24"  # the harness's clock does not move: every response takes one minute


@pytest.fixture
async def running(api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[RunningBot]:
    async with running_bot(api, make_settings(tmp_path, api, messages_per_second=0)) as bot:
        yield bot


def csv_rows(questionnaire: Questionnaire, responses: Sequence[SubmittedResponse]) -> list[str]:
    """The CSV export's rows without the response number, sorted."""
    table = list(csv.reader(io.StringIO(to_csv(questionnaire, responses)), delimiter=";"))
    header, rows = table[0], table[1:]
    assert header[0] == "response"
    return sorted(json.dumps(row[1:]) for row in rows)


def json_items(questionnaire: Questionnaire, responses: Sequence[SubmittedResponse]) -> list[str]:
    """The JSON export's responses without their number, sorted."""
    items = json.loads(to_json(questionnaire, responses))["responses"]
    return sorted(json.dumps({k: v for k, v in item.items() if k != "response"}) for item in items)


def answer_row_count(answers: dict[str, Answer]) -> int:
    """How many rows a response's answers take (one per ticked option of a multiple choice)."""
    return sum(len(a.value) if isinstance(a.value, tuple) else 1 for a in answers.values())


async def test_fifty_agents_at_once_nothing_lost_nothing_doubled(
    api: FakeBotAPI, running: RunningBot
) -> None:
    questionnaire = running.context.questionnaire
    rng = random.Random(SEED)
    agents = [
        Agent(
            api.user(10_000 + i, f"Agent {i}", language_code=rng.choice(["fr", "nl", "en"])),
            questionnaire,
            random.Random(rng.random()),
            back_chance=0.08,
            max_backs=3,
            invalid_chance=0.1,
            timeout=30,
        )
        for i in range(AGENTS)
    ]
    languages = [rng.choice([None, None, "fr", "nl"]) for _ in agents]
    await asyncio.gather(
        *(
            agent.run(random_answer, language=lang)
            for agent, lang in zip(agents, languages, strict=True)
        )
    )

    # The run exercised what it should: both languages, Back, Skip, 'other' texts.
    given = [answer for agent in agents for answer in agent.answers.values()]
    assert {agent.language for agent in agents} == {"fr", "nl"}
    assert sum(agent.backs for agent in agents) >= 10
    assert sum(answer.value is None for answer in given) >= 10
    assert sum(answer.other is not None for answer in given) >= 3

    responses = await running.context.store.responses()
    expected = [agent.response(DAY, 1) for agent in agents]
    assert len(responses) == AGENTS
    assert csv_rows(questionnaire, responses) == csv_rows(questionnaire, expected)
    assert json_items(questionnaire, responses) == json_items(questionnaire, expected)

    database = running.settings.database
    assert stored(database, "SELECT count(*) FROM submitted") == [(50,)]
    assert stored(database, "SELECT count(*) FROM sessions WHERE handle IS NOT NULL") == [(0,)]
    assert stored(database, "SELECT count(*) FROM sessions WHERE submitted_day = ?", (DAY,)) == [
        (50,)
    ]
    rows = sum(answer_row_count(agent.answers) for agent in agents)
    assert stored(database, "SELECT count(*) FROM answers") == [(rows,)]

    clicks = sum(agent.clicks for agent in agents)
    assert len(api.calls_to("answerCallbackQuery")) == clicks == len(api.world.queries)


# -- logs -------------------------------------------------------------------------------


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """Undo what `configure_logging` changes in this process's logging."""
    names = ["", "httpx", "httpcore", "telegram", "aiosqlite"]
    levels = {name: logging.getLogger(name).level for name in names}
    handlers = {handler: list(handler.filters) for handler in logging.getLogger().handlers}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    for handler, filters in handlers.items():
        handler.filters[:] = filters
    for handler in logging.getLogger().handlers:
        if handler not in handlers:
            handler.filters.clear()


async def test_logs_hold_neither_the_token_nor_any_answer(
    api: FakeBotAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture, restored_logging: None
) -> None:
    caplog.set_level(logging.DEBUG)
    configure_logging("DEBUG", api.token)  # as `survey-bot run` does with log_level = "DEBUG"
    secret = api.token.split(":", 1)[1]
    settings = make_settings(tmp_path, api, messages_per_second=0, log_level="DEBUG")
    others = [f"Service secret numéro {i}" for i in range(4)]
    comments = [f"Mon chef Jean-Luc Dubois m'a dit {i} fois de me taire" for i in range(4)]
    async with running_bot(api, settings) as running:
        agents = [
            Agent(api.user(11_000 + i, language_code="fr"), running.context.questionnaire)
            for i in range(4)
        ]
        plans = [
            {"team": Answer("other", other), "hours": 17 + i, "comments": comment}
            for i, (other, comment) in enumerate(zip(others, comments, strict=True))
        ]
        await asyncio.gather(
            *(agent.run(planned(plan)) for agent, plan in zip(agents, plans, strict=True))
        )
        assert len(await running.context.store.responses()) == 4

    texts = others + comments
    records = caplog.records
    assert sum(r.getMessage() == "a response was submitted" for r in records) == 4
    formatter = logging.Formatter()
    for record in records:
        logged = record.getMessage()
        if record.exc_info:
            logged += formatter.formatException(record.exc_info)
        assert api.token not in logged and secret not in logged, record
        for said in texts:
            assert said not in logged, (record.name, logged[:300])
