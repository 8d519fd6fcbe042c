"""End to end, two waves of a survey: people answer both through the bot, and /stats of the
second shows both side by side with the change, to an admin of both surveys only.

The figures are computed by hand here from the answers planned below, never by the bot's code.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot import i18n
from bot.app.settings import Settings
from bot.core.questionnaire import Questionnaire
from fakebotapi import BotMessage, FakeBotAPI, FakeUser
from tests.support.agents import Agent, is_step, parse_step, planned
from tests.support.botharness import RunningBot, make_settings, running_bot
from tests.support.paths import WAVE_1_SURVEY, WAVE_2_SURVEY
from tests.support.reads import CountedReads
from tests.support.waves import (
    EARLIER,
    EARLIER_TITLE,
    EVERYONE,
    LATER,
    MIN_GROUP_SIZE,
    WAVE_1,
    WAVE_2,
)

BOTH_ADMIN, LATER_ADMIN = 4646, 4747
# The first wave closes on 25 March 2021 at noon, Brussels time (11:00 UTC), plus two hours'
# grace; the second on 31 March.
FIRST_WAVE_CLOSED = datetime(2021, 3, 26, 9, 0, tzinfo=UTC)


def fr(key: str, **values: str | int) -> str:
    return i18n.text("fr", key, **values)


percent = i18n.get("fr").percent


def settings_of(tmp_path: Path, api: FakeBotAPI) -> Settings:
    """The two waves; a global admin who sees both, and an admin of the second wave only."""
    return make_settings(
        tmp_path,
        api,
        messages_per_second=0,
        admins=[BOTH_ADMIN],
        min_group_size=MIN_GROUP_SIZE,
        surveys=[WAVE_1_SURVEY, WAVE_2_SURVEY],
        survey_settings={
            EARLIER: {"database": tmp_path / "wave-1.sqlite3"},
            LATER: {"database": tmp_path / "wave-2.sqlite3", "admins": [LATER_ADMIN]},
        },
    )


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        for admin in (BOTH_ADMIN, LATER_ADMIN):
            fake.user(admin, f"Admin {admin}", language_code="fr")
        yield fake


async def answer(
    user: FakeUser, survey_id: str, questionnaire: Questionnaire, plan: Mapping[str, object]
) -> None:
    """One person opens the survey's link and answers it through the bot's buttons."""
    agent = Agent(user, questionnaire, random.Random(user.id), language="fr")
    await user.send_command("/start", survey_id)
    first = await user.wait_for_message(is_step)
    chooser = planned({**EVERYONE, **plan})
    await agent.answer_until(None, chooser, parse_step(first, questionnaire), submit=True)


async def both_waves_answered(api: FakeBotAPI, running: RunningBot) -> None:
    """Ten people answer each wave, while both are open; then the first wave closes."""
    earlier = running.catalogue.get(EARLIER)
    later = running.catalogue.get(LATER)
    assert earlier is not None and later is not None
    people = [
        answer(api.user(7000 + n, language_code="fr"), EARLIER, earlier.questionnaire, plan)
        for n, plan in enumerate(WAVE_1)
    ] + [
        answer(api.user(8000 + n, language_code="fr"), LATER, later.questionnaire, plan)
        for n, plan in enumerate(WAVE_2)
    ]
    await asyncio.gather(*people)
    running.clock.now = FIRST_WAVE_CLOSED


async def stats(user: FakeUser, line: str, marker: str) -> BotMessage:
    """Send /stats; return the reply holding `marker`."""
    await user.send_text(line)
    return await user.wait_for_message(lambda m: marker in m.text)


def block(message: str, title: str) -> list[str]:
    """The lines under one question's title, up to the next blank line."""
    lines = message.split("\n")
    start = lines.index(title) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i]), len(lines))
    return lines[start:end]


