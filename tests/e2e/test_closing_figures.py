"""End to end, the closing announcement to two admins in two languages: no outgoing queue under
its figures (it is no /stats), and figures that say when the survey closed rather than call
themselves final while /open can still change them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import i18n
from bot.i18n import text
from fakebotapi import FakeBotAPI
from tests.support.botharness import make_settings, new, running_bot

FRENCH_ADMIN, DUTCH_ADMIN = 7001, 7002


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        fake.user(FRENCH_ADMIN, "Organisatrice", language_code="fr")
        fake.user(DUTCH_ADMIN, "Organisator", language_code="nl-BE")
        yield fake


def queue_heading(language: str) -> str:
    """The words that open the outgoing queue's line ("Verzendwachtrij")."""
    return text(language, "stats_queue", queued=2, wait="0").split("2")[0]


async def test_the_closing_figures_show_no_queue(api: FakeBotAPI, tmp_path: Path) -> None:
    # Two messages a second: the first admin's notice and figures still wait in the outbox
    # while the second admin's figures are written.
    settings = make_settings(
        tmp_path, api, messages_per_second=2, admins=[FRENCH_ADMIN, DUTCH_ADMIN]
    )
    french, dutch = api.user(FRENCH_ADMIN), api.user(DUTCH_ADMIN)
    async with running_bot(api, settings) as running:
        await french.send_command("/help")
        await french.wait_for_message(new("/stats"), timeout=30)
        await dutch.send_command("/help")
        await dutch.wait_for_message(new("/stats"), timeout=30)
        await running.context.service.close(running.clock())
        await running.survey_bot.admins.check_closing()
        nothing = {"fr": text("fr", "stats_nothing_yet"), "nl": text("nl", "stats_nothing_yet")}
        figures_fr = await french.wait_for_message(new(nothing["fr"]), timeout=30)
        figures_nl = await dutch.wait_for_message(new(nothing["nl"]), timeout=30)
    assert queue_heading("fr") not in figures_fr.text
    assert queue_heading("nl") not in figures_nl.text


async def test_the_closing_says_when_not_final(api: FakeBotAPI, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, api, admins=[FRENCH_ADMIN, DUTCH_ADMIN])
    french, dutch = api.user(FRENCH_ADMIN), api.user(DUTCH_ADMIN)
    async with running_bot(api, settings) as running:
        await dutch.send_command("/help")
        await dutch.wait_for_message(new("/stats"), timeout=30)
        await french.send_command("/close")
        await french.wait_for_message(new(text("fr", "admin_close_confirm")), timeout=30)
        await french.click(text("fr", "admin_close_yes"))
        zone = running.context.service.zone
        notices = {}
        for admin, language in ((french, "fr"), (dutch, "nl")):
            closed = i18n.get(language).short_moment(running.clock(), zone)
            said = text(language, "admin_closing_figures", date=closed)
            notices[language] = (await admin.wait_for_message(new(said), timeout=30)).text
    assert notices["fr"] == (
        "L'enquête est clôturée. Ses chiffres à la clôture, le 24/03/2021 10:00 "
        "(ils changent si elle est rouverte par /open) :"
    ), "the harness's clock, in Brussels time"
    assert "définitifs" not in notices["fr"] and "Definitieve" not in notices["nl"]
