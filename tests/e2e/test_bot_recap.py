"""End to end, the respondent's flow at its edges: changing an answer from the recap, the first
screen, edited messages, double taps, and the calls each step costs.

Every test reads the calls the fake Bot API recorded; none of them lets an edit change nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.core.answers import Answer
from fakebotapi import BotMessage, FakeBotAPI, FakeUser
from tests.support.agents import Agent, all_data, is_question, is_recap, is_sent, planned
from tests.support.botharness import (
    RunningBot,
    answers_of,
    change_from_recap,
    edited,
    make_settings,
    new,
    running_bot,
)
from tests.support.calls import idle_edits, limited_calls, sends


async def at_recap(running: RunningBot, user: FakeUser, **plan: object) -> BotMessage:
    """Answer the tests' survey as planned (else the plain answers) up to the recap."""
    agent = Agent(user, running.context.questionnaire)
    step = await agent.run(planned(plan), submit=False)
    assert step.recap
    return step.message


# -- changing an answer from the recap --------------------------------------------------


async def test_question_1_is_changed_from_the_recap_in_two_taps_and_no_new_message(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    anne = api.user(4001, "Anne", language_code="fr")
    recap = await at_recap(running, anne)
    assert fr("button_change") in recap.button_texts
    mark = len(api.calls)

    # Tap 1: the recap's buttons list the questions; tap 2: the recap becomes question 1.
    listing, question = await change_from_recap(anne, recap, "team")
    assert listing.text == recap.text
    assert listing.button_texts[0] == "1. Dans quelle équipe… → " + fr.label("team", "north")
    assert len(listing.button_texts) == 8 + 1  # the 8 questions answered, and back to the recap
    assert is_question(1)(question)  # "usefulness" is closed by the answer to "trained"
    assert f"→ {fr.label('team', 'north')}" in question.text  # the answer given so far

    await anne.click(fr.label("team", "south"))  # the new answer; the recap comes back
    again = await anne.wait_for_message(edited(recap))
    assert is_recap(again)
    assert again.text.startswith(f"✔️ {fr.question('team')} → {fr.label('team', 'south')}")
    assert f"→ {fr.label('team', 'south')}" in again.text.split(fr("review"), 1)[1]
    assert (await answers_of(running, anne))["team"] == Answer("south")

    calls = limited_calls(api, anne, mark)
    assert (sends(calls), len(calls)) == (0, 3), calls  # 3 taps, 3 edits, no new message
    assert idle_edits(api, anne) == []


async def test_a_changed_answer_asks_the_questions_it_opens_then_the_recap(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    anne = api.user(4002, "Anne", language_code="fr")
    recap = await at_recap(running, anne, trained=False)
    assert "usefulness" not in await answers_of(running, anne)

    await change_from_recap(anne, recap, "trained")
    await anne.click(fr("yes"))
    opened = await anne.wait_for_message(edited(recap))  # now asked: was it useful?
    assert is_question(5)(opened) and fr.ends("usefulness") in opened.text
    await anne.click("4")
    back = await anne.wait_for_message(edited(recap))
    assert is_recap(back) and back.text.count("• ") == 8
    answers = await answers_of(running, anne)
    assert (answers["trained"], answers["usefulness"]) == (Answer(True), Answer(4))
    assert idle_edits(api, anne) == []


async def test_the_list_goes_back_to_the_recap_and_refuses_a_question_not_in_it(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    anne = api.user(4003, "Anne", language_code="fr")
    recap = await at_recap(running, anne)
    await anne.click(fr("button_change"))
    await anne.wait_for_message(edited(recap))
    await anne.click(fr("button_to_recap"))
    restored = await anne.wait_for_message(edited(recap))
    assert restored.text == recap.text and restored.buttons == recap.buttons

    before = await answers_of(running, anne)
    await anne.click_data(recap.message_id, "r|nowhere")  # no such question: forged
    notice = await anne.wait_for_callback_answer()
    assert notice.text == fr("stale")
    assert await answers_of(running, anne) == before
    assert anne.unread() == []  # no copy of anything
    assert idle_edits(api, anne) == []


# -- the first screen -------------------------------------------------------------------


async def test_the_first_screen_is_the_title_and_a_button_per_language(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr, nl = running.words("fr"), running.words("nl")
    lee = api.user(4010, "Lee", language_code="en")  # English: not one of the survey's
    await lee.send_command("/start")
    first = await lee.wait_for_message()
    assert first.text.split("\n")[:2] == [fr.title, nl.title]
    assert len(first.text) < 150
    assert first.button_texts == [fr.name, nl.name]  # each in its own language
    assert all_data(first) == ["l|fr", "l|nl"]

    mark = len(api.calls)
    await lee.click(nl.name)
    # The language chosen, the first screen becomes the intro and the first question under it.
    intro = await lee.wait_for_message(edited(first))
    assert intro.text.startswith(nl.title)
    assert intro.text.count(nl("anonymity")) == 1 and "/privacy" in intro.text
    assert fr("anonymity") not in intro.text
    assert is_question(1)(intro)
    assert intro.button_texts == [*nl.labels("team"), fr.name, "✓ " + nl.name]

    await lee.click("✓ " + nl.name)  # the language already shown: nothing to change
    await lee.wait_for_callback_answer()
    assert len(limited_calls(api, lee, mark)) == 1  # one edit: no start button to press
    assert idle_edits(api, lee) == []


async def test_a_telegram_language_of_the_survey_opens_on_the_intro_in_it(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr, nl = running.words("fr"), running.words("nl")
    jan = api.user(4011, "Jan", language_code="nl-BE")
    await jan.send_command("/start")
    intro = await jan.wait_for_message()
    assert intro.text.startswith(nl.title) and nl.title in intro.text
    assert fr.title not in intro.text
    assert is_question(1)(intro) and nl.question("team") in intro.text
    assert intro.button_texts == [*nl.labels("team"), fr.name, "✓ " + nl.name]


# -- nothing goes unanswered ------------------------------------------------------------


async def test_an_edited_answer_is_taken_for_the_question_still_asked_else_refused(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    anne = api.user(4020, "Anne", language_code="fr")
    agent = Agent(anne, running.context.questionnaire)
    await agent.answer_until("hours", planned(), await agent.start())

    typo = await anne.send_text("douze")
    await anne.wait_for_message(new(fr("error_number_between", low=0, high=40)))
    await anne.edit_message(typo["message"]["message_id"], "12")
    following = await anne.wait_for_message(is_question(4))
    assert following.text.startswith(f"✔️ {fr.question('hours')} → 12\n\n")
    assert (await answers_of(running, anne))["hours"] == Answer(12)

    await anne.edit_message(typo["message"]["message_id"], "15")  # question 4 is asked now
    await anne.wait_for_message(new(fr("edit_not_taken")))
    assert (await answers_of(running, anne))["hours"] == Answer(12)
    assert idle_edits(api, anne) == []


async def refused_at_hours(running: RunningBot, user: FakeUser) -> tuple[BotMessage, int]:
    """Answer in French up to the question on hours and type a word there, which is refused;
    return that question and the typed message's id."""
    agent = Agent(user, running.context.questionnaire)
    hours = (await agent.answer_until("hours", planned(), await agent.start())).message
    typo = await user.send_text("douze")
    words = running.words("fr")
    await user.wait_for_message(new(words("error_number_between", low=0, high=40)))
    return hours, int(typo["message"]["message_id"])


async def test_after_a_restart_an_edited_answer_is_still_taken_and_steps_still_edited(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, api)
    anne = api.user(4022, "Anne", language_code="fr")
    async with running_bot(api, settings) as running:
        fr = running.words("fr")
        _, typo = await refused_at_hours(running, anne)

    (hours,) = [m for m in anne.messages if is_question(3)(m)]
    async with running_bot(api, settings) as running:
        # Before any tap, nothing tells whose session is whose: the edit is answered with how
        # to go on, and changes nothing.
        await anne.edit_message(typo, "12")  # typed before the restart
        await anne.wait_for_message(new(fr("resume_by_button")))
        # A tap on her last question takes her on: back to question 2, and on to "hours".
        await anne.click(fr("button_back"), hours)
        shift = await anne.wait_for_message(edited(hours))
        await anne.click(fr.label("shift", "day"), shift)
        await anne.wait_for_message(lambda m: m.edited and is_question(3)(m))
        await anne.edit_message(typo, "12")  # typed for the question as shown before
        await anne.wait_for_message(new(fr("edit_not_taken")))
        again = await anne.send_text("treize")
        await anne.wait_for_message(new(fr("error_number_between", low=0, high=40)))
        mark = len(api.calls)
        await anne.edit_message(int(again["message"]["message_id"]), "12")  # taken
        following = await anne.wait_for_message(new(fr.question("trained")))
        assert following.text.startswith(f"✔️ {fr.question('hours')} → 12\n\n")
        assert (await answers_of(running, anne))["hours"] == Answer(12)

        await anne.click(fr("yes"), following)  # edited in place, as before the restart
        opened = await anne.wait_for_message(edited(following))
        assert is_question(5)(opened)
        calls = limited_calls(api, anne, mark)
        assert [c.method for c in calls] == [
            "sendMessage",  # the next question, under the typed answer
            "editMessageText",  # the button answer: that question becomes the next one
        ]
    assert idle_edits(api, anne) == []


async def test_after_a_restart_an_edit_typed_for_an_earlier_step_is_not_taken(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, api)
    anne = api.user(4023, "Anne", language_code="fr")
    async with running_bot(api, settings) as running:
        fr = running.words("fr")
        hours, typo = await refused_at_hours(running, anne)  # then the bot restarts

    async with running_bot(api, settings) as running:
        await anne.click(fr("button_skip"), hours)  # the question becomes the next one
        await anne.wait_for_message(edited(hours))
        await anne.edit_message(typo, "1")  # typed for "hours"
        await anne.wait_for_message(new(fr("edit_not_taken")))
        assert (await answers_of(running, anne))["hours"] == Answer(None)
        assert "trained" not in await answers_of(running, anne)
    assert idle_edits(api, anne) == []


async def test_a_double_tap_gives_no_duplicate(api: FakeBotAPI, running: RunningBot) -> None:
    fr = running.words("fr")
    anne = api.user(4030, "Anne", language_code="fr")
    agent = Agent(anne, running.context.questionnaire)
    q2 = (await agent.answer_until("shift", planned(), await agent.start())).message
    before = len(anne.outputs)
    first = await anne.click(fr.label("shift", "day"), q2)
    second = await anne.click(fr.label("shift", "day"), q2)  # before the reply
    await anne.wait_for_callback_answer(second)
    await anne.wait_for_callback_answer(first)
    shown = await anne.wait_for_message(edited(q2))
    assert is_question(3)(shown)
    assert [a.text for a in anne.answered_callbacks[-2:]] == [None, fr("stale")]
    assert anne.unread() == [] and all(m.edited for m in anne.outputs[before:])

    assert idle_edits(api, anne) == []

    bob = api.user(4031, "Bob", language_code="fr")
    recap = await at_recap(running, bob)
    mark = len(api.calls)
    await bob.click(fr("button_submit"), recap)
    second = await bob.click(fr("button_submit"), recap)
    await bob.wait_for_callback_answer(second)
    sent = await bob.wait_for_message(is_sent("fr"))
    assert sent.message_id == recap.message_id and sent.text.endswith(fr.thanks)
    notices = [a.text for a in bob.answered_callbacks[-2:]]
    assert notices == [fr("submitted"), fr("already_sent")]
    assert len(limited_calls(api, bob, mark)) == 1  # the recap became the answers as sent
    assert fr("review_hint") not in sent.text
    assert bob.unread() == []  # no "already taken part" after the thanks
    assert idle_edits(api, bob) == []


async def test_after_close_a_tap_says_the_answers_were_not_sent(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    anne = api.user(4040, "Anne", language_code="fr")
    q1 = (await Agent(anne, running.context.questionnaire).start()).message
    await running.context.service.close(running.clock())
    await anne.click(fr.label("team", "south"), q1)
    told = await anne.wait_for_message(new(fr("closed_unsent", date="24 mars 2021 10:00")))
    assert told.buttons == []
    await anne.send_text("12")
    await anne.wait_for_message(new(fr("closed", date="24 mars 2021 10:00")))


# -- wording ----------------------------------------------------------------------------


async def test_other_is_asked_and_recapped_without_its_please_specify(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    other = fr.label("team", "other")  # "Autre, précisez"
    anne = api.user(4050, "Anne", language_code="fr")
    q1 = (await Agent(anne, running.context.questionnaire).start()).message
    await anne.click(other, q1)
    prompt = await anne.wait_for_message(new(fr.progress(1, 11)))  # the intro stays above
    assert fr("ask_other", option="Autre") in prompt.text
    assert "précisez »" not in prompt.text
    await anne.send_text("Service Clients")
    shown = await anne.wait_for_message(is_question(2))
    assert shown.text.startswith(f"✔️ {fr.question('team')} → Autre\u00a0: Service Clients")


async def test_an_empty_multiple_choice_is_told_to_tick_at_least_one(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    anne = api.user(4051, "Anne", language_code="fr")
    agent = Agent(anne, running.context.questionnaire)
    step = await agent.answer_until("problems", planned(), await agent.start())
    await anne.click(fr("button_confirm"), step.message)
    alert = await anne.wait_for_callback_answer()
    assert alert.show_alert and alert.text == fr("error_tick_none", count=1)


async def test_the_thanks_name_the_deadline_in_force(api: FakeBotAPI, tmp_path: Path) -> None:
    survey = tmp_path / "survey.toml"
    source = (Path(__file__).parents[1] / "surveys" / "fixture.toml").read_text()
    thanks = (
        'thanks = { fr = "Merci ! Ouvert jusqu\'au {deadline}.", nl = "Bedankt! Tot {deadline}." }'
    )
    lines = [thanks if line.startswith("thanks = ") else line for line in source.split("\n")]
    survey.write_text("\n".join(lines))
    override = datetime(2021, 4, 15, 18, 0, tzinfo=UTC)  # the config's, not the file's 31 March
    settings = make_settings(tmp_path, api, survey=survey, closes_at=override)
    async with running_bot(api, settings) as running:
        anne = api.user(4060, "Anne", language_code="fr")
        await Agent(anne, running.context.questionnaire).run(planned())
        sent = [m for m in anne.outputs if is_sent("fr")(m)][-1]
        # The time too, as the intro writes it: the deadline is not the day's end.
        assert sent.text.endswith("Merci ! Ouvert jusqu'au 15 avril 2021 20:00.")
