"""End to end: no figure an admin sees on Telegram rests on fewer than `min_group_size`
answers, and none can be derived from the others by subtraction.

The tests' survey has two follow-up questions: `usefulness` (5), for the trained only, and
`reported` (7), for those with a workload problem. North has 8 people, 5 of them trained;
south 7, 2 of them trained; 3 people in north report a workload problem.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.settings import Settings
from bot.app.wiring import open_context
from bot.core.questions.base import FigureKind
from fakebotapi import FakeBotAPI, FakeUser
from tests.support.botharness import RunningBot, make_settings, running_bot
from tests.support.reportdata import Known, drive, follow_up, pages

ADMIN_ID = 4545
MINIMUM = 5
USEFULNESS, REPORTED = 5, 7
FIRST = [follow_up(i, trained=i < 5, team="north", workload=i < 3) for i in range(8)] + [
    follow_up(8 + i, trained=i < 2, team="south") for i in range(7)
]
# The next release: five more people, one of them trained (the follow-up's sixth to eighth).
SECOND = [follow_up(15 + i, trained=i == 0, team="north") for i in range(5)]
COUNTED = re.compile(r"^(\d+) personnes? (?:a|ont) répondu|^(\d+) réponses? écrites?")


async def store(settings: Settings, people: list[Known]) -> None:
    async with open_context(settings) as context:
        for one in people:
            await drive(context.service, one)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        fake.user(ADMIN_ID, "Déléguée", language_code="fr")
        yield fake


@pytest.fixture
async def running(api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[RunningBot]:
    settings = make_settings(tmp_path, api, admins=[ADMIN_ID], min_group_size=MINIMUM)
    await store(settings, FIRST)
    async with running_bot(api, settings) as bot:
        yield bot


@pytest.fixture
def admin(api: FakeBotAPI) -> FakeUser:
    return api.user(ADMIN_ID)


def summaries(body: str) -> dict[int, str]:
    """Each question's summary line, by its number."""
    return {int(n): line for n, line in re.findall(r"(?m)^(\d+)\. .*\n   (.*)$", body)}


def answered(summary: str) -> int | None:
    """How many answered, as the line says it; None when the figure is hidden."""
    match = COUNTED.match(summary)
    return None if match is None else int(match.group(1) or match.group(2))


def groups(body: str) -> dict[str, dict[int, str]]:
    """A breakdown's summary lines, per group name."""
    parts = re.split(r"(?m)^== (.*) \(\d+\) ==$", body)
    return {name: summaries(part) for name, part in zip(parts[1::2], parts[2::2], strict=True)}


async def stats(admin: FakeUser, api: FakeBotAPI, running: RunningBot) -> str:
    """/stats, and every chart it sends after it."""
    charted = [
        q
        for q in running.context.questionnaire.questions
        if q.chart and q.figure_kind is not FigureKind.TEXTS
    ]
    before = len(api.photos(ADMIN_ID))
    await admin.send_text("/stats")
    body = (await admin.wait_for_message(lambda m: "Commencées" in m.text)).text
    while len(api.photos(ADMIN_ID)) < before + len(charted):
        await admin.wait_for_message(lambda m: m.photo is not None)
    return body


async def test_no_figure_rests_on_fewer_answers_and_none_can_be_derived(
    api: FakeBotAPI, running: RunningBot, admin: FakeUser
) -> None:
    fr = running.words("fr")
    too_few = fr("stats_too_few", group=MINIMUM)

    overview = summaries(await stats(admin, api, running))
    assert len(overview) == len(running.context.questionnaire.questions)
    for number, line in overview.items():
        n = answered(line)
        assert line == too_few if n is None else n >= MINIMUM, (number, line)
    assert answered(overview[USEFULNESS]) == 7
    assert overview[REPORTED] == too_few, "3 answers"

    await admin.send_text(f"/stats {USEFULNESS}")
    # After the survey's state, the question.
    reply = (await admin.wait_for_message(lambda m: "\n\n5. " in m.text)).text
    detail = reply.split("\n\n", 1)[1]
    assert "\n   " not in detail and detail.split("\n")[1] == overview[USEFULNESS]
    await admin.wait_for_message(lambda m: m.photo is not None)  # its chart
    await admin.send_text(f"/stats {REPORTED}")
    reply = (await admin.wait_for_message(lambda m: "\n\n7. " in m.text)).text
    hidden = reply.split("\n\n", 1)[1]
    assert hidden.split("\n")[1:] == [too_few], "no count, no share"
    await admin.wait_for_message(lambda m: m.photo is not None)

    await admin.send_text("/stats 1")
    split = groups((await admin.wait_for_message(lambda m: "Ventilation par" in m.text)).text)
    north, south = fr.label("team", "north"), fr.label("team", "south")
    assert set(split) == {north, south}
    assert split[south][USEFULNESS] == too_few, "2 answers in south"
    assert split[north][USEFULNESS] == too_few, "7 - 5 would give south's 2 answers"
    # Each subtraction an attacker can make: the whole survey minus the groups shown.
    for number, line in overview.items():
        whole = answered(line)
        if whole is None or number == 1:
            continue
        shown = [answered(split[name][number]) for name in split]
        rest = whole - sum(n for n in shown if n is not None)
        assert rest == 0 or rest >= MINIMUM, (number, whole, shown)
        for n in shown:
            assert n is None or n >= MINIMUM

    # Five more responses, one of them trained: released together, but usefulness waits.
    for one in SECOND:
        await drive(running.context.service, one)
    again = summaries(await stats(admin, api, running))
    assert answered(again[4]) == 20, "a question everybody answers moves by the whole batch"
    assert again[USEFULNESS] == overview[USEFULNESS], "7 then 8 would be one person's answer"
    for number in overview:
        before, after = answered(overview[number]), answered(again[number])
        if before is not None and after is not None:
            assert after - before in (0, *range(MINIMUM, 100)), (number, before, after)

    sent = len(api.documents(ADMIN_ID))
    await admin.send_text("/report")
    await admin.wait_for_message(lambda m: m.document is not None)
    report = api.documents(ADMIN_ID)[sent]
    assert report.filename.endswith(".pdf")
    text = " ".join(pages(report.data))
    bases = [
        int(a or b)
        for a, b in re.findall(r"\(?n ?= ?(\d+)\)?|(\d+) personnes? (?:a|ont) répondu", text)
    ]
    assert bases and min(bases) >= MINIMUM, bases
    assert f"{fr.question('reported')} {too_few}" in text
    assert "7 personnes ont répondu" in text, "usefulness, as /stats shows it"

    sent = len(api.documents(ADMIN_ID))
    await admin.send_text("/report team")
    await admin.wait_for_message(lambda m: m.document is not None)
    by_team = " ".join(pages(api.documents(ADMIN_ID)[sent].data))
    bases = [int(n) for n in re.findall(r"\(?n ?= ?(\d+)\)?", by_team)]
    assert bases and min(bases) >= MINIMUM, bases
    assert f"{fr.question('usefulness')} {north}: {too_few} {south}: {too_few}" in by_team
