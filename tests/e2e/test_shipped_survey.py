"""Smoke tests on the shipped survey: the real bot runs the file as shipped, end to end.

Every other end-to-end test runs on the tests' own survey (`tests/surveys/fixture.toml`). These
only show that the shipped file loads, is asked and stored in each of its languages and can be
submitted, in-process and as the bot process an operator starts. They read the survey's texts,
ids and questions from the loaded file, never a copy of them: correcting the shipped survey's
wording breaks no test.
"""

from __future__ import annotations

import asyncio
import json
import random
import signal
from pathlib import Path

import pytest

from bot import i18n
from bot.app.settings import load_settings
from bot.app.wiring import open_context
from bot.core.answers import SubmittedResponse
from bot.core.questionnaire import Questionnaire, load_questionnaire
from fakebotapi import FakeBotAPI
from tests.support.agents import Agent, is_step, parse_step, random_answer, stored
from tests.support.botharness import SHIPPED_SURVEY_OPEN, Clock, make_settings, running_bot
from tests.support.botprocess import start_bot, write_config
from tests.support.calls import idle_edits, limited_calls
from tests.support.paths import SHIPPED_SECOND_WAVE, SHIPPED_SURVEY

pytestmark = pytest.mark.shipped_survey


def canonical(response: SubmittedResponse) -> str:
    """A response as comparable text."""
    return json.dumps(
        [response.language, response.submitted_day, response.duration_minutes, response.answers],
        default=repr,
        sort_keys=True,
    )


async def test_the_shipped_survey_is_answered_and_submitted_in_each_of_its_languages(
    api: FakeBotAPI, tmp_path: Path, shipped_survey: Questionnaire
) -> None:
    settings = make_settings(tmp_path, api, survey=SHIPPED_SURVEY)
    async with running_bot(api, settings, Clock(SHIPPED_SURVEY_OPEN)) as running:
        assert running.context.questionnaire == shipped_survey
        agents = [
            Agent(api.user(9_000 + i, language_code=language), shipped_survey, random.Random(i))
            for i, language in enumerate(shipped_survey.languages)
        ]
        for agent, language in zip(agents, shipped_survey.languages, strict=True):
            await agent.run(random_answer, language=language)  # checks the recap and thanks
            intro = agent.user.messages[0].text
            assert shipped_survey.text(shipped_survey.title, language) in intro
            assert shipped_survey.text(shipped_survey.intro, language) in intro
        responses = await running.context.store.responses()
    # The harness's clock does not move: each response is of its first day, and one minute.
    assert sorted(map(canonical, responses)) == sorted(
        canonical(agent.response("2020-02-04", 1)) for agent in agents
    )
    assert {r.language for r in responses} == set(shipped_survey.languages)
    in_progress = "SELECT count(*) FROM sessions WHERE handle IS NOT NULL"
    assert stored(settings.database, in_progress) == [(0,)]


async def test_the_shipped_survey_runs_in_the_bot_process(
    tmp_path: Path, shipped_survey: Questionnaire
) -> None:
    async with FakeBotAPI() as api:
        config = write_config(tmp_path, api, SHIPPED_SURVEY)
        process = await start_bot(config, api.token)
        try:
            agent = Agent(api.user(9_100, language_code="fr"), shipped_survey, random.Random(7))
            await agent.run(random_answer)
        finally:
            process.send_signal(signal.SIGTERM)
            output, _ = await asyncio.wait_for(process.communicate(), timeout=10)
        assert process.returncode == 0, output.decode()
    async with open_context(load_settings(config)) as context:
        (response,) = await context.store.responses()
    assert (response.language, response.answers) == ("fr", agent.answers)


