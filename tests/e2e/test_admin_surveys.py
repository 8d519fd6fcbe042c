"""End to end, admins of several surveys: /surveys, a command per survey (named or picked),
nothing of a survey one may not see, each closing to its own admins, and /reload."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot import i18n
from bot.app.settings import Settings, load_settings
from bot.app.wiring import AppContext
from bot.cli.main import main as survey_bot
from bot.core.schedule import Phase
from fakebotapi import BotMessage, FakeBotAPI, FakeUser
from tests.support.agents import all_data
from tests.support.answering import drive, fixture_replies
from tests.support.botharness import Clock, RunningBot, make_settings, new, running_bot
from tests.support.paths import CHOICES_SURVEY, FIXTURE_SURVEY, TYPES_SURVEY

GLOBAL, FIXTURE_ADMIN, TYPES_ADMIN, CHOICES_ADMIN = 4242, 4343, 4444, 4545
FIXTURE, TYPES, CHOICES = "fixture-2021", "types-2021", "choices-2024"
FIXTURE_TITLE = "Enquête d'essai sur l'atelier"
TYPES_TITLE = "Enquête d'essai sur les trajets"
CHOICES_TITLE = "Enquête d'essai sur les choix"
LINK = "https://t.me/fake_survey_bot?start="
# The fixture survey closes on 31/03/2021 at 23:59:59 Brussels time, with 120 minutes' grace.
IN_GRACE = datetime(2021, 3, 31, 22, 30, tzinfo=UTC)
AFTER_GRACE = datetime(2021, 4, 1, 1, 0, tzinfo=UTC)


def fr(key: str, **values: str | int) -> str:
    return i18n.text("fr", key, **values)


def two_surveys(tmp_path: Path, api: FakeBotAPI) -> Settings:
    """The fixture and types surveys; a global admin, and an admin of each survey only."""
    return make_settings(
        tmp_path,
        api,
        messages_per_second=0,
        admins=[GLOBAL],
        min_group_size=2,
        surveys=[FIXTURE_SURVEY, TYPES_SURVEY],
        survey_settings={
            FIXTURE: {"database": tmp_path / "fixture.sqlite3", "admins": [FIXTURE_ADMIN]},
            TYPES: {"database": tmp_path / "types.sqlite3", "admins": [TYPES_ADMIN]},
        },
    )


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        for admin in (GLOBAL, FIXTURE_ADMIN, TYPES_ADMIN, CHOICES_ADMIN):
            fake.user(admin, f"Admin {admin}", language_code="fr")
        yield fake


@pytest.fixture
async def running(api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[RunningBot]:
    async with running_bot(api, two_surveys(tmp_path, api)) as bot:
        yield bot


def survey(running: RunningBot, survey_id: str) -> AppContext:
    context = running.survey_bot.catalogue.get(survey_id)
    assert context is not None
    return context


async def reply(user: FakeUser, line: str) -> BotMessage:
    """Send a command; return the bot's next message."""
    await user.send_text(line)
    return await user.wait_for_message(lambda m: not m.edited)


async def settled(user: FakeUser) -> None:
    """Wait until every reply already queued for this user has arrived (replies keep their
    order within a chat: /help's comes after them)."""
    await user.send_command("/help")
    await user.wait_for_message(lambda m: m.text.startswith("/start"))


