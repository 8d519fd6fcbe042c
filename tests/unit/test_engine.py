"""The conversation engine: parsing, conditions, navigation, progress and review."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.answers import Answer, Invalid, Problem, SessionState
from bot.core.characters import clean_text
from bot.core.engine import (
    MAX_OTHER_LENGTH,
    Accepted,
    Ask,
    AskOther,
    Engine,
    Outcome,
    Review,
    Stale,
    Step,
)
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.i18n import text, yes_no_words
from bot.rendering.questions import invalid_text
from tests.support.headers import french_survey


def build(*questions: dict[str, Any]) -> Engine:
    """An engine for a small one-language survey (plain-string texts)."""
    return Engine(french_survey(*questions), yes_no_words())


def options(*ids: str) -> list[dict[str, Any]]:
    return [{"id": i, "label": i.capitalize()} for i in ids]


def yesno(qid: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "type": "yesno", "text": f"{qid} ?", **extra}


def single(qid: str, *ids: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "type": "single", "text": f"{qid} ?", "options": options(*ids), **extra}


ANY_SURVEY = build(yesno("any")).questionnaire
"""A survey to say the bot's own refusals with (they need none of its texts)."""


def accepted(outcome: Outcome) -> Accepted:
    assert isinstance(outcome, Accepted), outcome
    return outcome


def invalid(outcome: Outcome | Answer) -> Invalid:
    assert isinstance(outcome, Invalid), outcome
    return outcome


def said(outcome: Outcome | Answer, language: str) -> str:
    """Why the input was refused, as the respondent reads it (in the bot's own words: a
    survey's own refusal messages are tested with the question type that has them)."""
    refusal = invalid(outcome)
    assert refusal.message is None, refusal
    return invalid_text(refusal, language, ANY_SURVEY)


def ask(step: Step) -> Ask:
    assert isinstance(step, Ask), step
    return step


def asked_id(engine: Engine, state: SessionState) -> str:
    return ask(engine.next_step(state)).question.id


def run(engine: Engine, state: SessionState, *inputs: str) -> SessionState:
    """Type each input to the question being asked; every one must be accepted."""
    for raw in inputs:
        step = engine.next_step(state)
        assert isinstance(step, Ask | AskOther), step
        state = accepted(engine.submit_input(state, step.question.id, raw)).state
    return state


def back(engine: Engine, state: SessionState) -> SessionState:
    """Go back one question; there must be one."""
    previous = engine.back(state)
    assert previous is not None
    return previous


def question(engine: Engine, qid: str) -> Question:
    return engine.questionnaire.question(qid)


FR = SessionState("fr")
NL = SessionState("nl")


@pytest.fixture
def survey(fixture_survey: Questionnaire) -> Engine:
    """An engine on the tests' own survey (tests/surveys/fixture.toml)."""
    return Engine(fixture_survey, yes_no_words())


@pytest.fixture
def shipped(shipped_survey: Questionnaire) -> Engine:
    """An engine on the shipped survey, for the tests of that survey itself."""
    return Engine(shipped_survey, yes_no_words())


# -- parsing, per question type ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [("12", 12), (" 0 ", 0), ("40", 40), ("+7", 7), ("3\u00a0", 3)],
)
def test_number_valid(survey: Engine, raw: str, value: int) -> None:
    assert survey.parse(question(survey, "hours"), raw, "fr") == Answer(value)


@pytest.mark.parametrize("raw", ["", "douze", "12.5", "1,5", "-1", "41", "12h", "1e3"])
def test_number_invalid(survey: Engine, raw: str) -> None:
    hours = question(survey, "hours")
    fr = said(survey.parse(hours, raw, "fr"), "fr")
    nl = said(survey.parse(hours, raw, "nl"), "nl")
    assert fr == "Tapez un nombre entier entre 0 et 40."
    assert nl == "Typ een geheel getal tussen 0 en 40."


def test_number_bounds_messages() -> None:
    engine = build(
        {"id": "low", "type": "number", "text": "?", "min": 1},
        {"id": "high", "type": "number", "text": "?", "max": 9},
        {"id": "free", "type": "number", "text": "?"},
    )
    assert said(engine.parse(question(engine, "low"), "0", "fr"), "fr") == text(
        "fr", "error_number_min", low=1
    )
    assert said(engine.parse(question(engine, "high"), "10", "nl"), "nl") == text(
        "nl", "error_number_max", high=9
    )
    assert said(engine.parse(question(engine, "free"), "x", "nl"), "nl") == text(
        "nl", "error_number"
    )
    assert engine.parse(question(engine, "free"), "1 000 000", "fr") == Answer(1_000_000)
    assert engine.parse(question(engine, "free"), "-5", "fr") == Answer(-5)