async def test_each_answer_costs_one_rate_limited_call_on_the_shipped_survey(
    api: FakeBotAPI, tmp_path: Path, shipped_survey: Questionnaire
) -> None:
    settings = make_settings(tmp_path, api, survey=SHIPPED_SURVEY, messages_per_second=0)
    calls = answers = actions = 0
    async with running_bot(api, settings, Clock(SHIPPED_SURVEY_OPEN)):
        for i in range(10):
            language = shipped_survey.languages[i % 2]
            agent = Agent(
                api.user(9_200 + i, language_code=language), shipped_survey, random.Random(i)
            )
            mark = len(api.calls)
            await agent.run(random_answer)
            made = limited_calls(api, agent.user, mark)
            typed = sum(
                1
                for qid, answer in agent.answers.items()
                if answer.value is not None and shipped_survey.question(qid).buttons() is None
            )
            others = sum(1 for answer in agent.answers.values() if answer.other)
            # /start, every press (ticks and Send included) and every typed answer
            person = 1 + agent.clicks + typed + others
            assert len(made) <= person, (len(made), person)
            calls, answers, actions = (
                calls + len(made),
                answers + len(agent.answers),
                actions + person,
            )
            assert idle_edits(api, agent.user) == []
    print(
        f"shipped survey, 10 people: {calls} rate-limited calls, {answers} answered questions: "
        f"{calls / answers:.2f} per answered question, {calls / actions:.2f} per action"
    )


async def test_the_shipped_second_wave_is_compared_with_the_first(
    api: FakeBotAPI, tmp_path: Path, shipped_survey: Questionnaire
) -> None:
    """Both shipped waves in one bot: people answer the second in each of its languages, and
    /stats of it names what it shares with the first, what differs and what one wave lacks."""
    second = load_questionnaire(SHIPPED_SECOND_WAVE)
    assert second.compares_with == shipped_survey.id
    admin = 4848
    api.user(admin, "Admin", language_code="fr")
    settings = make_settings(
        tmp_path,
        api,
        messages_per_second=0,
        admins=[admin],
        surveys=[SHIPPED_SURVEY, SHIPPED_SECOND_WAVE],
        survey_settings={
            shipped_survey.id: {"database": tmp_path / "first.sqlite3"},
            second.id: {"database": tmp_path / "second.sqlite3"},
        },
    )
    async with running_bot(api, settings, Clock(SHIPPED_SURVEY_OPEN)):
        for i in range(5):  # a batch: the second wave's first figures are released
            language = second.languages[i % len(second.languages)]
            user = api.user(9_200 + i, language_code=language)
            agent = Agent(user, second, random.Random(i), language=language)
            await user.send_command("/start", second.id)
            first = await user.wait_for_message(is_step)
            await agent.answer_until(None, random_answer, parse_step(first, second), submit=True)
        reader = api.user(admin)
        await reader.send_command("/stats", second.id)
        legend = i18n.text("fr", "waves_legend")
        start = await reader.wait_for_message(lambda m: legend in m.text)
        # Long, it may come in several messages: up to the questions of the first wave only.
        await reader.wait_for_message(lambda m: i18n.text("fr", "waves_gone") in m.text)
        sent = reader.messages
        parts = sent[sent.index(start) :]
        compared = "\n".join(m.text for m in parts if not m.document)

    def under(questionnaire: Questionnaire, question_id: str) -> str:
        number = [q.id for q in questionnaire.questions].index(question_id) + 1
        title = questionnaire.text(questionnaire.question(question_id).text, "fr")
        lines = compared.split("\n")
        return lines[lines.index(f"{number}. {title}") + 1].strip()

    title = shipped_survey.text(shipped_survey.title, "fr")
    assert i18n.text("fr", "waves_heading", title=title, id=shipped_survey.id) in compared
    assert under(second, "administration") == i18n.text("fr", "waves_differs_options")
    assert under(second, "transfers") == i18n.text("fr", "waves_new")
    assert under(shipped_survey, "since_november") == i18n.text("fr", "waves_gone")
    assert under(second, "comments") == i18n.text("fr", "waves_differs_texts")
    # The first wave has no response yet: each shared question says so, with no change.
    assert under(second, "phone_frequency").startswith(
        i18n.text("fr", "waves_earlier", figures="")
    )
