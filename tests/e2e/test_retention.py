"""End to end, retention: the running bot deletes a closed survey's single responses
`keep_responses_days` after the closing, at once or at its next start; the admins then get
the figures kept, and are told so. With several surveys, each has its own retention, checked
on its own (at start, by the watcher, and when a /reload opens it)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import i18n
from bot.app.catalogue import load_registry
from bot.app.settings import Settings, load_settings
from bot.app.wiring import AppContext, open_context
from bot.core.schedule import Phase
from bot.core.stores import Kept, StoreFailure
from fakebotapi import FakeBotAPI, FakeUser
from tests.support.agents import Agent, planned
from tests.support.answering import drive, fixture_replies
from tests.support.botharness import Clock, RunningBot, make_settings, new, running_bot
from tests.support.paths import FIXTURE_SURVEY

ADMIN_ID = 4242
GROUP_SIZE = 3
KEEP_DAYS = 10
MARKER = "zq-e2e-retention-marker-51d7"
"""A free-text answer found nowhere else: after the purge, no byte of it may be left."""
OVERVIEW = "Commencées"


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        fake.user(ADMIN_ID, "Organisatrice", language_code="fr")
        yield fake


def settings_for(tmp_path: Path, api: FakeBotAPI) -> Settings:
    return make_settings(
        tmp_path,
        api,
        messages_per_second=0,
        admins=[ADMIN_ID],
        min_group_size=GROUP_SIZE,
        keep_responses_days=KEEP_DAYS,
    )


async def respond(running: RunningBot, user: FakeUser, plan: dict[str, Any]) -> None:
    agent = Agent(user, running.context.questionnaire, random.Random(user.id))
    await agent.run(planned(plan))


async def answer_and_close(running: RunningBot, api: FakeBotAPI) -> tuple[str, datetime]:
    """Four responses (one with the marker), one person halfway, then /close confirmed.
    Returns the figures of /stats after the closing, and the moment it closed."""
    fr = running.words("fr")
    admin = api.user(ADMIN_ID)
    plans: list[dict[str, Any]] = [
        {"comments": MARKER},
        {"team": "south"},
        {"hours": 38},
        {"shift": "night"},
    ]
    for i, plan in enumerate(plans):
        await respond(running, api.user(5100 + i), plan)
    halfway = Agent(api.user(5199), running.context.questionnaire)
    await halfway.answer_until("shift", planned(), await halfway.start())
    await admin.send_command("/close")
    await admin.wait_for_message(new(fr("admin_close_confirm")))
    await admin.click(fr("admin_close_yes"))
    await admin.wait_for_message(new(i18n.text("fr", "admin_closing_notice")))
    await admin.wait_for_message(new(OVERVIEW))  # the final figures, with the notice
    closed = running.clock()
    return await stats(admin), closed


async def stats(admin: FakeUser) -> str:
    await admin.send_command("/stats")
    return (await admin.wait_for_message(new(OVERVIEW))).text


def data_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def said(running: RunningBot, key: str, moment: datetime) -> str:
    """The bot's sentence `key` in French, with `moment` as the admins read it."""
    return i18n.text("fr", key, date=moment_text(running, moment))


def moment_text(running: RunningBot, moment: datetime) -> str:
    return i18n.get("fr").short_moment(moment, running.settings.zone)


def purged_note(running: RunningBot, moment: datetime) -> str:
    return said(running, "admin_purged", moment)