def test_scale(survey: Engine) -> None:
    rating = question(survey, "rating")
    assert survey.parse(rating, "0", "fr") == Answer(0)
    assert survey.parse(rating, "10", "nl") == Answer(10)
    assert survey.choice(rating, ["7"], "fr") == Answer(7)
    for raw in ("11", "-1", "bien", ""):
        assert said(survey.parse(rating, raw, "fr"), "fr") == "Choisissez une note de 0 à 10."
        assert said(survey.parse(rating, raw, "nl"), "nl") == "Kies een score van 0 tot 10."
    assert said(survey.choice(rating, ["3", "4"], "fr"), "fr") == "Choisissez une note de 0 à 10."
    useful = question(survey, "usefulness")
    assert said(survey.parse(useful, "0", "nl"), "nl") == "Kies een score van 1 tot 5."


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        *[("oui", True), ("Oui", True), ("JA", True), ("yes", True), ("1", True)],
        *[("non", False), ("Nee", False), ("no", False), ("0", False), (" non ", False)],
    ],
)
def test_yesno_typed(survey: Engine, raw: str, value: bool) -> None:
    assert survey.parse(question(survey, "trained"), raw, "fr") == Answer(value)


def test_yesno_invalid(survey: Engine) -> None:
    trained = question(survey, "trained")
    for raw in ("peut-être", "misschien", "2", ""):
        assert said(survey.parse(trained, raw, "fr"), "fr").startswith("Répondez par « oui »")
        assert said(survey.parse(trained, raw, "nl"), "nl").startswith("Antwoord met 'ja'")
    assert survey.choice(trained, ["yes"], "fr") == Answer(True)
    assert survey.choice(trained, ["no"], "fr") == Answer(False)
    assert said(survey.choice(trained, ["maybe"], "nl"), "nl") == text("nl", "error_yes_no")
    assert said(survey.choice(trained, ["yes", "no"], "fr"), "fr") == text("fr", "error_yes_no")


def test_free_text(survey: Engine) -> None:
    comments = question(survey, "comments")
    assert survey.parse(comments, "  Trop de bruit.\n", "fr") == Answer("Trop de bruit.")
    assert said(survey.parse(comments, "   ", "fr"), "fr") == text("fr", "error_empty")
    assert said(survey.parse(comments, "", "nl"), "nl") == text("nl", "error_empty")
    assert text("fr", "error_empty") != text("nl", "error_empty")
    assert survey.parse(comments, "x" * 200, "fr") == Answer("x" * 200)
    too_long = "x" * 201
    assert said(survey.parse(comments, too_long, "fr"), "fr") == (
        "Votre réponse est trop longue\u00a0: 200 caractères au maximum."
    )
    assert said(survey.parse(comments, too_long, "nl"), "nl") == (
        "Uw antwoord is te lang: hoogstens 200 tekens."
    )


def test_typed_questions_refuse_buttons(survey: Engine) -> None:
    for qid in ("comments", "hours"):
        assert said(survey.choice(question(survey, qid), ["1"], "nl"), "nl") == text(
            "nl", "error_type_answer"
        )


# -- choices -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "raw"),
    [
        ("fr", "2"),
        ("fr", "night"),
        ("fr", "De nuit"),
        ("fr", "de NUIT"),
        ("nl", "'s Nachts"),
        ("nl", "2"),
        ("nl", "night"),
    ],
)
def test_single_choice_by_number_label_or_id(survey: Engine, language: str, raw: str) -> None:
    assert survey.parse(question(survey, "shift"), raw, language) == Answer("night")


@pytest.mark.parametrize("raw", ["0", "3", "troisième", "1, 2", "'s Nachts, Overdag"])
def test_single_choice_invalid(survey: Engine, raw: str) -> None:
    shift = question(survey, "shift")
    assert said(survey.parse(shift, raw, "fr"), "fr") == text("fr", "error_choose_option")
    assert said(survey.parse(shift, raw, "nl"), "nl") == text("nl", "error_choose_option")


