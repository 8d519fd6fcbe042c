"""End to end, what a person sees before pressing Start: menus and descriptions."""

from __future__ import annotations

from pathlib import Path

from bot.i18n import text
from bot.telegram.admin import ADMIN_COMMANDS
from bot.telegram.runner import RESPONDENT_COMMANDS
from fakebotapi import FakeBotAPI
from tests.support.botharness import make_settings, running_bot
from tests.support.paths import FIXTURE_SURVEY

ADMINS = [4001, 4002]


async def test_menus_come_in_the_surveys_languages_only_and_every_admin_gets_theirs(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, api, survey=FIXTURE_SURVEY, admins=ADMINS)
    async with running_bot(api, settings) as running:
        survey = running.context.questionnaire
        assert set(survey.languages) == {"fr", "nl"}
        for code in survey.languages:
            menu = api.commands("default", code)
            assert [c["command"] for c in menu] == list(RESPONDENT_COMMANDS)
            assert menu[0]["description"] == text(code, "cmd_start")
            for admin in ADMINS:
                scope = {"type": "chat", "chat_id": admin}
                admin_menu = api.commands(scope, code)
                assert [c["command"] for c in admin_menu] == [
                    *RESPONDENT_COMMANDS,
                    *ADMIN_COMMANDS,
                ]
                assert admin_menu[0]["description"] == text(code, "cmd_start")
        for absent in ("de", "en"):
            assert api.commands("default", absent) == [], f"no {absent} menu: the survey lacks it"


async def test_the_bot_describes_itself_in_each_language_of_the_survey(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, api, survey=FIXTURE_SURVEY)
    async with running_bot(api, settings) as running:
        survey = running.context.questionnaire
        profile = api.world.profile
        for code in survey.languages:
            title = survey.text(survey.title, code)
            description = profile["description", code]
            assert description == text(code, "bot_description", title=title)
            assert title in description and "/privacy" in description
            short = profile["short_description", code]
            assert short == text(code, "bot_short_description", title=title)
            assert len(short) <= 120 and len(description) <= 512
        default = survey.text(survey.title, survey.language)
        assert default in profile["description", ""]