async def test_surveys_lists_each_survey_an_admin_may_see(
    api: FakeBotAPI, running: RunningBot
) -> None:
    clock = running.clock
    fixture = survey(running, FIXTURE).service
    for user_id in (6001, 6002):
        await drive(fixture, user_id, fixture_replies(), clock.now, submit_at=clock.now)
    await fixture.begin(6003, "fr", clock.now)  # one in progress
    await survey(running, TYPES).service.close(clock.now)

    listed = (await reply(api.user(GLOBAL), "/surveys")).text
    fixture_part, types_part = listed.split("\n\n")
    assert fixture_part == "\n".join(
        (
            fr("admin_survey", title=FIXTURE_TITLE, id=FIXTURE),
            fr("surveys_open_until", date="31/03/2021 23:59"),
            fr("surveys_counts", submitted=2, in_progress=1),
            fr("surveys_link", link=LINK + FIXTURE),
        )
    )
    assert types_part == "\n".join(
        (
            fr("admin_survey", title=TYPES_TITLE, id=TYPES),
            fr("surveys_closed", date="24/03/2021 10:00"),
            fr("surveys_counts", submitted=0, in_progress=0),
            fr("surveys_link", link=LINK + TYPES),
        )
    )
    assert (await reply(api.user(FIXTURE_ADMIN), "/surveys")).text == fixture_part
    assert (await reply(api.user(TYPES_ADMIN), "/surveys")).text == types_part

    clock.now = IN_GRACE
    in_grace = (await reply(api.user(FIXTURE_ADMIN), "/surveys")).text
    assert fr("surveys_grace", date="01/04/2021 01:59") in in_grace

    stranger = api.user(6100, "Bob", language_code="fr")
    assert (await reply(stranger, "/surveys")).text == fr("admin_only")


async def test_a_survey_admin_sees_nothing_of_another(
    api: FakeBotAPI, running: RunningBot
) -> None:
    admin = api.user(FIXTURE_ADMIN)
    for line in ("/stats", f"/stats {FIXTURE}"):
        assert fr("stats_nothing_yet") in (await reply(admin, line)).text, line
    breakdown = (await reply(admin, f"/stats {FIXTURE} team")).text
    assert fr("stats_breakdown", question="1.") in breakdown
    # Another's survey is answered word for word as an id that does not exist.
    for command in ("/stats", "/report", "/export", "/close", "/open"):
        other = (await reply(admin, f"{command} {TYPES}")).text
        unknown = (await reply(admin, f"{command} nosuch-2021")).text
        assert other.replace(TYPES, "X") == unknown.replace("nosuch-2021", "X"), command
        assert TYPES_TITLE not in other and "trajets" not in other
    assert (await reply(admin, f"/close {TYPES}")).text == fr(
        "admin_unknown_survey", survey=TYPES, surveys=FIXTURE
    )
    # Forged buttons too: a pick of the other survey, its /close confirmed.
    asked = await reply(admin, "/close")
    assert all_data(asked) == ["k|y|fixture-2021", "k|n|fixture-2021"]
    for forged, unknown in (
        (f"p|stats|{TYPES}|", "p|stats|nosuch-2021|"),
        (f"k|y|{TYPES}", "k|y|nosuch-2021"),
    ):
        await admin.click_data(asked.message_id, forged)
        other = (await admin.wait_for_message(new(""))).text
        await admin.click_data(asked.message_id, unknown)
        assert other.replace(TYPES, "X") == (await admin.wait_for_message(new(""))).text.replace(
            "nosuch-2021", "X"
        )
    await settled(admin)
    types = survey(running, TYPES)
    assert await types.service.phase(running.clock()) is Phase.OPEN
    assert (await types.service.schedule()).deadline == types.questionnaire.closes_at
    assert not [d for d in api.documents(admin.id) if TYPES in d.filename]
    assert not any(TYPES_TITLE in m.text for m in admin.messages)
    # Whom the other survey does not know, it does not answer either way.
    assert (await reply(api.user(TYPES_ADMIN), f"/stats {FIXTURE}")).text == fr(
        "admin_unknown_question", question=FIXTURE, count=len(types.questionnaire.questions)
    )