def test_single_choice_buttons(survey: Engine) -> None:
    shift = question(survey, "shift")
    assert survey.choice(shift, ["day"], "fr") == Answer("day")
    assert survey.choice(shift, ["day", "day"], "fr") == Answer("day")
    assert said(survey.choice(shift, ["day", "night"], "fr"), "fr") == text(
        "fr", "error_choose_option"
    )
    assert said(survey.choice(shift, [], "fr"), "fr") == text("fr", "error_choose_option")
    assert said(survey.choice(shift, ["third"], "fr"), "fr") == text("fr", "error_choose_option")


def test_multiple_choice_typed(survey: Engine) -> None:
    problems = question(survey, "problems")
    assert survey.parse(problems, "3, 1", "fr") == Answer(("noise", "workload"))
    assert survey.parse(problems, "workload;tools", "nl") == Answer(("tools", "workload"))
    assert survey.parse(problems, "4 2", "fr") == Answer(("tools", "none"))
    assert survey.parse(problems, "geen", "nl") == Answer(("none",))
    assert said(survey.parse(problems, "1, 9", "fr"), "fr") == text("fr", "error_choose_option")


def test_multiple_choice_min_max(survey: Engine) -> None:
    problems = question(survey, "problems")
    assert survey.choice(problems, ["none"], "fr") == Answer(("none",))
    # Button order does not matter: the answer follows the order of the options.
    assert survey.choice(problems, ["workload", "noise"], "fr") == Answer(("noise", "workload"))
    assert survey.choice(problems, ["tools", "tools"], "fr") == Answer(("tools",))
    three = ["noise", "tools", "workload"]
    assert (
        said(survey.choice(problems, three, "fr"), "fr") == "Choisissez entre 1 et 2 propositions."
    )
    assert said(survey.choice(problems, three, "nl"), "nl") == "Kies tussen 1 en 2 mogelijkheden."
    assert said(survey.parse(problems, "1 2 3", "fr"), "fr") == text(
        "fr", "error_pick_between", low=1, high=2
    )
    assert said(survey.choice(problems, [], "fr"), "fr") == text("fr", "error_choose_option")


def test_multiple_choice_exact_count() -> None:
    engine = build(
        {
            "id": "two",
            "type": "multiple",
            "text": "?",
            "min": 2,
            "max": 2,
            "options": options("a", "b", "c"),
        },
        {"id": "any", "type": "multiple", "text": "?", "options": options("a", "b", "c")},
    )
    two = question(engine, "two")
    assert engine.choice(two, ["c", "a"], "fr") == Answer(("a", "c"))
    assert said(engine.choice(two, ["a"], "fr"), "fr") == "Choisissez exactement 2 propositions."
    assert said(engine.choice(two, ["a", "b", "c"], "nl"), "nl") == text(
        "nl", "error_pick_exactly", count=2
    )
    unbounded = question(engine, "any")
    assert engine.choice(unbounded, ["a", "b", "c"], "fr") == Answer(("a", "b", "c"))


# -- "other, please specify" -------------------------------------------------------------------


def test_other_follow_up(survey: Engine) -> None:
    state = accepted(survey.choose(FR, "team", ["other"])).state
    step = survey.next_step(state)
    assert isinstance(step, AskOther)
    assert step.question.id == "team"
    assert step.option.id == "other"
    assert (step.position, step.total) == (1, 9)
    assert said(survey.give_other(state, " \u200f "), "fr") == text("fr", "error_empty")
    long = "x" * (MAX_OTHER_LENGTH + 1)
    assert said(survey.give_other(state, long), "fr") == text(
        "fr", "error_too_long", limit=MAX_OTHER_LENGTH
    )
    # The answer is re-asked through the choice question's own buttons: stale meanwhile.
    assert isinstance(survey.choose(state, "team", ["north"]), Stale)
    assert isinstance(survey.skip(state), Stale)
    done = accepted(survey.give_other(state, "  Maintenance\x00 "))
    assert done.answer == Answer("other", other="Maintenance")
    assert done.state.answers["team"] == Answer("other", other="Maintenance")
    assert asked_id(survey, done.state) == "shift"


def test_other_text_typed_through_submit_input(survey: Engine) -> None:
    state = run(survey, NL, "3")
    assert isinstance(survey.next_step(state), AskOther)
    state = run(survey, state, "Magazijn")
    assert state.answers["team"] == Answer("other", other="Magazijn")


