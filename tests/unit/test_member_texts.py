"""Texts right for the moment and the reader: French spacing, one date style, the thanks in
the grace period, the recap's list of questions to change."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot import i18n
from bot.core.answers import Answer
from bot.core.questionnaire import Questionnaire, load_questionnaire
from bot.rendering.questions import answer_text, thanks_text
from bot.telegram.keyboards import change_label
from tests.support.paths import FIXTURE_SURVEY, REPO, SHIPPED_SURVEY

BRUSSELS = ZoneInfo("Europe/Brussels")
NBSP = "\u00a0"


ORGANISERS = re.compile(r"(admin_|stats_|report_|xlsx_|help_admin|surveys_[a-z]|cmd_|waves_)")
"""The organisers' sentences: left to their side."""


def members(lines: list[str]) -> list[str]:
    """The lines of the messages members read."""
    kept, key = [], ""
    for line in lines:
        found = re.match(r"([a-z_]+) =", line)
        key = found.group(1) if found else key
        if not ORGANISERS.match(key):
            kept.append(line)
    return kept


def test_french_sentences_have_a_no_break_space_before_double_punctuation() -> None:
    source = (REPO / "bot" / "i18n" / "fr.ftl").read_text(encoding="utf-8")
    source = source.replace("\\u00A0", NBSP)  # as Fluent reads its escapes
    messages = [line for line in source.splitlines() if line and not line.startswith("#")]
    wrong = [
        line
        for line in members(messages)
        # A space that may break, or none, before : ; ! ? that end a word (not "https:").
        if re.search(r"( |[^\s/])[:;!?](\s|$)", line)
    ]
    assert wrong == []


def test_an_other_answer_and_its_text_are_joined_as_each_language_writes_it() -> None:
    survey = load_questionnaire(FIXTURE_SURVEY)
    team = survey.question("team")
    answer = Answer("other", other="Liège")
    assert answer_text(survey, team, answer, "fr") == f"Autre{NBSP}: Liège"
    assert answer_text(survey, team, answer, "nl") == "Ander: Liège"


def test_members_read_one_date_style_the_time_only_when_not_the_days_end() -> None:
    fr = i18n.get("fr")
    end = datetime(2027, 6, 30, 21, 59, tzinfo=UTC)  # 23:59 in Brussels
    assert fr.moment(end, BRUSSELS) == "30 juin 2027"
    assert fr.moment(datetime(2027, 6, 30, 15, 0, tzinfo=UTC), BRUSSELS) == "30 juin 2027 17:00"
    assert i18n.get("nl").moment(end, BRUSSELS) == "30 juni 2027"


def test_in_the_grace_period_the_thanks_no_longer_invites_newcomers() -> None:
    survey = load_questionnaire(SHIPPED_SURVEY)
    late = i18n.text("fr", "thanks_grace", date="7 décembre 2026")
    said = thanks_text(survey, "fr", "7 décembre 2026", late)
    assert "jusqu'au" not in said and "{deadline}" not in said
    assert said.startswith("Merci d'avoir pris le temps de répondre")
    assert said.endswith(late)
    dutch = thanks_text(survey, "nl", "7 december 2026", i18n.text("nl", "thanks_grace", date="x"))
    assert "loopt tot" not in dutch and dutch.startswith("Bedankt")
    # While open, the deadline as before.
    assert "jusqu'au 7 décembre 2026." in thanks_text(survey, "fr", "7 décembre 2026")


def shipped() -> Questionnaire:
    return load_questionnaire(SHIPPED_SURVEY)


def test_the_recaps_list_names_each_question_shortly_with_its_answer() -> None:
    survey = shipped()
    effects = survey.question("effects")
    overtime = Answer(("overtime",))
    assert change_label(survey, effects, overtime, "nl") == "Gevolgen → Overuren"
    assert change_label(survey, effects, overtime, "fr") == "Effets → Des heures supplémentaires"
    # Without a short label of its own, the start of the question, cut at a word.
    fixture = load_questionnaire(FIXTURE_SURVEY)
    label = change_label(fixture, fixture.question("team"), Answer("south"), "fr")
    assert label == "Dans quelle équipe… → Équipe sud"