async def test_stats_shows_both_waves_side_by_side_to_an_admin_of_both(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    async with running_bot(api, settings_of(tmp_path, api)) as running:
        await both_waves_answered(api, running)
        admin = api.user(BOTH_ADMIN)
        compared = (await stats(admin, f"/stats {LATER}", fr("waves_legend"))).text

        assert fr("waves_heading", title=EARLIER_TITLE, id=EARLIER) in compared
        assert fr("waves_responses", earlier=10, later=10) in compared
        # Wave 1: 6, 3 and 1 of 10; wave 2: 3, 5 and 2 of 10.
        assert block(compared, "2. Des appels restent-ils sans réponse ?") == [
            "   " + fr("waves_answered", earlier=10, later=10),
            "   "
            + fr(
                "waves_share",
                label="Rarement",
                earlier=percent(0.1),
                later=percent(0.2),
                change="+10",
            ),
            "   "
            + fr(
                "waves_share",
                label="Parfois",
                earlier=percent(0.3),
                later=percent(0.5),
                change="+20",
            ),
            "   "
            + fr(
                "waves_share",
                label="Souvent",
                earlier=percent(0.6),
                later=percent(0.3),
                change="-30",
            ),
        ]
        # Hours: wave 1 (5 x 10 + 5 x 20) / 10 = 15, median 15; wave 2 (8 x 10 + 2 x 30) / 10
        # = 14, median 10.
        assert block(compared, "4. Combien d'heures par semaine au téléphone ?") == [
            "   "
            + " · ".join(
                (
                    fr("waves_answered", earlier=10, later=10),
                    fr("waves_mean", earlier="15", later="14", change="-1"),
                    fr("waves_median", earlier="15", later="10", change="-5"),
                )
            )
        ]
        # Escalated: 6 answered in wave 1 (shown), 3 in wave 2 (hidden): no change at all.
        escalated = block(compared, "3. L'avez-vous signalé ?")
        assert escalated[1:] == [
            "   " + fr("waves_later", figures=fr("stats_too_few", group=MIN_GROUP_SIZE)),
            "   " + fr("waves_no_change"),
        ]
        assert "points" not in "\n".join(escalated)
        assert block(compared, "1. Sur quel site travaillez-vous ?") == [
            "   " + fr("waves_differs_options")
        ]
        assert block(compared, "5. Vous transfère-t-on des appels ?") == ["   " + fr("waves_new")]
        gone = compared.split(fr("waves_gone_heading"))[1].strip().split("\n")
        assert gone == [
            "5. Depuis l'hiver, la situation a-t-elle changé ?",
            "   " + fr("waves_gone"),
        ]

        # One question in detail carries its comparison too.
        detail = (await stats(admin, f"/stats {LATER} 2", fr("waves_legend"))).text
        assert (
            fr(
                "waves_share",
                label="Souvent",
                earlier=percent(0.6),
                later=percent(0.3),
                change="-30",
            )
            in detail
        )


async def test_an_admin_of_the_later_wave_only_sees_none_of_the_earlier(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    async with running_bot(api, settings_of(tmp_path, api)) as running:
        await both_waves_answered(api, running)
        admin = api.user(LATER_ADMIN)
        told = await stats(admin, "/stats", fr("waves_withheld"))
        # The withheld line comes after the overview; wait for the charts behind it too.
        await admin.send_command("/help")
        await admin.wait_for_message(lambda m: m.text.startswith("/start"))
        said = "\n".join(m.text for m in admin.messages)
        assert told.text.endswith(fr("waves_withheld"))
        assert fr("waves_legend") not in said
        assert EARLIER_TITLE not in said and EARLIER not in said
        # Wave 1's share of "often" (60 %) appears nowhere; wave 2's own (30 %) does.
        assert f"Souvent {percent(0.3)}" in said
        assert percent(0.6) not in said
        for document in admin.documents:
            assert EARLIER.encode() not in document.data


async def test_the_watcher_reads_a_closed_earlier_waves_figures_before_anyone_asks(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    """The first /stats of a comparison after a start does not wait for the earlier wave's
    figures: the watcher computes a closed wave's figures once, and /stats reads none."""
    async with running_bot(api, settings_of(tmp_path, api)) as running:
        await both_waves_answered(api, running)
        earlier = running.catalogue.get(EARLIER)
        assert earlier is not None
        await running.survey_bot.watch_now()  # the closing announced, with its figures
        # As after a restart: the closing was announced before, no figures in memory.
        earlier.results.forget()
        reads = CountedReads(earlier.results.store)
        earlier.results.store = reads
        await running.survey_bot.watch_now()
        assert reads.reads == 1, "the watcher computed the closed wave's figures"

        compared = (await stats(api.user(BOTH_ADMIN), f"/stats {LATER}", fr("waves_legend"))).text
        assert fr("waves_responses", earlier=10, later=10) in compared
        assert reads.reads == 1, "/stats found the earlier wave's figures ready"