def test_other_in_a_multiple_choice() -> None:
    engine = build(
        {
            "id": "m",
            "type": "multiple",
            "text": "?",
            "options": [*options("a", "b"), {"id": "else", "label": "Autre", "other": True}],
        },
        yesno("z"),
    )
    state = accepted(engine.choose(FR, "m", ["else", "a"])).state
    step = engine.next_step(state)
    assert isinstance(step, AskOther)
    assert step.option.id == "else"
    state = accepted(engine.give_other(state, "c")).state
    assert state.answers["m"] == Answer(("a", "else"), other="c")
    assert asked_id(engine, state) == "z"


def test_give_other_without_other_is_stale(survey: Engine) -> None:
    assert isinstance(survey.give_other(FR, "texte"), Stale)
    state = accepted(survey.choose(FR, "team", ["north"])).state
    assert isinstance(survey.give_other(state, "texte"), Stale)


def test_back_from_other_reopens_the_choice(survey: Engine) -> None:
    state = accepted(survey.choose(FR, "team", ["other"])).state
    back = survey.back(state)
    assert back is not None
    step = ask(survey.next_step(back))
    assert step.question.id == "team"
    assert step.current == Answer("other")
    state = accepted(survey.choose(back, "team", ["south"])).state
    assert state.answers["team"] == Answer("south")
    assert asked_id(survey, state) == "shift"


# -- conditions --------------------------------------------------------------------------------


def test_condition_equals_on_yes_no(survey: Engine) -> None:
    state = run(survey, FR, "1", "1", "20")
    assert asked_id(survey, state) == "trained"
    yes = run(survey, state, "oui")
    assert asked_id(survey, yes) == "usefulness"
    no = run(survey, state, "non")
    assert asked_id(survey, no) == "problems"


def test_condition_in(survey: Engine) -> None:
    def after_shift(shift: str) -> list[str]:
        state = accepted(survey.choose(FR, "team", ["north"])).state
        state = accepted(survey.choose(state, "shift", [shift])).state
        return [q.id for q in survey.applicable(state.answers)]

    assert "reported" in after_shift("night")
    assert "reported" not in after_shift("day")


def test_conditions_contains_and_any(survey: Engine) -> None:
    def applies(*problems: str, shift: str = "day") -> bool:
        answers = {"shift": Answer(shift), "problems": Answer(tuple(problems))}
        return "reported" in [q.id for q in survey.applicable(answers)]

    assert applies("workload")
    assert applies("noise", "workload")
    assert applies("none", shift="night"), "the other branch of `any`"
    assert not applies("noise", "tools")
    assert not applies("none")


def test_condition_all() -> None:
    engine = build(
        yesno("a"),
        single("b", "x", "y"),
        yesno(
            "c",
            when={
                "all": [
                    {"question": "a", "equals": True},
                    {"any": [{"question": "b", "equals": "x"}, {"question": "b", "in": ["y"]}]},
                ]
            },
        ),
    )

    def applies(**answers: Any) -> bool:
        given = {k: Answer(v) for k, v in answers.items()}
        return "c" in [q.id for q in engine.applicable(given)]

    assert applies(a=True, b="x")
    assert applies(a=True, b="y")
    assert not applies(a=False, b="x")
    assert not applies(a=True)
    assert not applies(b="x")


def test_yes_no_is_not_confused_with_one() -> None:
    engine = build(
        yesno("yn"),
        {"id": "n", "type": "number", "text": "?"},
        yesno("if_yes", when={"question": "yn", "equals": True}),
        yesno("if_one", when={"question": "n", "equals": 1}),
        yesno("if_zero", when={"question": "n", "in": [0]}),
        yesno("if_no", when={"question": "yn", "equals": False}),
    )

    def applicable(yn: Any, n: Any) -> set[str]:
        given = {"yn": Answer(yn), "n": Answer(n)}
        return {q.id for q in engine.applicable(given)} - {"yn", "n"}

    assert applicable(True, 1) == {"if_yes", "if_one"}
    # A yes (True == 1 in Python) is not the number 1, and a no is not 0, nor the reverse.
    assert applicable(1, True) == set()
    assert applicable(0, False) == set()
    assert applicable(False, 0) == {"if_no", "if_zero"}
    # Typing "1" to a yes/no question means yes, to a number question the number 1.
    state = run(engine, FR, "1", "1")
    assert state.answers == {"yn": Answer(True), "n": Answer(1)}
    assert asked_id(engine, state) == "if_yes"