async def test_an_admin_of_several_picks_the_survey_by_a_button(
    api: FakeBotAPI, running: RunningBot
) -> None:
    admin = api.user(GLOBAL)
    picker = await reply(admin, "/stats")
    assert picker.text == fr("admin_pick")
    assert picker.button_texts == [FIXTURE_TITLE, TYPES_TITLE]
    assert all_data(picker) == [f"p|stats|{FIXTURE}|", f"p|stats|{TYPES}|"]
    await admin.click(TYPES_TITLE, picker)
    shown = await admin.wait_for_message(new(fr("stats_nothing_yet")))
    assert shown.text.startswith(fr("admin_survey", title=TYPES_TITLE, id=TYPES))

    # The command's own words go along with the tap.
    export = await reply(admin, "/export csv")
    assert all_data(export) == [f"p|export|{FIXTURE}|csv", f"p|export|{TYPES}|csv"]
    await admin.click(FIXTURE_TITLE, export)
    document = await admin.wait_for_message(lambda m: m.document is not None)
    assert document.document is not None
    assert [d.filename for d in api.documents(admin.id)] == ["fixture-2021-figures-fr.csv"]

    # /close picked, then confirmed: that survey only.
    await admin.click(TYPES_TITLE, await reply(admin, "/close"))
    confirm = await admin.wait_for_message(lambda m: not m.edited and bool(m.buttons))
    assert confirm.text == fr("admin_close_confirm_named", title=TYPES_TITLE, id=TYPES)
    await admin.click(fr("admin_close_yes"), confirm)
    await admin.wait_for_message(
        new(fr("admin_closing_notice_named", title=TYPES_TITLE, id=TYPES))
    )
    now = running.clock()
    assert await survey(running, TYPES).service.phase(now) is Phase.CLOSED
    assert await survey(running, FIXTURE).service.phase(now) is Phase.OPEN
    # Named, it runs at once.
    await admin.send_text(f"/stats {TYPES} site")
    named = await admin.wait_for_message(new(fr("stats_breakdown", question="1.")))
    assert named.text.startswith(fr("admin_survey", title=TYPES_TITLE, id=TYPES))


async def test_an_admins_start_shows_each_of_their_surveys_with_its_own_buttons(
    api: FakeBotAPI, running: RunningBot
) -> None:
    admin = api.user(GLOBAL)
    await admin.send_command("/start")
    await admin.wait_until(lambda: sum(fr("admin_start") in m.text for m in admin.messages) == 2)
    fixture, types = (m for m in admin.messages if fr("admin_start") in m.text)
    assert fixture.text.startswith(fr("admin_survey", title=FIXTURE_TITLE, id=FIXTURE))
    assert types.text.startswith(fr("admin_survey", title=TYPES_TITLE, id=TYPES))
    assert all_data(types)[:-1] == [
        f"p|stats|{TYPES}|",
        f"p|report|{TYPES}|",
        f"p|export|{TYPES}|",
        f"p|close|{TYPES}|",
    ]
    assert types.buttons[-1][0]["url"] == LINK + TYPES
    await admin.click(fr("admin_start_stats"), types)
    shown = await admin.wait_for_message(new(fr("stats_nothing_yet")))
    assert shown.text.startswith(fr("admin_survey", title=TYPES_TITLE, id=TYPES))
    # A survey's admin sees only theirs.
    own = api.user(FIXTURE_ADMIN)
    await own.send_command("/start")
    (mine,) = [await own.wait_for_message(new(fr("admin_start")))]
    assert mine.text.startswith(fr("admin_survey", title=FIXTURE_TITLE, id=FIXTURE))
    assert all(f"|{FIXTURE}|" in data for data in all_data(mine)[:-1])
    # Their own link still opens the survey, for an admin too.
    await admin.send_command("/start", TYPES)
    opened = await admin.wait_for_message(lambda m: "Question 1 · " in m.text)
    assert opened.buttons