async def test_the_running_bot_deletes_the_responses_when_the_retention_runs_out(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path, api)
    folder = settings.database.parent
    async with running_bot(api, settings) as running:
        admin = api.user(ADMIN_ID)
        before, closed = await answer_and_close(running, api)
        assert "envoyées 4" in before
        assert MARKER.encode() in data_bytes(folder), "the answer is there until the purge"

        running.clock.now = closed + timedelta(days=KEEP_DAYS) - timedelta(seconds=1)
        await running.survey_bot.watch_now()
        assert len(await running.context.store.responses()) == 4, "not yet"
        assert MARKER.encode() in data_bytes(folder)

        running.clock.now = closed + timedelta(days=KEEP_DAYS)
        await running.survey_bot.watch_now()
        kept = await running.context.retention.kept()
        assert kept is not None and kept.purged_at == running.clock()

        after = await stats(admin)
        note = purged_note(running, running.clock())
        state, figures = before.split("\n\n", 1)
        assert after == f"{state}\n\n{note}\n\n{figures}", "the same figures, said to be kept"
        await admin.send_command("/open")
        await admin.wait_for_message(new(said(running, "admin_open_purged", running.clock())))
        anne = api.user(5200, "Anne", language_code="fr")
        await anne.send_command("/start")
        await anne.wait_for_message(new("clôturée"))

    content = data_bytes(folder)
    assert MARKER.encode() not in content
    assert not [p for p in folder.rglob("*") if p.name.endswith(("-journal", ".purging"))]


async def test_a_retention_that_ran_out_while_stopped_is_applied_at_the_start(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path, api)
    async with running_bot(api, settings) as running:
        before, closed = await answer_and_close(running, api)

    later = Clock(closed + timedelta(days=KEEP_DAYS, hours=3))
    async with running_bot(api, settings, later) as running:
        # Deleted as the bot started, before it took any update.
        kept = await running.context.retention.kept()
        assert kept is not None and kept.purged_at == later.now
        after = await stats(api.user(ADMIN_ID))
        state, figures = before.split("\n\n", 1)
        assert after == f"{state}\n\n{purged_note(running, later.now)}\n\n{figures}"
    assert MARKER.encode() not in data_bytes(settings.database.parent)


# -- several surveys: each its own retention ---------------------------------------------

FIXTURE, OTHER, THIRD = "fixture-2021", "fixture-other", "fixture-third"
OTHER_KEEP_DAYS = 30
FIXTURE_TITLE = "Enquête d'essai sur l'atelier"
"""The other survey's own retention, from its table: longer than the global one."""


def copy_of_fixture(folder: Path, survey_id: str) -> Path:
    """The fixture survey under another id (its own questions, deadline and texts)."""
    path = folder / f"{survey_id}.toml"
    path.write_text(
        FIXTURE_SURVEY.read_text(encoding="utf-8").replace(
            f'id = "{FIXTURE}"', f'id = "{survey_id}"', 1
        ),
        encoding="utf-8",
    )
    return path


def two_surveys(tmp_path: Path, api: FakeBotAPI) -> Settings:
    """The fixture survey (the global `keep_responses_days`) and a copy of it whose table keeps
    its responses longer; each database in a data folder of its own."""
    return make_settings(
        tmp_path,
        api,
        messages_per_second=0,
        admins=[ADMIN_ID],
        min_group_size=GROUP_SIZE,
        keep_responses_days=KEEP_DAYS,
        surveys=[FIXTURE_SURVEY, copy_of_fixture(tmp_path, OTHER)],
        survey_settings={
            FIXTURE: {"database": tmp_path / FIXTURE / "survey.sqlite3"},
            OTHER: {
                "database": tmp_path / OTHER / "survey.sqlite3",
                "keep_responses_days": OTHER_KEEP_DAYS,
            },
        },
    )


def marker(survey_id: str) -> str:
    """A free-text answer of one survey's, found nowhere else."""
    return f"{MARKER}-{survey_id}"


async def fill_and_close(context: AppContext, now: datetime) -> None:
    """Four responses, one of them with the survey's marker, one person halfway; closed."""
    for user_id in range(5300, 5304):
        replies = fixture_replies(comments=marker(context.id)) if user_id == 5300 else None
        await drive(context.service, user_id, replies or fixture_replies(), now, submit_at=now)
    await drive(context.service, 5399, fixture_replies(), now, stop_at="shift")
    await context.service.close(now)


def survey(running: RunningBot, survey_id: str) -> AppContext:
    context = running.survey_bot.catalogue.get(survey_id)
    assert context is not None
    return context