def test_skipped_answer_satisfies_no_condition() -> None:
    engine = build(
        yesno("a", optional=True),
        yesno("b", when={"question": "a", "equals": False}),
        yesno("c", when={"any": [{"question": "a", "equals": True}]}),
        yesno("d"),
    )
    state = accepted(engine.skip(FR)).state
    assert state.answers["a"].skipped
    assert asked_id(engine, state) == "d"


def test_chained_conditions_drop_together() -> None:
    engine = build(
        yesno("a"),
        yesno("b", when={"question": "a", "equals": True}),
        yesno("c", when={"question": "b", "equals": True}),
        yesno("d"),
    )
    state = run(engine, FR, "oui", "oui", "oui", "non")
    assert isinstance(engine.next_step(state), Review)
    reopened = SessionState("fr", state.answers, cursor="a")
    outcome = accepted(engine.submit_input(reopened, "a", "non"))
    assert outcome.dropped == frozenset({"b", "c"})
    assert outcome.state.answers == {"a": Answer(False), "d": Answer(False)}
    assert outcome.state.cursor is None
    assert isinstance(engine.next_step(outcome.state), Review)


# -- back --------------------------------------------------------------------------------------


def test_back_one_question(survey: Engine) -> None:
    assert survey.back(FR) is None
    state = run(survey, FR, "1", "2")
    back = survey.back(state)
    assert back is not None
    assert back.cursor == "shift"
    assert back.answers == state.answers
    step = ask(survey.next_step(back))
    assert (step.question.id, step.position, step.current) == ("shift", 2, Answer("night"))
    back2 = survey.back(back)
    assert back2 is not None
    assert back2.cursor == "team"
    assert survey.back(back2) is None
    # Answering the re-opened question moves on to the first unanswered one.
    again = accepted(survey.submit_input(back2, "team", "2")).state
    assert again.cursor is None
    assert again.answers["shift"] == Answer("night")
    assert asked_id(survey, again) == "hours"


def test_back_then_change_drops_answers_that_no_longer_apply(survey: Engine) -> None:
    state = run(survey, FR, "1", "1", "20", "oui", "4", "1")
    assert asked_id(survey, state) == "rating"
    assert state.answers["usefulness"] == Answer(4)
    for expected in ("problems", "usefulness", "trained"):
        state = back(survey, state)
        assert asked_id(survey, state) == expected
    assert asked_id(survey, state) == "trained"
    outcome = accepted(survey.submit_input(state, "trained", "non"))
    assert outcome.dropped == frozenset({"usefulness"})
    assert "usefulness" not in outcome.state.answers
    assert outcome.state.answers["problems"] == Answer(("noise",))
    assert asked_id(survey, outcome.state) == "rating"
    # Re-answering without a change drops nothing.
    state = back(survey, outcome.state)
    assert accepted(survey.submit_input(state, "problems", "2")).dropped == frozenset()


def test_back_from_review_reopens_the_last_question() -> None:
    engine = build(yesno("a"), yesno("b", when={"question": "a", "equals": True}), yesno("c"))
    state = run(engine, FR, "non", "oui")
    assert isinstance(engine.next_step(state), Review)
    back = engine.back(state)
    assert back is not None
    assert back.cursor == "c"
    # Going back skips the question that does not apply.
    back = engine.back(back)
    assert back is not None
    assert back.cursor == "a"


# -- skip --------------------------------------------------------------------------------------


def test_skip_only_optional_questions(survey: Engine) -> None:
    assert said(survey.skip(FR), "fr") == text("fr", "error_required")
    assert said(survey.skip(NL), "nl") == "Deze vraag is verplicht: u kunt ze niet overslaan."
    state = run(survey, FR, "1", "2")
    assert asked_id(survey, state) == "hours"
    outcome = accepted(survey.skip(state))
    assert outcome.question_id == "hours"
    assert outcome.answer.skipped
    assert outcome.state.answers["hours"] == Answer(None)
    assert asked_id(survey, outcome.state) == "trained"


def test_skip_at_review_is_stale() -> None:
    engine = build(yesno("a"))
    state = run(engine, FR, "oui")
    assert isinstance(engine.skip(state), Stale)


