"""The bot as a real process: graceful stop, SIGKILL and restart, startup checks."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from pathlib import Path

from bot.app.settings import PEPPER_VARIABLE, load_settings
from bot.app.wiring import open_context
from bot.core.questionnaire import Questionnaire
from fakebotapi import FakeBotAPI
from tests.support.agents import last_handle
from tests.support.botharness import SURVEY_OPEN, begin
from tests.support.botprocess import start_bot, write_config
from tests.support.paths import FIXTURE_SURVEY
from tests.support.wording import Wording


async def run_to_end(config: Path, token: str = "1:x") -> tuple[int, str]:
    process = await start_bot(config, token)
    output, _ = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode is not None
    return process.returncode, output.decode()


async def test_sigterm_finishes_confirms_and_checkpoints(
    tmp_path: Path, fixture_survey: Questionnaire
) -> None:
    async with FakeBotAPI() as api:
        config = write_config(tmp_path, api)
        process = await start_bot(config, api.token)
        try:
            agent = api.user(3001, language_code="fr")
            await begin(agent)
            await agent.click(Wording(fixture_survey, "fr").label("team", "north"))
            await agent.wait_for_message("Question 2 · ")
        finally:
            process.send_signal(signal.SIGTERM)
            output, _ = await asyncio.wait_for(process.communicate(), timeout=10)
        assert process.returncode == 0, output.decode()
        assert api.pending_updates() == []
        assert api.token not in output.decode()
        wal = tmp_path / "data" / "survey.sqlite3-wal"
        assert not wal.exists() or wal.stat().st_size == 0


async def test_sigkill_loses_nothing_and_the_agent_finishes(
    tmp_path: Path, fixture_survey: Questionnaire
) -> None:
    nl = Wording(fixture_survey, "nl")
    async with FakeBotAPI() as api:
        config = write_config(tmp_path, api)
        agent = api.user(3002, language_code="nl")
        process = await start_bot(config, api.token)
        try:
            await begin(agent)
            await agent.click(nl.label("team", "south"))
            await agent.wait_for_message("Vraag 2 · ")
            await agent.click(nl.label("shift", "day"))
            await agent.wait_for_message("Vraag 3 · ")
        finally:
            process.kill()
            await process.wait()
        (third,) = [m for m in agent.messages if "Vraag 3 · " in m.text]
        process = await start_bot(config, api.token)
        try:
            # A tap on a button of the last question takes the person on.
            await agent.click(nl("button_back"), third)
            back = await agent.wait_for_message(lambda m: m.edited and "Vraag 2 · " in m.text, 15)
            await agent.click(nl.label("shift", "day"), back)
            resumed = await agent.wait_for_message(lambda m: m.edited and "Vraag 3 · " in m.text)
            assert resumed.buttons
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.communicate(), timeout=10)
        settings = load_settings(config)
        async with open_context(settings) as context:
            await context.service.rejoin(agent.id, last_handle(agent), 0)
            session = await context.service.store.session(agent.id)
            assert session is not None
            assert {k: a.value for k, a in session.state.answers.items()} == {
                "team": "south",
                "shift": "day",
            }


async def test_refuses_a_database_of_another_survey(tmp_path: Path) -> None:
    config = write_config(tmp_path, None)
    settings = load_settings(config)
    async with open_context(settings):
        pass
    with sqlite3.connect(settings.database) as db:
        db.execute("UPDATE survey SET survey_id = 'another-survey'")
    db.close()
    code, output = await run_to_end(config)
    assert code == 2
    assert "belongs to survey 'another-survey'" in output
    assert "Traceback" not in output


async def test_refuses_a_questionnaire_that_lost_answered_options(tmp_path: Path) -> None:
    config = write_config(tmp_path, None)
    settings = load_settings(config)
    async with open_context(settings) as context:
        await context.service.begin(7, "fr", SURVEY_OPEN)
        await context.service.choose(7, "team", ["south"], SURVEY_OPEN)
    edited = tmp_path / "survey.toml"
    text = FIXTURE_SURVEY.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.strip().startswith('{ id = "south"'))
    edited.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    code, output = await run_to_end(write_config(tmp_path, None, edited))
    assert code == 2
    assert "option 'south' of question 'team' was removed" in output
    assert "Traceback" not in output


async def test_refuses_to_start_without_the_pepper_of_existing_respondents(
    tmp_path: Path,
) -> None:
    config = write_config(tmp_path, None)
    settings = load_settings(config)
    async with open_context(settings) as context:
        await context.service.store.start(1, "fr", SURVEY_OPEN)
    settings.pepper_path.unlink()
    code, output = await run_to_end(config)
    assert code == 2
    assert "pepper file" in output
    assert "1 respondent(s)" in output


async def test_refuses_to_start_with_another_pepper(tmp_path: Path) -> None:
    config = write_config(tmp_path, None)
    async with open_context(load_settings(config)) as context:
        await context.service.store.start(1, "fr", SURVEY_OPEN)
    process = await start_bot(config, "1:x", {PEPPER_VARIABLE: "5e" * 32})
    output, _ = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 2, output.decode()
    lines = output.decode().strip().splitlines()
    assert len(lines) == 1, lines
    database = tmp_path / "data" / "survey.sqlite3"
    assert lines[0].startswith(
        f"survey-bot: the pepper given is not the one the database {database} was made with"
    )
    assert "Traceback" not in output.decode()


async def test_refuses_an_invalid_questionnaire(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        FIXTURE_SURVEY.read_text(encoding="utf-8").replace('type = "scale"', 'type = "slider"'),
        encoding="utf-8",
    )
    code, output = await run_to_end(write_config(tmp_path, None, broken))
    assert code == 2
    assert "broken.toml" in output
    assert "unknown question type" in output


async def test_a_rejected_token_gets_one_clear_line(tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        code, output = await run_to_end(write_config(tmp_path, api), token="1:wrong")
    assert code == 2
    assert "rejected the bot token" in output
    assert "wrong" not in output
    assert "Traceback" not in output


async def test_an_unreachable_bot_api_gets_one_clear_line(tmp_path: Path) -> None:
    # No fake Bot API: the config points at a closed port on 127.0.0.1.
    code, output = await run_to_end(write_config(tmp_path, None), token="1:secret-token")
    assert code == 1
    assert "the Telegram Bot API cannot be reached (http://127.0.0.1:9)" in output
    assert "secret-token" not in output
    assert "Traceback" not in output
