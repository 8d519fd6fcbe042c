"""End to end, admins: /stats, /close, /open, /export, command menus, and the deadline."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import random
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot import i18n
from bot.core.answers import Answer, SubmittedResponse
from bot.core.schedule import Phase
from bot.core.stores import Status
from bot.reports.figure_tables import figures_csv, figures_json
from bot.telegram.admin import ADMIN_COMMANDS
from fakebotapi import BotMessage, FakeBotAPI, FakeUser, StoredFile
from tests.support.agents import Agent, Step, planned, stored
from tests.support.botharness import Clock, RunningBot, make_settings, running_bot

ADMIN_ID = 4242
GROUP_SIZE = 3
ADMIN_ONLY = i18n.text("fr", "admin_only")
CLOSING_NOTICE = i18n.text("fr", "admin_closing_notice")
OVERVIEW = "Commencées"
DAY = "2021-03-24"  # the harness's clock: 24/03/2021 at 10:00 Brussels time (09:00 UTC)
# The tests' own survey closes on 31/03/2021 at 23:59:59 Brussels time (21:59:59 UTC).
BEFORE_DEADLINE = datetime(2021, 3, 31, 21, 0, tzinfo=UTC)
IN_GRACE = datetime(2021, 3, 31, 22, 30, tzinfo=UTC)
AFTER_GRACE = datetime(2021, 4, 1, 1, 0, tzinfo=UTC)


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


def new(match: str) -> Callable[[BotMessage], bool]:
    """A new (not edited) message containing `match`."""
    return lambda m: not m.edited and match in m.text


async def command(user: FakeUser, line: str, expect: str) -> BotMessage:
    """Send a command and return the reply containing `expect`."""
    await user.send_text(line)
    return await user.wait_for_message(new(expect))


async def stats(admin: FakeUser, by: str | None = None) -> str:
    """/stats (or /stats BY) as the admin sees it."""
    expect = OVERVIEW if by is None else "Ventilation par"
    return (await command(admin, f"/stats {by}" if by else "/stats", expect)).text


def per_question(figures: str) -> str:
    """The per-question part of /stats: what comes after the state and the overview lines."""
    return figures.split("\n\n", 2)[2]


async def respond(
    running: RunningBot, user: FakeUser, plan: Mapping[str, Any] | None = None
) -> Agent:
    """A respondent who answers as planned and submits."""
    agent = Agent(user, running.context.questionnaire, random.Random(user.id))
    await agent.run(planned(plan))
    return agent


async def respond_many(
    running: RunningBot, api: FakeBotAPI, first_id: int, plans: list[dict[str, Any]]
) -> None:
    """Several respondents at once."""
    await asyncio.gather(
        *(respond(running, api.user(first_id + i), plan) for i, plan in enumerate(plans))
    )


async def halfway(running: RunningBot, user: FakeUser, question_id: str = "shift") -> Step:
    """A respondent who starts and stops at `question_id`."""
    agent = Agent(user, running.context.questionnaire)
    return await agent.answer_until(question_id, planned(), await agent.start())


async def documents(admin: FakeUser, api: FakeBotAPI, names: set[str]) -> dict[str, StoredFile]:
    """Wait until the admin received documents with these file names; return them by name."""
    while not names <= {d.filename for d in api.documents(admin.id)}:
        await admin.wait_for_message(lambda m: m.document is not None)
    return {d.filename: d for d in api.documents(admin.id) if d.filename in names}


def canonical(response: SubmittedResponse) -> str:
    """A response as comparable text."""
    return json.dumps(
        [response.language, response.submitted_day, response.duration_minutes, response.answers],
        default=repr,
        sort_keys=True,
    )


# -- command menus ----------------------------------------------------------------------


async def test_command_menus_for_agents_and_for_admins(
    api: FakeBotAPI, running: RunningBot
) -> None:
    respondent_commands = ["start", "back", "cancel", "help", "privacy"]
    default = api.commands("default")
    assert [c["command"] for c in default] == respondent_commands
    assert default[0]["description"] == i18n.text("fr", "cmd_start")  # survey's language
    dutch = api.commands("default", "nl")
    assert [c["command"] for c in dutch] == respondent_commands
    assert dutch[0]["description"] == i18n.text("nl", "cmd_start")
    admin_menu = [c["command"] for c in api.commands({"type": "chat", "chat_id": ADMIN_ID})]
    assert admin_menu == [*respondent_commands, *ADMIN_COMMANDS]
    assert {"stats", "close", "open", "export"} <= set(ADMIN_COMMANDS)
    assert not {c["command"] for c in default + dutch} & set(ADMIN_COMMANDS)


# -- /stats -----------------------------------------------------------------------------


async def test_stats_counts_are_live_but_figures_move_in_batches(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    fr = running.words("fr")
    empty = await command(admin, "/stats", fr("stats_nothing_yet"))
    state = fr("surveys_open_until", date="31/03/2021 23:59")
    assert empty.text == f"{state}\n\n{fr('stats_nothing_yet')}", "its state, then one line"
    await halfway(running, api.user(5001))
    await respond(running, api.user(5002), {"team": "south"})

    one = await stats(admin)
    assert fr("stats_overview", started=2, in_progress=1, submitted=1) in one
    assert fr("stats_per_day", days="24/03 1") in one  # the admin's way of writing a day
    assert fr("stats_batched", submitted=1, count=0, group=3) in one
    assert fr.question("team") not in one, "one response is not singled out"

    await respond(running, api.user(5003), {"team": "south"})
    two = await stats(admin)
    assert "envoyées 2" in two and fr.question("team") not in two

    await respond(running, api.user(5004), {"team": "north"})
    three = await stats(admin)
    assert fr("stats_overview", started=4, in_progress=1, submitted=3) in three
    assert fr("stats_batched", submitted=3, count=3, group=3) in three
    south, north = fr.label("team", "south"), fr.label("team", "north")
    shares = f"{south} 67\u00a0%, {north} 33\u00a0%"
    assert f"\n1. {fr.question('team')}\n   3 personnes ont répondu ; {shares}\n" in three
    problems = fr.question("problems")
    assert len(problems) > 38, "a question too long for the old 38 characters"
    assert f"\n6. {problems}\n   3 personnes ont répondu" in three, "whole, by its number"

    await respond(running, api.user(5005), {"team": Answer("other", "Magasin")})
    four = await stats(admin)
    assert "envoyées 4" in four
    assert per_question(four) == per_question(three)  # the 4th waits for two more
    detail = await command(
        admin, "/stats 1", fr("stats_breakdown", question="1. " + fr.question("team"))
    )
    # by its number; its groups (2 and 1) merged would be the whole survey again: not shown
    assert detail.text.endswith(fr("stats_no_split_yet", group=3))


async def test_stats_breakdown_hides_small_groups(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    fr = running.words("fr")
    assert fr("stats_no_group_yet", group=3) in await stats(admin, "team")
    await respond_many(
        running,
        api,
        6000,
        [{"team": "north"}] * 5
        + [{"team": "south"}] * 3
        + [{"team": Answer("other", "Magasin"), "shift": "night"}],
    )
    split = await stats(admin, "team")
    assert split.startswith(
        fr("surveys_open_until", date="31/03/2021 23:59")
        + "\n\n"
        + fr("stats_breakdown", question=f"1. {fr.question('team')}")
    )
    headers = [line for line in split.split("\n") if line.startswith("== ")]
    # 'other' (1) is too small; merged alone it would be computable, so 'south' (3) joins it.
    assert headers == [
        f"== {fr.label('team', 'north')} (5) ==",
        f"== {fr('stats_group_other')} (4) ==",
    ]
    assert f"{fr.label('shift', 'night')} 25\u00a0%" in split  # only in the merged group of four
    assert fr.label("team", "other") not in split and fr.label("team", "south") not in split

    # By shift: 'night' (1) is too small, and 'day' (8) alone would give it away: merged,
    # they would be the whole survey again, shown as a breakdown. None is shown.
    by_shift = await stats(admin, "shift")
    assert [line for line in by_shift.split("\n") if line.startswith("== ")] == []
    assert by_shift.endswith(fr("stats_no_split_yet", group=3))


async def test_stats_of_an_unknown_question_is_explained(
    running: RunningBot, admin: FakeUser
) -> None:
    count = len(running.context.questionnaire.questions)
    for asked in ("unknown", "0", str(count + 1)):
        reply = await command(admin, f"/stats {asked}", f"« {asked} »")
        assert reply.text == i18n.text("fr", "admin_unknown_question", question=asked, count=count)


# -- /close and /open -------------------------------------------------------------------


async def test_close_asks_for_confirmation_then_closes(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    fr, nl = running.words("fr"), running.words("nl")
    sessions, database = running.context.service.store, running.settings.database
    await respond(running, api.user(5010), {"comments": "Ouvert avant la clôture"})
    anne = api.user(5011, "Anne", language_code="fr")
    question = (await halfway(running, anne)).message
    bob = api.user(5012, "Bob", language_code="nl")
    await bob.send_command("/start")
    intro = await bob.wait_for_message(new(nl.title))

    confirm = await command(admin, "/close", fr("admin_close_confirm"))
    assert confirm.button_texts == [fr("admin_close_yes"), fr("admin_close_no")]
    await admin.click(fr("admin_close_no"))
    await admin.wait_for_message(new(fr("admin_close_kept")))
    assert await running.context.service.phase(running.clock()) is Phase.OPEN

    await command(admin, "/close", fr("admin_close_confirm"))
    await admin.click(fr("admin_close_yes"))
    await admin.wait_for_message(new(CLOSING_NOTICE))
    final = await admin.wait_for_message(new(OVERVIEW))
    assert fr("stats_complete", count=1) in final.text  # all of them, now
    assert await running.context.service.phase(running.clock()) is Phase.CLOSED

    closed_fr = fr("closed", date="24 mars 2021 10:00")  # closed at the harness's clock
    rows = stored(database, "SELECT * FROM answers ORDER BY token, question, item")
    await anne.click(fr.label("shift", "night"), question)  # she was answering: told so
    await anne.wait_for_message(new(fr("closed_unsent", date="24 mars 2021 10:00")))
    await anne.wait_for_callback_answer()
    await anne.send_text("12")
    await anne.wait_for_message(new(closed_fr))
    await anne.send_command("/start")
    await anne.wait_for_message(new(closed_fr))
    # He had opened the survey, its first question too: his answer comes too late.
    await bob.click(nl.label("team", "south"), intro)
    await bob.wait_for_message(new(nl("closed_unsent", date="24 maart 2021 10:00")))
    assert stored(database, "SELECT * FROM answers ORDER BY token, question, item") == rows
    assert await sessions.status(bob.id) is Status.NEW
    assert await sessions.status(anne.id) is Status.NEW, "closing ended her session in progress"

    assert fr("stats_complete", count=1) in await stats(admin)  # still works
    await admin.send_command("/export", "json")
    (exported,) = (await documents(admin, api, {"fixture-2021-figures.json"})).values()
    figures = json.loads(exported.data)
    assert (figures["included"], figures["complete"]) == (1, True), "all of them, now"
    await command(admin, "/close", fr("admin_already_closed"))


async def test_open_keeps_the_deadline_in_force_or_asks_for_one(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    fr = running.words("fr")
    clock = running.clock
    await command(admin, "/close", fr("admin_close_confirm"))
    await admin.click(fr("admin_close_yes"))
    await admin.wait_for_message(new(CLOSING_NOTICE))

    file_deadline = running.context.questionnaire.closes_at
    assert file_deadline is not None
    kept = file_deadline.astimezone(running.settings.zone).strftime("%d/%m/%Y %H:%M")
    await command(admin, "/open", fr("admin_reopened_until", date=kept))
    assert (await running.context.service.schedule()).deadline == file_deadline
    await respond(running, api.user(5021))  # open again, until the file's deadline

    clock.now = datetime(2021, 5, 1, 12, 0, tzinfo=UTC)  # long after the file's deadline
    await command(admin, "/open", fr("admin_open_needs_date", date=kept, example="15/05/2021"))
    anne = api.user(5020, "Anne", language_code="fr")
    await anne.send_command("/start")
    moment = i18n.get("fr").moment(file_deadline, running.settings.zone)
    await anne.wait_for_message(new(fr("closed", date=moment)))

    await command(admin, "/open bientôt", fr("admin_bad_date", example="15/05/2021"))
    await command(admin, "/open 2021-04-20", fr("admin_past_date"))
    await command(admin, "/open 2021-05-10", fr("admin_reopened_until", date="10/05/2021 23:59"))
    bob = api.user(5022, "Bob", language_code="fr")
    await bob.send_command("/start")
    assert (
        fr("deadline", date="10 mai 2021")
        in (await bob.wait_for_message(new(fr("anonymity")))).text
    )

    clock.now = datetime(2021, 5, 11, 2, 0, tzinfo=UTC)  # past that deadline and the grace
    carol = api.user(5023, "Carol", language_code="fr")
    await carol.send_command("/start")
    await carol.wait_for_message(new(fr("closed", date="10 mai 2021")))
    assert await running.context.service.store.status(carol.id) is Status.NEW


# -- /export ----------------------------------------------------------------------------


async def test_export_sends_the_figures_as_csv_and_json(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    q = running.context.questionnaire
    plans: list[dict[str, Any]] = [
        {"team": Answer("other", "Douanes"), "comments": "=SOMME(A1:A9) trop lent"},
        {"shift": "night", "problems": ("noise", "workload"), "rating": 2, "hours": 40},
        {"trained": False, "hours": 38, "comments": 'Des "guillemets", et; virgules'},
    ]
    agents = [await respond(running, api.user(5030 + i), plan) for i, plan in enumerate(plans)]

    await admin.send_command("/export")
    files = await documents(admin, api, {f"{q.id}-figures-fr.csv", f"{q.id}-figures.json"})
    csv_file, json_file = files[f"{q.id}-figures-fr.csv"], files[f"{q.id}-figures.json"]
    report = await running.context.results.report("fr", running.clock())
    assert csv_file.data == figures_csv(report, "fr"), "labels, in the admin's language"
    assert json_file.data.decode() == figures_json(report)

    # ... the stored responses are what the agents answered, and the figures count them.
    responses = await running.context.store.responses()
    assert sorted(map(canonical, responses)) == sorted(
        canonical(a.response(DAY, 1)) for a in agents
    )
    exported = json.loads(json_file.data)
    assert exported["survey"] == q.id == "fixture-2021"
    assert exported["included"] == 3
    shown = {figures["id"]: figures for figures in exported["questions"]}
    assert shown["team"]["counts"] == {"north": 2, "south": 0, "other": 1}
    assert shown["comments"] == {"id": "comments", "shown": False}, "two wrote: fewer than 3"
    assert "Douanes" not in json_file.data.decode() and "SOMME" not in json_file.data.decode()

    sent = len(api.documents(ADMIN_ID))
    await admin.send_command("/export", "csv codes")
    await admin.wait_for_message(lambda m: m.document is not None)
    (codes,) = api.documents(ADMIN_ID)[sent:]
    assert codes.filename == f"{q.id}-figures-codes.csv"
    assert codes.data == figures_csv(report)
    table = excel_rows(codes.data)
    assert table[0] == ["question", "answer", "count", "answered"]
    assert ["team", "other", "1", "3"] in table
    assert ["hours", "", "", ""] in table, "two answered: not shown"
    await command(admin, "/export pdf", "Formats : csv, json")


def excel_rows(data: bytes) -> list[list[str]]:
    """A CSV file read as Excel set to Belgian French or Dutch reads it: UTF-8 only after a
    byte order mark (else Windows-1252), cells split at its list separator, ";"."""
    assert data.startswith(b"\xef\xbb\xbf"), "without a byte order mark, Excel reads cp1252"
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=";"))
    assert len({len(row) for row in rows}) == 1, "every row has the header's cells"
    return rows


async def test_the_figures_csv_opens_in_belgian_excel_with_labels(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    fr = running.words("fr")
    plans: list[dict[str, Any]] = [
        {"hours": 38, "trained": True, "comments": 'Des "guillemets", et; virgules'},
        {"hours": 40, "trained": False, "team": Answer("other", "Douanes")},
        {"hours": 35, "trained": True},
    ]
    await respond_many(running, api, 5060, plans)
    await admin.send_command("/export", "csv")
    (sent,) = (await documents(admin, api, {"fixture-2021-figures-fr.csv"})).values()
    header, *rows = excel_rows(sent.data)
    assert header == [fr(key) for key in ("xlsx_question", "xlsx_answer", "xlsx_count")] + [
        fr("xlsx_answered"),
        fr("xlsx_share"),
    ]
    assert [fr.question("trained"), fr("yes"), "2", "3", "67\u00a0%"] in rows
    assert [fr.question("trained"), fr("no"), "1", "3", "33\u00a0%"] in rows
    assert [fr.question("team"), fr.label("team", "other"), "1", "3", "33\u00a0%"] in rows
    hours = [row[1] for row in rows if row[0] == fr.question("hours")]
    assert sorted(hours) == ["35", "38", "40"]
    assert not any("Douanes" in cell or "guillemets" in cell for row in rows for cell in row)
    assert "response" not in header, "titles, not ids"


# -- refusals ---------------------------------------------------------------------------


async def test_a_non_admin_learns_nothing(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    await respond(running, api.user(5040))
    bob = api.user(5041, "Bob", language_code="fr")
    for line in ("/stats", "/stats team", "/export", "/export csv", "/close", "/open"):
        reply = await command(bob, line, "réservée")
        assert reply.text == ADMIN_ONLY, line
    await command(bob, "/open 2021-05-01", "réservée")
    question = (await halfway(running, bob)).message
    forged = await bob.click_data(question.message_id, "k|y")
    await bob.wait_for_message(new(ADMIN_ONLY))
    assert (await bob.wait_for_callback_answer(forged)).text is None

    assert api.documents(bob.id) == []
    assert not any(OVERVIEW in m.text or "clôturée" in m.text for m in bob.messages)
    assert await running.context.service.phase(running.clock()) is Phase.OPEN
    schedule = await running.context.service.schedule()
    assert schedule.deadline == running.context.questionnaire.closes_at  # /open did nothing
    assert admin.messages == []


async def test_admin_commands_from_a_group_are_refused(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    group = api.group(-100400, "Délégués")
    private_only = i18n.text("fr", "admin_private_only")
    for line in ("/stats", "/export", "/close"):
        await group.send_command(admin, line)
        assert (await group.wait_for_message()).text == private_only, "the real reason"
    await group.send_command(api.user(5070, "Bob", language_code="fr"), "/stats")
    assert (await group.wait_for_message()).text == ADMIN_ONLY, "others learn nothing more"
    assert api.documents(group.chat_id) == []
    assert admin.messages == []
    assert await running.context.service.phase(running.clock()) is Phase.OPEN


# -- the deadline -----------------------------------------------------------------------


async def test_deadline_grace_period_then_closed(
    api: FakeBotAPI, tmp_path: Path, admin: FakeUser
) -> None:
    settings = make_settings(
        tmp_path, api, messages_per_second=0, admins=[ADMIN_ID], min_group_size=GROUP_SIZE
    )
    clock = Clock(BEFORE_DEADLINE)
    async with running_bot(api, settings, clock) as running:
        fr, nl = running.words("fr"), running.words("nl")
        store = running.context.store
        sessions = running.context.service.store
        anne = api.user(5050, "Anne", language_code="fr")
        anne_agent = Agent(anne, running.context.questionnaire)
        anne_step = await anne_agent.answer_until("hours", planned(), await anne_agent.start())
        carol = api.user(5051, "Carol", language_code="nl")
        carol_question = (await halfway(running, carol)).message
        bob = api.user(5052, "Bob", language_code="fr")
        await bob.send_command("/start")
        bob_intro = await bob.wait_for_message(new(fr("deadline", date="31 mars 2021")))

        await running.survey_bot.admins.check_closing()  # not yet
        assert not (await store.survey_status()).closing_announced

        clock.now = IN_GRACE
        # He opened the survey before the deadline, its first question under the intro: he
        # had started, and may still answer. Whoever comes now is too late to start.
        await bob.click(fr.label("team", "south"), bob_intro)
        await bob.wait_for_message(new(fr.progress(2, 11)))
        dave = api.user(5053, "Dave", language_code="fr")
        await dave.send_command("/start")
        await dave.wait_for_message(new(fr("closed_now")))
        assert await sessions.status(bob.id) is Status.IN_PROGRESS
        assert await sessions.status(dave.id) is Status.NEW
        await anne_agent.answer_until(None, planned(), anne_step, submit=True)  # may finish
        assert await sessions.status(anne.id) is Status.SUBMITTED

        clock.now = AFTER_GRACE
        closed_fr = fr("closed", date="31 mars 2021")
        session = await sessions.session(carol.id)
        await carol.click(nl.label("shift", "night"), carol_question)
        await carol.wait_for_message(new(nl("closed_unsent", date="31 maart 2021")))
        await carol.send_command("/start")  # she had begun: her answers were not sent
        await carol.wait_for_message(new(nl("closed_unsent", date="31 maart 2021")))
        await bob.send_command("/start")  # he had begun too
        await bob.wait_for_message(new(fr("closed_unsent", date="31 mars 2021")))
        await anne.send_command("/start")
        await anne.wait_for_message(new(closed_fr))
        assert await sessions.session(carol.id) == session
        assert len(await store.responses()) == 1

        await running.survey_bot.admins.check_closing()
        await running.survey_bot.admins.check_closing()  # announced once only
        await admin.send_command("/help")
        seen: list[BotMessage] = []
        while not (seen and seen[-1].text.startswith("/start")):
            seen.append(await admin.wait_for_message())
        assert sum(m.text.startswith(CLOSING_NOTICE) for m in seen) == 1
        assert any(fr("stats_complete", count=1) in m.text for m in seen)
        assert (await store.survey_status()).closing_announced


async def test_help_shows_admins_their_commands_with_examples(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    fr = running.words("fr")
    await admin.send_command("/help")
    shown = await admin.wait_for_message(lambda m: "/stats" in m.text)
    assert shown.text.startswith(fr("help"))
    # Two weeks from the harness's 24/03/2021, as the admin writes a day.
    assert "/stats team" in shown.text and "/open 07/04/2021 17:00" in shown.text
    agent = api.user(5090, "Agent", language_code="fr")
    await agent.send_command("/help")
    told = await agent.wait_for_message(lambda m: "/start" in m.text)
    assert told.text == fr("help"), "an agent's help has no admin commands"