# -- progress and review -------------------------------------------------------------------------


def test_progress_counts_the_questions_that_may_still_apply() -> None:
    engine = build(
        yesno("a"),
        yesno("b", when={"question": "a", "equals": True}),
        yesno("c"),
    )
    first = ask(engine.next_step(FR))
    # "b" waits on "a": it counts until "a" closes it, so that the total never grows.
    assert (first.position, first.total) == (1, 3)
    yes = ask(engine.next_step(run(engine, FR, "oui")))
    assert (yes.question.id, yes.position, yes.total) == ("b", 2, 3)
    no = ask(engine.next_step(run(engine, FR, "non")))
    assert (no.question.id, no.position, no.total) == ("c", 2, 2)


def test_progress_waits_on_every_part_of_a_condition() -> None:
    engine = build(
        yesno("a"),
        yesno("b"),
        yesno(
            "both",
            when={"all": [{"question": "a", "equals": True}, {"question": "b", "equals": True}]},
        ),
        yesno(
            "either",
            when={"any": [{"question": "a", "equals": True}, {"question": "b", "equals": True}]},
        ),
        yesno("after_both", when={"question": "both", "equals": True}),
    )
    assert ask(engine.next_step(FR)).total == 5
    # "a" = no settles "both" (and so "after_both"), not "either", which waits on "b".
    step = ask(engine.next_step(run(engine, FR, "non")))
    assert (step.question.id, step.position, step.total) == ("b", 2, 3)
    # "a" = yes settles "either", and "both" still waits on "b".
    step = ask(engine.next_step(run(engine, FR, "oui")))
    assert (step.question.id, step.position, step.total) == ("b", 2, 5)
    step = ask(engine.next_step(run(engine, FR, "oui", "non")))
    assert (step.question.id, step.position, step.total) == ("either", 3, 3)


def test_progress_in_the_shipped_survey_never_grows(shipped: Engine) -> None:
    """Answers that open every follow-up: the total only falls, the position rises by one."""
    before = ask(shipped.next_step(FR))
    assert before.position == 1
    state, seen = FR, [(before.position, before.total)]
    for typed in ("1", "first", "1", "20", "oui", "3", "1", "2", "1"):
        state = run(shipped, state, typed)
        step = shipped.next_step(state)
        if not isinstance(step, Ask):
            break
        seen.append((step.position, step.total))
    positions, totals = zip(*seen, strict=True)
    assert list(positions) == list(range(1, len(seen) + 1))
    assert list(totals) == sorted(totals, reverse=True)
    # The answers above open follow-ups which the old count (questions that apply) left out.
    applicable_first = len(shipped.applicable({}))
    assert totals[0] > applicable_first


def test_review_when_done(survey: Engine) -> None:
    state = run(survey, NL, "1", "1")
    state = accepted(survey.skip(state)).state  # hours
    state = run(survey, state, "nee", "noise tools", "3")
    step = ask(survey.next_step(state))
    assert (step.question.id, step.position, step.total) == ("comments", 7, 7)
    state = run(survey, state, "Te veel lawaai\u202e, te weinig mensen.")
    review = survey.next_step(state)
    assert isinstance(review, Review)
    ids = [q.id for q, _ in review.answers]
    assert ids == [q.id for q in survey.applicable(state.answers)]
    assert "usefulness" not in ids
    assert "reported" not in ids
    assert dict((q.id, a) for q, a in review.answers) == {
        "team": Answer("north"),
        "shift": Answer("day"),
        "hours": Answer(None),
        "trained": Answer(False),
        "problems": Answer(("noise", "tools")),
        "rating": Answer(3),
        "comments": Answer("Te veel lawaai, te weinig mensen."),
    }


# -- stale input -------------------------------------------------------------------------------


def test_input_for_another_question_is_stale(survey: Engine) -> None:
    assert isinstance(survey.choose(FR, "shift", ["day"]), Stale)
    assert isinstance(survey.submit_input(FR, "hours", "12"), Stale)
    assert isinstance(survey.answer(FR, "rating", Answer(5)), Stale)
    assert isinstance(survey.choose(FR, "no_such_question", ["x"]), Stale)
    state = run(survey, FR, "1")
    # An old button of the first question, once it is answered.
    assert isinstance(survey.choose(state, "team", ["south"]), Stale)
    assert state.answers["team"] == Answer("north")


