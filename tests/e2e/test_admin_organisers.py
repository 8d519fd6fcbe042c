"""End to end, what an organiser sees first: /stats opening with the survey's state, the
charts as albums, breakdowns that say when no group is big enough, dates typed as people write
them (and /open's one-tap buttons), and an admin's /start."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot import i18n
from fakebotapi import BotMessage, FakeBotAPI, FakeUser
from tests.support.agents import Agent, planned
from tests.support.botharness import RunningBot, make_settings, running_bot

ADMIN_ID = 4242
GROUP_SIZE = 3
# The tests' own survey closes on 31/03/2021 at 23:59:59 Brussels time, 120 minutes' grace.
IN_GRACE = datetime(2021, 3, 31, 22, 30, tzinfo=UTC)
AFTER_GRACE = datetime(2021, 4, 1, 1, 0, tzinfo=UTC)


def fr(key: str, **values: str | int) -> str:
    return i18n.text("fr", key, **values)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        fake.user(ADMIN_ID, "Organisatrice", language_code="fr")
        yield fake


@pytest.fixture
async def running(api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[RunningBot]:
    settings = make_settings(
        tmp_path, api, messages_per_second=0, admins=[ADMIN_ID], min_group_size=GROUP_SIZE
    )
    async with running_bot(api, settings) as bot:
        yield bot


@pytest.fixture
def admin(api: FakeBotAPI) -> FakeUser:
    return api.user(ADMIN_ID)


async def respond(running: RunningBot, user: FakeUser, plan: Mapping[str, Any]) -> None:
    """A respondent who answers as planned and submits."""
    await Agent(user, running.context.questionnaire, random.Random(user.id)).run(planned(plan))


def new(match: str) -> Callable[[BotMessage], bool]:
    """A new (not edited) message containing `match`."""
    return lambda m: not m.edited and match in m.text


async def command(user: FakeUser, line: str, expect: str) -> BotMessage:
    """Send a command and return the reply containing `expect`."""
    await user.send_text(line)
    return await user.wait_for_message(new(expect))


# -- 5. /stats says first whether the survey is open ----------------------------------------


async def test_stats_opens_with_the_surveys_state_in_the_same_message(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    open_until = fr("surveys_open_until", date="31/03/2021 23:59")
    sent = len(api.calls_to("sendMessage"))
    shown = await command(admin, "/stats", fr("stats_nothing_yet"))
    assert shown.text.split("\n")[0] == open_until
    assert len(api.calls_to("sendMessage")) == sent + 1, "no extra call"

    running.clock.now = IN_GRACE
    grace = fr("surveys_grace", date="01/04/2021 01:59")
    assert (await command(admin, "/stats", fr("stats_nothing_yet"))).text.startswith(grace)
    running.clock.now = AFTER_GRACE
    closed = fr("surveys_closed", date="31/03/2021 23:59")
    assert (await command(admin, "/stats", fr("stats_nothing_yet"))).text.startswith(closed)
    # The same words as /surveys.
    assert (await command(admin, "/surveys", closed)).text.split("\n")[1] == closed


# -- 8. breakdowns: none that is the whole survey again, one at a time -----------------------


async def test_a_breakdown_whose_groups_are_all_small_shows_no_group(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    for n, team in enumerate(("north", "south", "north", "south")):
        await respond(running, api.user(7000 + n), {"team": team})
    split = await command(admin, "/stats team", fr("stats_breakdown", question="1. ")[:10])
    assert "== " not in split.text, "no merged group that is the whole survey again"
    assert split.text.endswith(fr("stats_no_split_yet", group=GROUP_SIZE))


async def test_two_breakdowns_at_once_are_refused_clearly(
    running: RunningBot, admin: FakeUser
) -> None:
    refusal = fr("admin_stats_one_at_a_time", first="team", rest="shift")
    assert (await command(admin, "/stats team shift", refusal)).text == refusal
    refusal = fr("admin_stats_one_at_a_time", first="3", rest="team")
    assert (await command(admin, "/stats 3 team", refusal)).text == refusal


# -- 9. dates as people write them; /open's buttons -----------------------------------------


async def closed_long_ago(running: RunningBot, admin: FakeUser) -> None:
    """Close the survey, and move the clock to 01/05/2021, past its deadline."""
    await command(admin, "/close", fr("admin_close_confirm"))
    await admin.click(fr("admin_close_yes"))
    await admin.wait_for_message(new(fr("admin_closing_notice")))
    running.clock.now = datetime(2021, 5, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "until"),
    [
        ("31/12/2021", "31/12/2021 23:59"),
        ("31-12-2021", "31/12/2021 23:59"),
        ("31.12.2021 17:00", "31/12/2021 17:00"),
        ("2021-12-31", "31/12/2021 23:59"),
        ("demain", "02/05/2021 23:59"),
        ("+7", "08/05/2021 23:59"),
    ],
)
async def test_open_takes_dates_as_people_write_them(
    running: RunningBot, admin: FakeUser, typed: str, until: str
) -> None:
    await closed_long_ago(running, admin)
    await command(admin, f"/open {typed}", fr("admin_reopened_until", date=until))


async def test_open_examples_are_dates_to_come_and_its_buttons_work_in_one_tap(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    await closed_long_ago(running, admin)
    example = "15/05/2021"  # two weeks from 01/05/2021
    bad = await command(admin, "/open bientôt", fr("admin_bad_date", example=example))
    assert "2020" not in bad.text
    await command(admin, f"/open {example}", fr("admin_reopened_until", date="15/05/2021 23:59"))

    running.clock.now = datetime(2021, 6, 1, 12, 0, tzinfo=UTC)  # past that one too
    asked = await command(admin, "/open", "15/05/2021 23:59")
    assert asked.text == fr("admin_open_needs_date", date="15/05/2021 23:59", example="15/06/2021")
    week = fr("admin_open_in_weeks", weeks=1, date="08/06/2021")
    two = fr("admin_open_in_weeks", weeks=2, date="15/06/2021")
    assert asked.button_texts == [week, two, fr("admin_open_other_date")]
    assert week.startswith("+1 semaine") and two.startswith("+2 semaines")
    await admin.click(fr("admin_open_other_date"), asked)
    await admin.wait_for_message(new(fr("admin_open_type_date", example="15/06/2021")))
    await admin.click(two, asked)
    await admin.wait_for_message(new(fr("admin_reopened_until", date="15/06/2021 23:59")))
    schedule = await running.context.service.schedule()
    assert schedule.deadline == datetime(2021, 6, 15, 21, 59, 59, tzinfo=UTC)


# -- 10. an admin's /start: what an organiser needs, the survey one tap away ---------------

LINK = "https://t.me/fake_survey_bot?start=fixture-2021"


async def test_an_admins_start_shows_the_state_and_a_button_per_command(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    await admin.send_command("/start")
    shown = await admin.wait_for_message(new(fr("admin_start")))
    lines = shown.text.split("\n")
    assert lines[1] == fr("surveys_open_until", date="31/03/2021 23:59")
    assert fr("surveys_link", link=LINK) in lines
    assert shown.button_texts == [
        fr("admin_start_stats"),
        fr("admin_start_report"),
        fr("admin_start_export"),
        fr("admin_start_close"),
        fr("admin_start_take"),
    ]
    buttons = [b for row in shown.buttons for b in row]
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons[:-1])
    assert buttons[-1]["url"] == LINK, "takes the survey as its link does"

    await admin.click(fr("admin_start_stats"), shown)
    figures = await admin.wait_for_message(new(fr("stats_nothing_yet")))
    assert figures.text.startswith(fr("surveys_open_until", date="31/03/2021 23:59"))
    await admin.click(fr("admin_start_close"), shown)
    await admin.wait_for_message(new(fr("admin_close_confirm")))

    # What Telegram sends when the button's link is opened: the survey, as for anyone.
    await admin.send_command("/start", "fixture-2021")
    opened = await admin.wait_for_message(lambda m: "Question 1 · " in m.text)
    assert opened.buttons, "the first question, with its answers"


async def test_anyone_elses_start_still_opens_the_survey(
    api: FakeBotAPI, running: RunningBot
) -> None:
    agent = api.user(5100, "Agent", language_code="fr")
    await agent.send_command("/start")
    first = await agent.wait_for_message(lambda m: "Question 1 · " in m.text)
    assert fr("admin_start") not in first.text