async def named_stats(admin: FakeUser, survey_id: str) -> str:
    """/stats of one survey, as the admin reads it (under the survey's name)."""
    heading = i18n.text("fr", "admin_survey", title=FIXTURE_TITLE, id=survey_id)
    await admin.send_text(f"/stats {survey_id}")
    reply = await admin.wait_for_message(
        lambda m: not m.edited and m.text.startswith(heading) and OVERVIEW in m.text
    )
    return reply.text


async def test_only_the_survey_whose_retention_ran_out_is_purged(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = two_surveys(tmp_path, api)
    admin = api.user(ADMIN_ID)
    async with running_bot(api, settings) as running:
        closed = running.clock()
        for survey_id in (FIXTURE, OTHER):
            await fill_and_close(survey(running, survey_id), closed)
        await running.survey_bot.watch_now()  # the closings announced
        before = {survey_id: await named_stats(admin, survey_id) for survey_id in (FIXTURE, OTHER)}
        assert all("envoyées 4" in text for text in before.values())
        for survey_id in (FIXTURE, OTHER):
            assert marker(survey_id).encode() in data_bytes(tmp_path / survey_id)

        # The global retention has run out: the fixture survey's, not the other's (30 days).
        running.clock.now = closed + timedelta(days=KEEP_DAYS)
        await running.survey_bot.watch_now()
        fixture, other = survey(running, FIXTURE), survey(running, OTHER)
        kept = await fixture.retention.kept()
        assert kept is not None and kept.purged_at == running.clock()
        assert await other.retention.kept() is None
        assert marker(FIXTURE).encode() not in data_bytes(tmp_path / FIXTURE)
        assert marker(OTHER).encode() in data_bytes(tmp_path / OTHER)
        assert len(await other.results.responses()) == 4, "the other's responses untouched"
        assert await named_stats(admin, OTHER) == before[OTHER], "and its figures"
        note = purged_note(running, running.clock())
        after = await named_stats(admin, FIXTURE)
        heading, body = before[FIXTURE].split("\n\n", 1)
        assert after == f"{heading}\n\n{note}\n\n{body}", "the same figures, said to be kept"
        await admin.send_text(f"/open {OTHER} 2021-12-31")
        reopened = i18n.text("fr", "admin_reopened_until", date="DATE").split("DATE")[0]
        await admin.wait_for_message(new(reopened))
        assert await other.service.phase(running.clock()) is Phase.OPEN, "it may be reopened"
        await admin.send_text(f"/open {FIXTURE}")
        await admin.wait_for_message(new(said(running, "admin_open_purged", running.clock())))

        # Reopened, the other survey keeps its responses past its own 30 days; closed again,
        # they are deleted 30 days after that closing.
        await other.service.close(running.clock())
        reclosed = running.clock()
        running.clock.now = closed + timedelta(days=OTHER_KEEP_DAYS)
        await running.survey_bot.watch_now()
        assert await other.retention.kept() is None
        running.clock.now = reclosed + timedelta(days=OTHER_KEEP_DAYS)
        await running.survey_bot.watch_now()
        assert await other.retention.kept() is not None
    assert marker(OTHER).encode() not in data_bytes(tmp_path / OTHER)


async def test_one_survey_s_failed_deletion_does_not_stop_the_others(
    api: FakeBotAPI,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = two_surveys(tmp_path, api)
    async with running_bot(api, settings) as running:
        closed = running.clock()
        for survey_id in (FIXTURE, OTHER):
            await fill_and_close(survey(running, survey_id), closed)
        fixture, other = survey(running, FIXTURE), survey(running, OTHER)

        async def failing(kept: Kept) -> None:
            raise StoreFailure("disk full")

        monkeypatch.setattr(fixture.store, "purge", failing)
        running.clock.now = closed + timedelta(days=OTHER_KEEP_DAYS)  # both due
        await running.survey_bot.watch_now()
        assert await fixture.retention.kept() is None
        assert await other.retention.kept() is not None, "the next survey was not held up"
        assert f"deleting the single responses of survey {FIXTURE} failed" in caplog.text
        assert marker(FIXTURE).encode() in data_bytes(tmp_path / FIXTURE)

        monkeypatch.undo()  # the disk has room again: the next round deletes them
        await running.survey_bot.watch_now()
        assert await fixture.retention.kept() is not None
    assert marker(FIXTURE).encode() not in data_bytes(tmp_path / FIXTURE)


async def test_at_start_each_survey_s_retention_is_applied_on_its_own(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = two_surveys(tmp_path, api)
    async with running_bot(api, settings) as running:
        closed = running.clock()
        for survey_id in (FIXTURE, OTHER):
            await fill_and_close(survey(running, survey_id), closed)

    later = Clock(closed + timedelta(days=KEEP_DAYS, hours=3))
    async with running_bot(api, settings, later) as running:
        # Before any update: the fixture survey's responses, not the other's.
        assert await survey(running, FIXTURE).retention.kept() is not None
        assert await survey(running, OTHER).retention.kept() is None
    assert marker(FIXTURE).encode() not in data_bytes(tmp_path / FIXTURE)
    assert marker(OTHER).encode() in data_bytes(tmp_path / OTHER)


async def test_each_survey_s_privacy_says_its_own_retention(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    async with running_bot(api, two_surveys(tmp_path, api)):
        anne = api.user(5400, "Anne", language_code="fr")
        for survey_id, days in ((FIXTURE, KEEP_DAYS), (OTHER, OTHER_KEEP_DAYS)):
            await anne.send_command("/start", survey_id)
            await anne.wait_for_message(new(""))
            await anne.send_command("/privacy")
            told = await anne.wait_for_message(new(i18n.text("fr", "privacy_stored")))
            assert i18n.text("fr", "privacy_retention", days=days) in told.text, survey_id


def reloadable_config(tmp_path: Path, api: FakeBotAPI, files: list[Path]) -> Path:
    """A config file of these surveys (each database in a folder named after it)."""
    api.limits.set(0, 0)
    listed = ", ".join(f'"{file}"' for file in files)
    tables = "".join(
        f'[survey_settings."{file.stem}"]\ndatabase = "{file.stem}/survey.sqlite3"\n'
        for file in files
    )
    config = tmp_path / "config.toml"
    config.write_text(
        f"""surveys = [{listed}]
admins = [{ADMIN_ID}]
min_group_size = {GROUP_SIZE}
keep_responses_days = {KEEP_DAYS}

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


async def test_a_survey_opened_by_reload_is_purged_before_it_is_offered(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    files = [copy_of_fixture(tmp_path, FIXTURE), copy_of_fixture(tmp_path, OTHER)]
    config = reloadable_config(tmp_path, api, files)
    clock = Clock()
    # The third survey ran before, and closed longer ago than its retention.
    third = copy_of_fixture(tmp_path, THIRD)
    entry = load_registry(load_settings(reloadable_config(tmp_path, api, [*files, third]))).get(
        THIRD
    )
    assert entry is not None
    long_ago = clock.now - timedelta(days=KEEP_DAYS + 1)
    async with open_context(entry.settings, questionnaire=entry.questionnaire) as context:
        await fill_and_close(context, long_ago)
    assert marker(THIRD).encode() in data_bytes(tmp_path / THIRD)

    reloadable_config(tmp_path, api, files)
    async with running_bot(api, load_settings(config, environ={}), clock) as running:
        reloadable_config(tmp_path, api, [*files, third])
        admin = api.user(ADMIN_ID)
        await admin.send_command("/reload")
        await admin.wait_for_message(new(i18n.text("fr", "admin_reloaded")))
        kept = await survey(running, THIRD).retention.kept()
        assert kept is not None and kept.purged_at == clock.now
        assert marker(THIRD).encode() not in data_bytes(tmp_path / THIRD)
        assert await survey(running, FIXTURE).retention.kept() is None