def test_input_after_review_is_stale() -> None:
    engine = build(yesno("a"))
    state = run(engine, FR, "oui")
    assert isinstance(engine.submit_input(state, "a", "non"), Stale)
    assert isinstance(engine.choose(state, "a", ["no"]), Stale)


def test_invalid_input_leaves_the_state_alone(survey: Engine) -> None:
    state = run(survey, FR, "1", "1")
    assert isinstance(survey.submit_input(state, "hours", "beaucoup"), Invalid)
    assert asked_id(survey, state) == "hours"


# -- text cleaning -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("abc\x00def", "abcdef"),
        ("\u202eevil\u202c", "evil"),
        ("a\u200fb\u200ec", "abc"),
        ("\u2066x\u2069", "x"),
        ("bell\x07 \x1b[31mred", "bell [31mred"),
        ("line 1\nline 2", "line 1\nline 2"),
        ("tab\there", "tab\there"),
        ("caf\u0065\u0301", "café"),
        ("\x85  padded \x7f ", "padded"),
    ],
)
def test_clean_text(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


def test_control_characters_stripped_from_text_answers(survey: Engine) -> None:
    state = run(survey, FR, "1", "1", "20", "non", "1", "5")
    assert asked_id(survey, state) == "comments"
    outcome = accepted(survey.submit_input(state, "comments", "\x00Bon\u202e jour\x1f\n"))
    assert outcome.answer == Answer("Bon jour")
    only_controls = survey.submit_input(state, "comments", "\x00\u202e\u200f")
    assert said(only_controls, "fr") == text("fr", "error_empty")


def test_lone_surrogates_and_byte_order_marks_are_dropped_from_typed_texts(
    survey: Engine,
) -> None:
    """Neither can be stored (SQLite cannot encode a surrogate) nor drawn in a PDF (U+FEFF)."""
    state = run(survey, FR, "1", "1", "20", "non", "1", "5")
    outcome = accepted(survey.submit_input(state, "comments", "\ufeffBon\ud800 jour"))
    assert outcome.answer == Answer("Bon jour")
    invisible = survey.submit_input(state, "comments", "\ud800\ufeff\u200b")
    assert said(invisible, "fr") == text("fr", "error_empty")
    other = accepted(survey.choose(FR, "team", ["other"])).state
    assert said(survey.give_other(other, "\udfff\u2060"), "fr") == text("fr", "error_empty")
    given = accepted(survey.give_other(other, "Entre\ud800tien\ufeff"))
    assert given.answer == Answer("other", other="Entretien")


def test_invalid_carries_a_code_and_its_numbers_not_a_sentence(survey: Engine) -> None:
    hours = question(survey, "hours")
    refused = invalid(survey.parse(hours, "41", "fr"))
    assert refused == Invalid(Problem.NUMBER_BETWEEN, {"low": 0, "high": 40})
    assert invalid(survey.parse(hours, "41", "nl")) == refused, "the engine speaks no language"
    assert invalid(survey.skip(FR)) == Invalid(Problem.REQUIRED)


def test_typed_yes_and_no_are_the_words_given_to_the_engine() -> None:
    words = {True: frozenset({"si"}), False: frozenset({"no"})}
    engine = Engine(build(yesno("q")).questionnaire, words)
    assert engine.parse(question(engine, "q"), "Si", "fr") == Answer(True)
    assert engine.parse(question(engine, "q"), "NO", "fr") == Answer(False)
    assert invalid(engine.parse(question(engine, "q"), "oui", "fr")) == Invalid(Problem.YES_NO)


def test_the_next_step_is_found_without_comparing_question_models(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Comparing two question models compares every field: done for each question of each
    # step, it was most of the engine's time. Questions are found by their ids instead.
    engine = build(*(single(qid, "x", "y") for qid in ("a", "b", "c", "d", "e")))
    compared: list[str] = []

    def never(self: Question, other: object) -> bool:
        compared.append(self.id)
        return self is other

    for cls in {type(q) for q in engine.questionnaire.questions}:
        monkeypatch.setattr(cls, "__eq__", never)
    state = SessionState("fr", {qid: Answer("x") for qid in ("a", "b", "c")})
    step = engine.next_step(state)
    assert isinstance(step, Ask) and (step.question.id, step.position, step.total) == ("d", 4, 5)
    back = engine.back(state)
    assert back is not None and back.cursor == "c"
    assert compared == []