async def test_each_closing_goes_to_that_surveys_admins_only(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    clock = Clock()
    everyone = api.user(GLOBAL), api.user(FIXTURE_ADMIN), api.user(TYPES_ADMIN)
    glob, fixture_admin, types_admin = everyone
    types_notice = fr("admin_closing_notice_named", title=TYPES_TITLE, id=TYPES)
    fixture_notice = fr("admin_closing_notice_named", title=FIXTURE_TITLE, id=FIXTURE)
    async with running_bot(api, two_surveys(tmp_path, api), clock) as running:
        await survey(running, TYPES).service.close(clock.now)
        await running.survey_bot.admins.check_closing()
        await glob.wait_for_message(new(types_notice))
        await types_admin.wait_for_message(new(types_notice))

        clock.now = AFTER_GRACE  # the fixture survey's deadline and grace have passed
        await running.survey_bot.admins.check_closing()
        await running.survey_bot.admins.check_closing()  # once only
        await glob.wait_for_message(new(fixture_notice))
        await fixture_admin.wait_for_message(new(fixture_notice))
        for admin in everyone:
            await settled(admin)
    assert sum(m.text.startswith(types_notice) for m in glob.messages) == 1
    assert sum(m.text.startswith(fixture_notice) for m in glob.messages) == 1
    assert not any(types_notice in m.text or TYPES_TITLE in m.text for m in fixture_admin.messages)
    assert not any(fixture_notice in m.text for m in types_admin.messages)


# -- /reload --------------------------------------------------------------------------


def write_config(tmp_path: Path, api: FakeBotAPI, files: list[Path]) -> Path:
    """A config file of these surveys, its databases beside it; the global admin, and an
    admin of the fixture survey and of the choices survey (once listed) only."""
    api.limits.set(0, 0)
    listed = ", ".join(f'"{file}"' for file in files)
    tables = ""
    if FIXTURE_SURVEY in files:
        tables += f'[survey_settings."{FIXTURE}"]\nadmins = [{FIXTURE_ADMIN}]\n'
    if any(file.name.startswith("choices") for file in files):
        tables += f'[survey_settings."{CHOICES}"]\nadmins = [{CHOICES_ADMIN}]\n'
    config = tmp_path / "config.toml"
    config.write_text(
        f"""surveys = [{listed}]
admins = [{GLOBAL}]
min_group_size = 2

{tables}
[telegram]
base_url = "{api.base_url}"
base_file_url = "{api.base_file_url}"
token = "{api.token}"
max_messages_per_second = 0
""",
        encoding="utf-8",
    )
    return config


async def check(config: Path) -> int:
    """`survey-bot check` on this config (its own event loop, in a thread)."""
    return await asyncio.to_thread(survey_bot, ["check", "--config", str(config)])


@pytest.fixture
async def reloadable(api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The fixture and types surveys, read from a config file that tests then change."""
    config = write_config(tmp_path, api, [FIXTURE_SURVEY, TYPES_SURVEY])
    async with running_bot(api, load_settings(config, environ={})) as bot:
        yield bot


async def mid_survey(api: FakeBotAPI) -> tuple[FakeUser, BotMessage]:
    """Someone who opened the fixture survey by its link and answered its first question."""
    anne = api.user(6200, "Anne", language_code="fr")
    await anne.send_command("/start", FIXTURE)
    intro = await anne.wait_for_message(lambda m: FIXTURE_TITLE in m.text)
    await anne.click("Équipe nord", intro)
    return anne, await anne.wait_for_message(lambda m: "Question 2 · " in m.text)


async def goes_on(running: RunningBot, anne: FakeUser, question: BotMessage) -> None:
    """Anne answers her second question: the third comes, both answers are kept."""
    await anne.click(question.button_texts[0], question)
    await anne.wait_for_message(lambda m: "Question 3 · " in m.text)
    session = await survey(running, FIXTURE).service.store.session(anne.id)
    assert session is not None
    assert set(session.state.answers) == {"team", "shift"}


async def test_reload_opens_a_new_survey_and_the_others_go_on(
    api: FakeBotAPI, tmp_path: Path, reloadable: RunningBot
) -> None:
    anne, question = await mid_survey(api)
    glob = api.user(GLOBAL)
    added = tmp_path / "choices.toml"
    shutil.copy(CHOICES_SURVEY, added)
    write_config(tmp_path, api, [FIXTURE_SURVEY, TYPES_SURVEY, added])
    assert await check(tmp_path / "config.toml") == 0
    # Only the admins of every survey may reload.
    refused = await reply(api.user(FIXTURE_ADMIN), "/reload")
    assert refused.text == fr("admin_reload_global_only")
    assert reloadable.survey_bot.catalogue.get(CHOICES) is None

    told = await reply(glob, "/reload")
    assert told.text == "\n".join(
        (
            fr("admin_reloaded"),
            fr("admin_reload_added", survey=CHOICES, link=LINK + CHOICES),
            fr("admin_reload_kept", surveys=f"{FIXTURE}, {TYPES}"),
        )
    )
    await goes_on(reloadable, anne, question)
    # A member opens it by its link; its admin (named in the new config) and the global one
    # see it.
    bob = api.user(6201, "Bob", language_code="fr")
    await bob.send_command("/start", CHOICES)
    await bob.wait_for_message(lambda m: CHOICES_TITLE in m.text)
    listed = (await reply(glob, "/surveys")).text
    assert [part.split("\n")[0] for part in listed.split("\n\n")] == [
        fr("admin_survey", title=t, id=i)
        for t, i in ((FIXTURE_TITLE, FIXTURE), (TYPES_TITLE, TYPES), (CHOICES_TITLE, CHOICES))
    ]
    assert fr("surveys_counts", submitted=0, in_progress=1) in listed.split("\n\n")[2]
    choices_admin = api.user(CHOICES_ADMIN)
    shown = (await reply(choices_admin, "/stats")).text
    assert shown.startswith(fr("admin_survey", title=CHOICES_TITLE, id=CHOICES))
    assert fr("stats_overview", started=1, in_progress=1, submitted=0) in shown
    count = len(survey(reloadable, FIXTURE).questionnaire.questions)
    assert (await reply(api.user(FIXTURE_ADMIN), f"/stats {CHOICES}")).text == fr(
        "admin_unknown_question", question=CHOICES, count=count
    )
    # Nothing more to open the second time.
    again = await reply(glob, "/reload")
    assert again.text == "\n".join(
        (fr("admin_reloaded"), fr("admin_reload_kept", surveys=f"{FIXTURE}, {TYPES}, {CHOICES}"))
    )


async def test_reload_refuses_a_broken_file_with_the_checks_words(
    api: FakeBotAPI,
    tmp_path: Path,
    reloadable: RunningBot,
    capsys: pytest.CaptureFixture[str],
) -> None:
    anne, question = await mid_survey(api)
    broken = tmp_path / "choices.toml"
    shutil.copy(CHOICES_SURVEY, broken)
    broken.write_text(
        broken.read_text(encoding="utf-8").replace('type = "single"', 'type = "singel"', 1),
        encoding="utf-8",
    )
    write_config(tmp_path, api, [FIXTURE_SURVEY, TYPES_SURVEY, broken])
    capsys.readouterr()
    assert await check(tmp_path / "config.toml") == 2
    checked = capsys.readouterr().err.strip().removeprefix("survey-bot: ")
    assert str(broken) in checked and "year" in checked and "type" in checked

    told = await reply(api.user(GLOBAL), "/reload")
    assert told.text == f"{fr('admin_reload_invalid')}\n\n{checked}"
    assert reloadable.survey_bot.catalogue.get(CHOICES) is None
    await goes_on(reloadable, anne, question)
    listed = (await reply(api.user(GLOBAL), "/surveys")).text
    assert len(listed.split("\n\n")) == 2 and CHOICES not in listed
    bob = api.user(6202, "Bob", language_code="fr")
    await bob.send_command("/start", CHOICES)  # no such survey: the menu of the open ones
    menu = await bob.wait_for_message()
    assert all_data(menu) == [f"m|{FIXTURE}", f"m|{TYPES}"]


async def test_a_bot_of_one_survey_needs_a_restart_for_a_second(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    config = write_config(tmp_path, api, [FIXTURE_SURVEY])
    async with running_bot(api, load_settings(config, environ={})) as running:
        write_config(tmp_path, api, [FIXTURE_SURVEY, TYPES_SURVEY])
        told = await reply(api.user(GLOBAL), "/reload")
        assert told.text == fr("admin_reload_one_survey")
        assert running.survey_bot.catalogue.get(TYPES) is None


async def test_a_survey_left_out_of_the_config_runs_until_the_next_restart(
    api: FakeBotAPI, tmp_path: Path, reloadable: RunningBot
) -> None:
    anne, question = await mid_survey(api)
    write_config(tmp_path, api, [TYPES_SURVEY])
    told = await reply(api.user(GLOBAL), "/reload")
    assert told.text == "\n".join(
        (
            fr("admin_reloaded"),
            fr("admin_reload_kept", surveys=TYPES),
            fr("admin_reload_removed", surveys=FIXTURE),
        )
    )
    await goes_on(reloadable, anne, question)
    shown = (await reply(api.user(FIXTURE_ADMIN), "/stats")).text
    assert fr("stats_overview", started=1, in_progress=1, submitted=0) in shown
