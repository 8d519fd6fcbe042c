"""End to end, two admins, one French and one Dutch: every reply, file and announcement in each
admin's language, and /stats as a phone shows it (whole texts, no ids, the locale's decimals)."""

from __future__ import annotations

import asyncio
import csv
import io
import random
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.questions.base import FigureKind
from bot.telegram.admin import ADMIN_COMMANDS
from fakebotapi import FakeBotAPI, FakeUser, StoredFile
from tests.support.agents import Agent, planned
from tests.support.botharness import RunningBot, make_settings, new, running_bot
from tests.support.wording import Wording

FRENCH_ADMIN, DUTCH_ADMIN = 4242, 4343
GROUP_SIZE = 3
NOW = "24/03/2021 10:00"  # the harness's clock, as the captions write it
PLANS: list[dict[str, Any]] = [
    {"hours": 38, "team": "north"},
    {"hours": 40, "team": "south"},
    {"hours": 35, "team": "north"},
]
"""Three responses: a mean of 37.67 hours, "37,7" in French and Dutch."""


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        fake.user(FRENCH_ADMIN, "Organisatrice", language_code="fr")
        fake.user(DUTCH_ADMIN, "Organisator", language_code="nl-BE")
        yield fake


@pytest.fixture
async def running(api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[RunningBot]:
    settings = make_settings(
        tmp_path,
        api,
        messages_per_second=0,
        admins=[FRENCH_ADMIN, DUTCH_ADMIN],
        min_group_size=GROUP_SIZE,
    )
    async with running_bot(api, settings) as bot:
        questionnaire = bot.context.questionnaire
        await asyncio.gather(
            *(
                Agent(api.user(5100 + i), questionnaire, random.Random(i)).run(planned(plan))
                for i, plan in enumerate(PLANS)
            )
        )
        yield bot


async def reply(admin: FakeUser, line: str, expect: str) -> str:
    """Send a command and return the text of the reply containing `expect`."""
    await admin.send_text(line)
    return (await admin.wait_for_message(new(expect))).text


async def files(api: FakeBotAPI, admin: FakeUser, count: int) -> list[StoredFile]:
    """Wait until the admin has received `count` more documents; return those."""
    before = len(api.documents(admin.id))
    while len(api.documents(admin.id)) < before + count:
        await admin.wait_for_message(lambda m: m.document is not None)
    return api.documents(admin.id)[before:]


def check_reads_on_a_phone(shown: str, words: Wording, running: RunningBot) -> None:
    """Every question by its number and whole text; no internal id; no cut label."""
    questionnaire = running.context.questionnaire
    for number, question in enumerate(questionnaire.questions, start=1):
        assert f"\n{number}. {words.question(question.id)}\n" in shown, question.id
        # An id is a word too ("team" in Dutch): none starts a line or labels a text.
        assert not re.search(rf"(^|\n){re.escape(question.id)}\b", shown), question.id
        assert f"{question.id}:" not in shown and f"par {question.id}" not in shown
    assert "…" not in shown, "nothing is cut"
    assert not re.search(r"\d\.\d", shown), "no decimal point in French or Dutch"
    assert len(shown.split("\n")) < 50, "a phone screen or two"


async def test_each_admin_gets_stats_files_and_the_closing_in_their_language(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr, nl = running.words("fr"), running.words("nl")
    french, dutch = api.user(FRENCH_ADMIN), api.user(DUTCH_ADMIN)
    questionnaire = running.context.questionnaire
    charted = sum(
        q.chart and q.figure_kind is not FigureKind.TEXTS for q in questionnaire.questions
    )
    mean = {"fr": "moyenne 37,7, médiane 38", "nl": "gemiddelde 37,7, mediaan 38"}
    for admin, words, language in ((french, fr, "fr"), (dutch, nl, "nl")):
        overview = words("stats_overview", started=3, in_progress=0, submitted=3)
        before = len(api.photos(admin.id))
        shown = await reply(admin, "/stats", overview)
        check_reads_on_a_phone(shown, words, running)
        three = words("stats_answered", count=3)
        assert words("stats_facts", who=three, rest=mean[language]) in shown, "decimal comma"
        last = f"fixture-2021-{language}-{charted:02d}.png"
        while last not in {p.filename for p in api.photos(admin.id)}:
            await admin.wait_for_message(lambda m: m.photo is not None)
        first = api.photos(admin.id)[before]
        assert first.caption == f"1. {words.question('team')}"
        assert first.filename == f"fixture-2021-{language}-01.png"

    await dutch.send_text("/report")
    (report,) = await files(api, dutch, 1)
    assert report.filename == "fixture-2021-report-nl.pdf"
    assert report.caption == nl("admin_caption_report", count=3, date=NOW)

    await dutch.send_text("/export csv")
    (table,) = await files(api, dutch, 1)
    assert table.filename == "fixture-2021-figures-nl.csv"
    assert table.caption == nl("admin_caption_figures", count=3, date=NOW)
    header, *rows = csv.reader(io.StringIO(table.data.decode("utf-8-sig")), delimiter=";")
    assert header[:2] == [nl("xlsx_question"), nl("xlsx_answer")]
    assert nl.question("team") in {row[0] for row in rows}

    assert nl("help").split("\n")[0] in await reply(dutch, "/help", "/stats")
    await reply(dutch, "/close", nl("admin_close_confirm"))
    await dutch.click(nl("admin_close_no"))
    await dutch.wait_for_message(new(nl("admin_close_kept")))

    await reply(french, "/close", fr("admin_close_confirm"))
    await french.click(fr("admin_close_yes"))
    await french.wait_for_message(new(fr("admin_closing_notice")))
    await dutch.wait_for_message(new(nl("admin_closing_notice")))
    final_nl = await dutch.wait_for_message(new(nl("stats_complete", count=3)))
    final_fr = await french.wait_for_message(new(fr("stats_complete", count=3)))
    assert nl("stats_overview", started=3, in_progress=0, submitted=3) in final_nl.text
    assert fr("stats_overview", started=3, in_progress=0, submitted=3) in final_fr.text
    assert not any(fr("admin_closing_notice") in m.text for m in dutch.messages)


async def test_admin_menus_are_set_per_admin_and_language(
    api: FakeBotAPI, running: RunningBot
) -> None:
    for admin in (FRENCH_ADMIN, DUTCH_ADMIN):
        scope = {"type": "chat", "chat_id": admin}
        for language, words in (("fr", running.words("fr")), ("nl", running.words("nl"))):
            menu = api.commands(scope, language)
            assert [c["command"] for c in menu][-len(ADMIN_COMMANDS) :] == list(ADMIN_COMMANDS)
            assert {c["command"]: c["description"] for c in menu}["stats"] == words("cmd_stats")
        assert api.commands(scope, "de") == [], "no menu in a language the survey lacks"


async def test_the_closing_reaches_each_admin_in_their_language_after_a_restart(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    silent = 4444  # an admin who never wrote to the bot: the survey's default language
    api.user(silent, "Stille", language_code="nl")
    settings = make_settings(
        tmp_path, api, messages_per_second=0, admins=[FRENCH_ADMIN, DUTCH_ADMIN, silent]
    )
    french, dutch, quiet = api.user(FRENCH_ADMIN), api.user(DUTCH_ADMIN), api.user(silent)
    async with running_bot(api, settings) as running:
        fr, nl = running.words("fr"), running.words("nl")
        await reply(dutch, "/help", nl("help").split("\n")[0])
        await reply(french, "/stats", fr("stats_nothing_yet"))

    async with running_bot(api, settings) as running:  # no admin writes after the restart
        await running.context.service.close(running.clock())
        await running.survey_bot.admins.check_closing()
        await dutch.wait_for_message(new(nl("admin_closing_notice")))
        await french.wait_for_message(new(fr("admin_closing_notice")))
        await quiet.wait_for_message(new(fr("admin_closing_notice")))
    assert not any(fr("admin_closing_notice") in m.text for m in dutch.messages)
    assert not any(nl("admin_closing_notice") in m.text for m in french.messages + quiet.messages)
