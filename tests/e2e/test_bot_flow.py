"""End to end, respondents: the real bot, over HTTP, against the fake Bot API.

Every test checks what the person sees and what the database holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.answers import Answer
from bot.core.stores import Status
from fakebotapi import BotMessage, FakeBotAPI, FakeUser
from tests.support.agents import Agent, all_data, answer_rows, is_question, planned, stored
from tests.support.botharness import (
    RunningBot,
    answers_of,
    edited,
    make_settings,
    new,
    running_bot,
)

# The tests' own survey asks 7 questions, 8 or 9 once answers make its conditional ones apply.


def now_showing(user: FakeUser, message: BotMessage) -> BotMessage:
    """The current state of one of the bot's messages in the user's chat."""
    (current,) = [m for m in user.messages if m.message_id == message.message_id]
    return current


# -- the intro --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language_code", "selected"),
    [("fr", "fr"), ("nl", "nl"), ("en", None)],  # English is not offered: the person chooses
)
async def test_start_shows_the_intro_in_the_users_telegram_language(
    api: FakeBotAPI, running: RunningBot, language_code: str, selected: str | None
) -> None:
    user = api.user(2001, "Agent", language_code=language_code)
    await user.send_command("/start")
    intro = await user.wait_for_message()
    if selected is None:  # the first screen: a button per language
        assert all_data(intro) == ["l|fr", "l|nl"]
        await user.click(running.words("fr").name)
        intro = await user.wait_for_message(lambda m: m.edited)
        selected = "fr"
    shown = running.words(selected)
    # The survey closes on 31 March 2021 at 23:59:59, Brussels summer time.
    expected = [
        shown.title,
        shown("anonymity"),
        shown("deadline", date={"fr": "31 mars 2021", "nl": "31 maart 2021"}[selected]),
    ]
    for part in expected:
        assert part in intro.text
    # The first question comes under the intro: no start button to press first.
    assert intro.text.endswith(f"\n\n{shown.progress(1, 0)}\n\n{shown.question('team')}")
    ticked = [t for t in intro.button_texts if t.startswith("✓ ")]
    assert ticked == ["✓ " + shown.name]
    assert all_data(intro) == ["a|team|north", "a|team|south", "a|team|other", "l|fr", "l|nl"]
    assert await running.context.service.store.status(user.id) is Status.IN_PROGRESS
    assert await answers_of(running, user) == {}


async def test_switching_language_edits_the_intro(api: FakeBotAPI, running: RunningBot) -> None:
    fr, nl = running.words("fr"), running.words("nl")
    anne = api.user(2002, "Anne", language_code="fr")
    await anne.send_command("/start")
    intro = await anne.wait_for_message(new(fr.title))

    await anne.click(nl.name)
    dutch = await anne.wait_for_message(edited(intro))
    assert dutch.text.startswith(nl.title) and nl("anonymity") in dutch.text
    assert nl.question("team") in dutch.text
    assert dutch.button_texts == [*nl.labels("team"), fr.name, "✓ " + nl.name]

    await anne.click(fr.name)
    french = await anne.wait_for_message(edited(intro))
    assert french.text == intro.text
    assert french.button_texts == [*fr.labels("team"), "✓ " + fr.name, nl.name]

    await anne.click(fr.label("team", "north"))
    second = await anne.wait_for_message(is_question(2))
    assert not second.edited and fr.question("shift") in second.text
    # The intro stays as it was, its language buttons too: they switch the survey's language.
    kept = now_showing(anne, intro)
    assert (kept.text, kept.button_texts) == (french.text, french.button_texts)
    await anne.click(nl.name, intro)
    switched = await anne.wait_for_message(edited(second))
    assert nl.question("shift") in switched.text
    session = await running.context.service.store.session(anne.id)
    assert session is not None and session.state.language == "nl"


async def test_dutch_chosen_in_the_intro_is_the_surveys_language(
    api: FakeBotAPI, running: RunningBot
) -> None:
    nl = running.words("nl")
    jan = api.user(2003, "Jan", language_code="fr")
    step = await Agent(jan, running.context.questionnaire).start(language="nl")
    assert step.message.text.startswith(nl.title)
    assert step.message.text.endswith(f"{nl.progress(1, 0)}\n\n{nl.question('team')}")
    assert step.message.button_texts == [*nl.labels("team"), "Français", "✓ Nederlands"]
    session = await running.context.service.store.session(jan.id)
    assert session is not None and session.state.language == "nl"


# -- a whole survey ---------------------------------------------------------------------


async def test_a_whole_survey_in_french(api: FakeBotAPI, running: RunningBot) -> None:
    fr = running.words("fr")
    back, skip = fr("button_back"), fr("button_skip")
    anne = api.user(2010, "Anne", language_code="fr")
    await anne.send_command("/start")
    q1 = await anne.wait_for_message(is_question(1))
    assert q1.text.startswith(fr.title)  # under the intro
    assert all_data(q1) == [
        "a|team|north",
        "a|team|south",
        "a|team|other",
        "l|fr",
        "l|nl",
    ]  # no back button on the first question, no skip on a required one
    await anne.click(fr.label("team", "south"))
    q2 = await anne.wait_for_message(is_question(2))  # below the intro, which stays
    assert not q2.edited
    assert q2.text.startswith(
        f"✔️ {fr.question('team')} → {fr.label('team', 'south')}\n\n{fr.progress(2, 11)}\n\n"
    )
    assert fr.question("shift") in q2.text
    assert q2.button_texts == [*fr.labels("shift"), back]
    await anne.click(fr.label("shift", "day"))

    q3 = await anne.wait_for_message(is_question(3))
    assert fr("hint_type_number") in q3.text and fr.help("hours") in q3.text
    assert q3.button_texts == [back, skip]  # optional
    await anne.click(skip)
    q4 = await anne.wait_for_message(is_question(4))
    assert q4.text.startswith(f"✔️ {fr.question('hours')} → {fr('skipped')}\n\n")
    assert q4.button_texts == [fr("yes"), fr("no"), back]
    await anne.click(fr("yes"))  # makes the question on the training's usefulness apply

    q5 = await anne.wait_for_message(is_question(5))
    assert q5.text.startswith(f"✔️ {fr.question('trained')} → {fr('yes')}\n\n")
    assert fr.ends("usefulness") in q5.text
    assert q5.button_texts == ["1", "2", "3", "4", "5", back]
    await anne.click("4")

    q6 = await anne.wait_for_message(is_question(6))
    assert fr("hint_pick_many") in q6.text
    workload = fr.label("problems", "workload")
    await anne.click("▫️ " + workload)
    ticked = await anne.wait_for_message(edited(q6))
    assert "✅ " + workload in ticked.button_texts
    await anne.click(fr("button_confirm"))
    q7 = await anne.wait_for_message(is_question(7))  # reported: because of the workload
    assert q7.text.startswith(f"✔️ {fr.question('problems')} → {workload}\n\n")
    await anne.click(fr.label("reported", "no"))
    q8 = await anne.wait_for_message(is_question(8))
    assert q8.button_texts == [*map(str, range(11)), back]  # required: no skip
    await anne.click("7")
    q9 = await anne.wait_for_message(is_question(9))
    assert fr("hint_type_text", limit=fr.max_length("comments")) in q9.text
    await anne.send_text("  Trop de bruit,\u202e pas assez de pauses.  ")

    recap = await anne.wait_for_message(new(fr("review")))  # under the typed answer
    assert recap.text.startswith(
        f"✔️ {fr.question('comments')} → Trop de bruit, pas assez de pauses.\n\n"
    )
    assert recap.text.count("• ") == 9
    assert f"→ {fr.label('team', 'south')}" in recap.text
    assert f"→ {fr('skipped')}" in recap.text
    assert "→ Trop de bruit, pas assez de pauses." in recap.text
    assert recap.button_texts == [fr("button_submit"), fr("button_change"), back]
    expected = {
        "team": Answer("south"),
        "shift": Answer("day"),
        "hours": Answer(None),
        "trained": Answer(True),
        "usefulness": Answer(4),
        "problems": Answer(("workload",)),
        "reported": Answer("no"),
        "rating": Answer(7),
        "comments": Answer("Trop de bruit, pas assez de pauses."),
    }
    assert await answers_of(running, anne) == expected
    assert await running.context.store.responses() == []  # nothing final before Submit

    await anne.click(fr("button_submit"))
    notice = await anne.wait_for_callback_answer()
    assert notice.text == fr("submitted") and not notice.show_alert
    sent = await anne.wait_for_message(edited(recap))  # the recap as sent, then the thanks
    assert sent.button_texts == [fr("button_clear"), fr("button_share")] and sent.text.startswith(
        fr("review_sent")
    )
    assert sent.text.endswith(f"\n\n{fr.thanks}") and fr("review_hint") not in sent.text

    (response,) = await running.context.store.responses()
    assert response.language == "fr" and response.submitted_day == "2021-03-24"
    assert response.answers == expected
    assert await running.context.service.store.status(anne.id) is Status.SUBMITTED
    database = running.settings.database
    assert stored(database, "SELECT count(*) FROM sessions WHERE handle IS NOT NULL") == [(0,)]
    # Her key waits in memory until a batch of min_group_size keys is written at once.
    assert stored(database, "SELECT count(*) FROM submitted") == [(0,)]
    # the link between the person and the response is gone

    await anne.send_command("/start")
    await anne.wait_for_message(new(fr("already_done")))
    assert len(await running.context.store.responses()) == 1


# -- multiple choice --------------------------------------------------------------------


async def test_multiple_choice_ticks_respect_min_and_max(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    noise, tools, workload = (fr.label("problems", o) for o in ("noise", "tools", "workload"))
    anne = api.user(2020, "Anne", language_code="fr")
    agent = Agent(anne, running.context.questionnaire)
    step = await agent.answer_until("problems", planned(), await agent.start())
    question = step.message

    await anne.click(fr("button_confirm"))  # nothing ticked
    alert = await anne.wait_for_callback_answer()
    assert alert.show_alert and alert.text == fr("error_tick_none", count=1)

    for label in (noise, tools):
        await anne.click("▫️ " + label)
        question = await anne.wait_for_message(edited(question))
    assert [t for t in question.button_texts if t.startswith("✅")] == [
        "✅ " + noise,
        "✅ " + tools,
    ]

    await anne.click("▫️ " + workload)  # a third one: over the maximum of 2
    alert = await anne.wait_for_callback_answer()
    assert alert.show_alert and alert.text == fr("error_pick_between", low=1, high=2)

    await anne.click("✅ " + noise)  # untick
    question = await anne.wait_for_message(edited(question))  # the only edit since: no 3rd
    assert [t for t in question.button_texts if t.startswith("✅")] == ["✅ " + tools]
    await anne.click("▫️ " + workload)  # within the maximum again
    question = await anne.wait_for_message(edited(question))
    assert [t for t in question.button_texts if t.startswith("✅")] == [
        "✅ " + tools,
        "✅ " + workload,
    ]
    assert "problems" not in await answers_of(running, anne)  # ticking stores nothing

    await anne.click(fr("button_confirm"))
    answered = await anne.wait_for_message(edited(question))
    assert answered.text.startswith(f"✔️ {fr.question('problems')} → {tools}, {workload}\n\n")
    assert fr.question("reported") in answered.text  # asked because of the workload
    assert (await answers_of(running, anne))["problems"] == Answer(("tools", "workload"))


# -- back, skip, other ------------------------------------------------------------------


async def test_back_button_and_back_command(api: FakeBotAPI, running: RunningBot) -> None:
    fr = running.words("fr")
    anne = api.user(2030, "Anne", language_code="fr")
    await Agent(anne, running.context.questionnaire).start()
    await anne.click(fr.label("team", "south"))
    q2 = await anne.wait_for_message(is_question(2))

    await anne.click(fr("button_back"))
    again = await anne.wait_for_message(is_question(1))
    assert again.message_id == q2.message_id  # edited in place: no trail of questions
    assert f"→ {fr.label('team', 'south')}" in again.text
    assert len(again.buttons) == len(fr.labels("team"))  # one row per option, no back
    assert (await answers_of(running, anne))["team"] == Answer("south")

    await anne.click(fr.label("team", "north"), again)
    await anne.wait_for_message(is_question(2))  # shift is still to answer
    await anne.click(fr.label("shift", "day"))
    await anne.wait_for_message(is_question(3))

    await anne.send_command("/back")
    shift = await anne.wait_for_message(is_question(2))
    assert f"→ {fr.label('shift', 'day')}" in shift.text
    await anne.send_command("/back")
    await anne.wait_for_message(is_question(1))
    await anne.send_command("/back")
    await anne.wait_for_message(new(fr("no_back")))  # question 1 is just above: no copy
    assert anne.unread() == []
    assert await answers_of(running, anne) == {
        "team": Answer("north"),
        "shift": Answer("day"),
    }


async def test_skip_an_optional_question_then_back_to_answer_it(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    anne = api.user(2031, "Anne", language_code="fr")
    agent = Agent(anne, running.context.questionnaire)
    step = await agent.answer_until("hours", planned(), await agent.start())
    await anne.click(fr("button_skip"), step.message)
    following = await anne.wait_for_message(edited(step.message))  # a skip shows in it
    assert following.text.startswith(f"✔️ {fr.question('hours')} → {fr('skipped')}\n\n")
    assert fr.question("trained") in following.text
    assert (await answers_of(running, anne))["hours"] == Answer(None)

    await anne.click(fr("button_back"), following)
    assert fr.question("hours") in (await anne.wait_for_message(edited(step.message))).text
    await anne.send_text("35")
    following = await anne.wait_for_message(new(fr.question("trained")))
    assert following.text.startswith(f"✔️ {fr.question('hours')} → 35\n\n")
    assert (await answers_of(running, anne))["hours"] == Answer(35)


async def test_other_please_specify(api: FakeBotAPI, running: RunningBot) -> None:
    fr = running.words("fr")
    other = fr.label("team", "other")
    anne = api.user(2032, "Anne", language_code="fr")
    await Agent(anne, running.context.questionnaire).start()
    await anne.click(other)
    prompt = await anne.wait_for_message(new(fr.progress(1, 11)))
    specify = fr("ask_other", option="Autre")  # "Autre, précisez" without its "précisez"
    assert prompt.text == f"{fr.progress(1, 11)}\n\n{specify}"
    assert all_data(prompt) == ["b|team"]
    await anne.send_text("x" * 201)
    await anne.wait_for_message(new(fr("error_too_long", limit=200)))
    await anne.send_text("Douanes et Accises")
    await anne.wait_for_message(is_question(2))
    assert (await answers_of(running, anne))["team"] == Answer("other", "Douanes et Accises")

    # Back from the prompt re-opens the question itself.
    await anne.send_command("/back")
    again = await anne.wait_for_message(is_question(1))
    assert "→ Autre\u00a0: Douanes et Accises" in again.text
    await anne.click(other, again)
    await anne.wait_for_message(edited(again))
    await anne.click(fr("button_back"))
    await anne.wait_for_message(is_question(1))
    await anne.click(fr.label("team", "north"))
    await anne.wait_for_message(is_question(2))
    assert (await answers_of(running, anne))["team"] == Answer("north")


# -- cancel, help, privacy --------------------------------------------------------------


async def test_cancel_asks_then_deletes_the_answers_in_progress(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    database = running.settings.database
    anne = api.user(2040, "Anne", language_code="fr")
    agent = Agent(anne, running.context.questionnaire)
    await agent.answer_until("hours", planned(), await agent.start())
    assert answer_rows(database) == 2

    await anne.send_command("/cancel")
    confirm = await anne.wait_for_message(new(fr("cancel_confirm")))
    assert confirm.button_texts == [fr("button_cancel_yes"), fr("button_cancel_no")]
    await anne.click(fr("button_cancel_no"))
    kept = await anne.wait_for_message(edited(confirm))
    assert kept.text == fr("cancel_kept") and kept.buttons == []
    await anne.wait_for_message(is_question(3))
    assert answer_rows(database) == 2

    await anne.send_command("/cancel")
    await anne.wait_for_message(new(fr("cancel_confirm")))
    await anne.click(fr("button_cancel_yes"))
    await anne.wait_for_message(lambda m: m.text == fr("cancelled"))
    assert answer_rows(database) == 0
    assert stored(database, "SELECT count(*) FROM sessions") == [(0,)]
    assert stored(database, "SELECT count(*) FROM sessions WHERE handle IS NOT NULL") == [(0,)]
    assert await running.context.service.store.status(anne.id) is Status.NEW

    await anne.send_command("/start")  # may start afresh
    await anne.wait_for_message(new(fr.title))


async def test_cancel_confirmed_after_a_restart_finds_the_session(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, api)
    anne = api.user(2045, "Anne", language_code="fr")
    async with running_bot(api, settings) as running:
        fr = running.words("fr")
        agent = Agent(anne, running.context.questionnaire)
        await agent.answer_until("hours", planned(), await agent.start())
        await anne.send_command("/cancel")
        confirm = await anne.wait_for_message(new(fr("cancel_confirm")))
    async with running_bot(api, settings) as running:
        await anne.click(fr("button_cancel_yes"), confirm)  # the buttons carry the session
        await anne.wait_for_message(lambda m: m.text == fr("cancelled"))
        assert answer_rows(running.settings.database) == 0


@pytest.mark.parametrize(
    ("language_code", "chosen", "help_line", "privacy_line"),
    [
        ("fr", None, "/start — commencer ou reprendre l'enquête", "seule la mémoire du bot"),
        ("nl", None, "/start — de enquête beginnen of hervatten", "enkel het geheugen van de bot"),
        ("fr", "nl", "/start — de enquête beginnen of hervatten", "enkel het geheugen van de bot"),
    ],
    ids=["french", "dutch", "chose-dutch"],
)
async def test_help_and_privacy_in_the_users_language(
    api: FakeBotAPI,
    running: RunningBot,
    language_code: str,
    chosen: str | None,
    help_line: str,
    privacy_line: str,
) -> None:
    user = api.user(2050, "Agent", language_code=language_code)
    if chosen is not None:  # a person who picked another language than their Telegram's
        await Agent(user, running.context.questionnaire).start(language=chosen)
    await user.send_command("/help")
    assert help_line in (await user.wait_for_message(new("/help"))).text
    await user.send_command("/privacy")
    privacy = (await user.wait_for_message(new(privacy_line))).text
    french = privacy_line.startswith("seule")
    assert ("moins de 5 personnes" if french else "minder dan 5") in privacy
    assert "chiffrée" not in privacy and "versleutelde" not in privacy, "keyed, not encrypted"


# -- resuming after a restart -----------------------------------------------------------


async def test_resume_after_the_bot_restarts(api: FakeBotAPI, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, api)
    anne = api.user(2060, "Anne", language_code="fr")
    bob = api.user(2061, "Bob", language_code="nl")
    async with running_bot(api, settings) as running:
        q = running.context.questionnaire
        agent = Agent(anne, q)
        await agent.answer_until("hours", planned({"shift": "night"}), await agent.start())
        bobs = Agent(bob, q)
        await bobs.answer_until("shift", planned({"team": "south"}), await bobs.start())
        before = await answers_of(running, anne)
    (hours,) = [m for m in anne.messages if is_question(3)(m)]

    async with running_bot(api, settings) as running:
        fr, nl = running.words("fr"), running.words("nl")
        # Nothing on disk says whose session is whose: a typed answer before any tap is
        # answered with how to go on, and changes nothing.
        anne.mark_read()
        await anne.send_text("20")
        told = await anne.wait_for_message(new(fr("resume_by_button")))
        assert told.button_texts == [fr("button_start_over")]
        # /start too says so, above a first question she may ignore.
        await anne.send_command("/start")
        opening = await anne.wait_for_message(new(fr("resume_or_start")))
        assert is_question(1)(opening)
        # A tap on a button of her last question takes her on, with her answers.
        await anne.click(fr("button_back"), hours)
        shift = await anne.wait_for_message(edited(hours))
        assert is_question(2)(shift)
        await anne.click(fr.label("shift", "night"), shift)
        await anne.wait_for_message(is_question(3))
        await anne.send_text("20")
        await anne.wait_for_message(is_question(4))
        assert await answers_of(running, anne) == {**before, "hours": Answer(20)}
        assert await running.context.store.in_progress() == 2, "hers and Bob's; none from /start"

        # After a restart the bot still knows that Bob's question is in the chat: a notice,
        # no second copy; a tap on the question edits it into the next one.
        (question,) = [m for m in bob.messages if is_question(2)(m)]
        bob.mark_read()
        await bob.send_sticker()
        notice = await bob.wait_for_message()
        assert (notice.text, notice.edited) == (nl("unsupported"), False)
        await bob.click(nl.label("shift", "day"), question)
        following = await bob.wait_for_message(is_question(3))
        assert following.message_id == question.message_id
        assert await answers_of(running, bob) == {"team": Answer("south"), "shift": Answer("day")}
        assert [m for m in bob.messages if is_question(2)(m)] == []
