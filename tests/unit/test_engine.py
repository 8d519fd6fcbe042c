"""The conversation engine: parsing, conditions, navigation, progress and review."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.answers import Answer, SessionState, clean_text
from bot.core.engine import (
    MAX_OTHER_LENGTH,
    Accepted,
    Ask,
    AskOther,
    Engine,
    Invalid,
    Outcome,
    Problem,
    Review,
    Stale,
    Step,
)
from bot.core.questionnaire import Question, Questionnaire, parse_questionnaire
from bot.i18n import text, yes_no_words
from bot.rendering.questions import invalid_text


def build(*questions: dict[str, Any]) -> Engine:
    """An engine for a small one-language survey (plain-string texts)."""
    data = {
        "id": "test",
        "title": "Test",
        "intro": "Intro",
        "thanks": "Merci",
        "languages": ["fr"],
        "questions": list(questions),
    }
    return Engine(parse_questionnaire(data, "test.toml"), yes_no_words())


def options(*ids: str) -> list[dict[str, Any]]:
    return [{"id": i, "label": i.capitalize()} for i in ids]


def yesno(qid: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "type": "yesno", "text": f"{qid} ?", **extra}


def single(qid: str, *ids: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "type": "single", "text": f"{qid} ?", "options": options(*ids), **extra}


def accepted(outcome: Outcome) -> Accepted:
    assert isinstance(outcome, Accepted), outcome
    return outcome


def invalid(outcome: Outcome | Answer) -> Invalid:
    assert isinstance(outcome, Invalid), outcome
    return outcome


def said(outcome: Outcome | Answer, language: str) -> str:
    """Why the input was refused, as the respondent reads it."""
    return invalid_text(invalid(outcome), language)


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
def shipped(shipped_survey: Questionnaire) -> Engine:
    return Engine(shipped_survey, yes_no_words())


# -- parsing, per question type ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [("12", 12), (" 0 ", 0), ("40", 40), ("+7", 7), ("3\u00a0", 3)],
)
def test_number_valid(shipped: Engine, raw: str, value: int) -> None:
    assert shipped.parse(question(shipped, "phone_hours"), raw, "fr") == Answer(value)


@pytest.mark.parametrize("raw", ["", "douze", "12.5", "1,5", "-1", "41", "12h", "1e3"])
def test_number_invalid(shipped: Engine, raw: str) -> None:
    hours = question(shipped, "phone_hours")
    fr = said(shipped.parse(hours, raw, "fr"), "fr")
    nl = said(shipped.parse(hours, raw, "nl"), "nl")
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


def test_scale(shipped: Engine) -> None:
    rating = question(shipped, "rating")
    assert shipped.parse(rating, "0", "fr") == Answer(0)
    assert shipped.parse(rating, "10", "nl") == Answer(10)
    assert shipped.choice(rating, ["7"], "fr") == Answer(7)
    for raw in ("11", "-1", "bien", ""):
        assert said(shipped.parse(rating, raw, "fr"), "fr") == "Choisissez une note de 0 à 10."
        assert said(shipped.parse(rating, raw, "nl"), "nl") == "Kies een score van 0 tot 10."
    assert said(shipped.choice(rating, ["3", "4"], "fr"), "fr") == "Choisissez une note de 0 à 10."
    useful = question(shipped, "training_use")
    assert said(shipped.parse(useful, "0", "nl"), "nl") == "Kies een score van 1 tot 5."


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        *[("oui", True), ("Oui", True), ("JA", True), ("yes", True), ("1", True)],
        *[("non", False), ("Nee", False), ("no", False), ("0", False), (" non ", False)],
    ],
)
def test_yesno_typed(shipped: Engine, raw: str, value: bool) -> None:
    assert shipped.parse(question(shipped, "training"), raw, "fr") == Answer(value)


def test_yesno_invalid(shipped: Engine) -> None:
    training = question(shipped, "training")
    for raw in ("peut-être", "misschien", "2", ""):
        assert said(shipped.parse(training, raw, "fr"), "fr").startswith("Répondez par « oui »")
        assert said(shipped.parse(training, raw, "nl"), "nl").startswith("Antwoord met 'ja'")
    assert shipped.choice(training, ["yes"], "fr") == Answer(True)
    assert shipped.choice(training, ["no"], "fr") == Answer(False)
    assert said(shipped.choice(training, ["maybe"], "nl"), "nl") == text("nl", "error_yes_no")
    assert said(shipped.choice(training, ["yes", "no"], "fr"), "fr") == text("fr", "error_yes_no")


def test_free_text(shipped: Engine) -> None:
    comments = question(shipped, "comments")
    assert shipped.parse(comments, "  Trop d'appels.\n", "fr") == Answer("Trop d'appels.")
    assert said(shipped.parse(comments, "   ", "fr"), "fr") == text("fr", "error_empty")
    assert said(shipped.parse(comments, "", "nl"), "nl") == text("nl", "error_empty")
    assert text("fr", "error_empty") != text("nl", "error_empty")
    assert shipped.parse(comments, "x" * 1000, "fr") == Answer("x" * 1000)
    too_long = "x" * 1001
    assert said(shipped.parse(comments, too_long, "fr"), "fr") == (
        "Votre réponse est trop longue : 1000 caractères au maximum."
    )
    assert said(shipped.parse(comments, too_long, "nl"), "nl") == (
        "Uw antwoord is te lang: hoogstens 1000 tekens."
    )


def test_typed_questions_refuse_buttons(shipped: Engine) -> None:
    for qid in ("comments", "phone_hours"):
        assert said(shipped.choice(question(shipped, qid), ["1"], "nl"), "nl") == text(
            "nl", "error_type_answer"
        )


# -- choices -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "raw"),
    [
        ("fr", "2"),
        ("fr", "second"),
        ("fr", "Deuxième ligne"),
        ("fr", "deuxième LIGNE"),
        ("nl", "Tweede lijn"),
        ("nl", "2"),
        ("nl", "second"),
    ],
)
def test_single_choice_by_number_label_or_id(shipped: Engine, language: str, raw: str) -> None:
    assert shipped.parse(question(shipped, "line"), raw, language) == Answer("second")


@pytest.mark.parametrize("raw", ["0", "4", "troisième", "1, 2", "Tweede lijn, Eerste lijn"])
def test_single_choice_invalid(shipped: Engine, raw: str) -> None:
    line = question(shipped, "line")
    assert said(shipped.parse(line, raw, "fr"), "fr") == text("fr", "error_choose_option")
    assert said(shipped.parse(line, raw, "nl"), "nl") == text("nl", "error_choose_option")


def test_single_choice_buttons(shipped: Engine) -> None:
    line = question(shipped, "line")
    assert shipped.choice(line, ["first"], "fr") == Answer("first")
    assert shipped.choice(line, ["first", "first"], "fr") == Answer("first")
    assert said(shipped.choice(line, ["first", "second"], "fr"), "fr") == text(
        "fr", "error_choose_option"
    )
    assert said(shipped.choice(line, [], "fr"), "fr") == text("fr", "error_choose_option")
    assert said(shipped.choice(line, ["third"], "fr"), "fr") == text("fr", "error_choose_option")


def test_multiple_choice_typed(shipped: Engine) -> None:
    effects = question(shipped, "effects")
    assert shipped.parse(effects, "3, 1", "fr") == Answer(("backlog", "stress"))
    assert shipped.parse(effects, "stress;overtime", "nl") == Answer(("stress", "overtime"))
    assert shipped.parse(effects, "4 2", "fr") == Answer(("interruptions", "overtime"))
    assert shipped.parse(effects, "overuren", "nl") == Answer(("overtime",))
    assert said(shipped.parse(effects, "1, 9", "fr"), "fr") == text("fr", "error_choose_option")


def test_multiple_choice_min_max(shipped: Engine) -> None:
    effects = question(shipped, "effects")
    assert shipped.choice(effects, ["none"], "fr") == Answer(("none",))
    # Button order does not matter: the answer follows the order of the options.
    assert shipped.choice(effects, ["overtime", "backlog", "stress"], "fr") == Answer(
        ("backlog", "stress", "overtime")
    )
    assert shipped.choice(effects, ["stress", "stress"], "fr") == Answer(("stress",))
    four = ["backlog", "interruptions", "stress", "overtime"]
    assert (
        said(shipped.choice(effects, four, "fr"), "fr") == "Choisissez entre 1 et 3 propositions."
    )
    assert said(shipped.choice(effects, four, "nl"), "nl") == "Kies tussen 1 en 3 mogelijkheden."
    assert said(shipped.parse(effects, "1 2 3 4", "fr"), "fr") == text(
        "fr", "error_pick_between", low=1, high=3
    )
    assert said(shipped.choice(effects, [], "fr"), "fr") == text("fr", "error_choose_option")


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


def test_other_follow_up(shipped: Engine) -> None:
    state = accepted(shipped.choose(FR, "administration", ["other"])).state
    step = shipped.next_step(state)
    assert isinstance(step, AskOther)
    assert step.question.id == "administration"
    assert step.option.id == "other"
    assert (step.position, step.total) == (1, 11)
    assert said(shipped.give_other(state, " \u200f "), "fr") == text("fr", "error_empty")
    long = "x" * (MAX_OTHER_LENGTH + 1)
    assert said(shipped.give_other(state, long), "fr") == text(
        "fr", "error_too_long", limit=MAX_OTHER_LENGTH
    )
    # The answer is re-asked through the choice question's own buttons: stale meanwhile.
    assert isinstance(shipped.choose(state, "administration", ["agpr"]), Stale)
    assert isinstance(shipped.skip(state), Stale)
    done = accepted(shipped.give_other(state, "  Fiscalité\x00 "))
    assert done.answer == Answer("other", other="Fiscalité")
    assert done.state.answers["administration"] == Answer("other", other="Fiscalité")
    assert asked_id(shipped, done.state) == "line"


def test_other_text_typed_through_submit_input(shipped: Engine) -> None:
    state = run(shipped, NL, "4")
    assert isinstance(shipped.next_step(state), AskOther)
    state = run(shipped, state, "Douane")
    assert state.answers["administration"] == Answer("other", other="Douane")


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


def test_give_other_without_other_is_stale(shipped: Engine) -> None:
    assert isinstance(shipped.give_other(FR, "texte"), Stale)
    state = accepted(shipped.choose(FR, "administration", ["agpr"])).state
    assert isinstance(shipped.give_other(state, "texte"), Stale)


def test_back_from_other_reopens_the_choice(shipped: Engine) -> None:
    state = accepted(shipped.choose(FR, "administration", ["other"])).state
    back = shipped.back(state)
    assert back is not None
    step = ask(shipped.next_step(back))
    assert step.question.id == "administration"
    assert step.current == Answer("other")
    state = accepted(shipped.choose(back, "administration", ["agdp"])).state
    assert state.answers["administration"] == Answer("agdp")
    assert asked_id(shipped, state) == "line"


# -- conditions --------------------------------------------------------------------------------


def test_condition_equals_on_yes_no(shipped: Engine) -> None:
    state = run(shipped, FR, "1", "1", "1", "20")
    assert asked_id(shipped, state) == "training"
    yes = run(shipped, state, "oui")
    assert asked_id(shipped, yes) == "training_use"
    no = run(shipped, state, "non")
    assert asked_id(shipped, no) == "calls_per_day"


def test_condition_in(shipped: Engine) -> None:
    def after_line(line: str) -> list[str]:
        state = accepted(shipped.choose(FR, "administration", ["agpr"])).state
        state = accepted(shipped.choose(state, "line", [line])).state
        return [q.id for q in shipped.applicable(state.answers)]

    assert "complex_files" in after_line("first")
    assert "complex_files" in after_line("both")
    assert "complex_files" not in after_line("second")


def test_conditions_contains_and_any(shipped: Engine) -> None:
    def applies(*effects: str) -> bool:
        answers = {"effects": Answer(tuple(effects))}
        return "support" in [q.id for q in shipped.applicable(answers)]

    assert applies("stress")
    assert applies("overtime")
    assert applies("backlog", "stress", "overtime")
    assert not applies("backlog", "interruptions")
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


def test_back_one_question(shipped: Engine) -> None:
    assert shipped.back(FR) is None
    state = run(shipped, FR, "1", "2")
    back = shipped.back(state)
    assert back is not None
    assert back.cursor == "line"
    assert back.answers == state.answers
    step = ask(shipped.next_step(back))
    assert (step.question.id, step.position, step.current) == ("line", 2, Answer("second"))
    back2 = shipped.back(back)
    assert back2 is not None
    assert back2.cursor == "administration"
    assert shipped.back(back2) is None
    # Answering the re-opened question moves on to the first unanswered one.
    again = accepted(shipped.submit_input(back2, "administration", "2")).state
    assert again.cursor is None
    assert again.answers["line"] == Answer("second")
    assert asked_id(shipped, again) == "phone_frequency"


def test_back_then_change_drops_answers_that_no_longer_apply(shipped: Engine) -> None:
    state = run(shipped, FR, "1", "1", "1", "20", "oui", "4", "30")
    assert asked_id(shipped, state) == "unanswered"
    assert state.answers["training_use"] == Answer(4)
    for expected in ("calls_per_day", "training_use", "training"):
        state = back(shipped, state)
        assert asked_id(shipped, state) == expected
    assert asked_id(shipped, state) == "training"
    outcome = accepted(shipped.submit_input(state, "training", "non"))
    assert outcome.dropped == frozenset({"training_use"})
    assert "training_use" not in outcome.state.answers
    assert outcome.state.answers["calls_per_day"] == Answer(30)
    assert asked_id(shipped, outcome.state) == "unanswered"
    # Re-answering without a change drops nothing.
    state = back(shipped, outcome.state)
    assert accepted(shipped.submit_input(state, "calls_per_day", "31")).dropped == frozenset()


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


def test_skip_only_optional_questions(shipped: Engine) -> None:
    assert said(shipped.skip(FR), "fr") == text("fr", "error_required")
    assert said(shipped.skip(NL), "nl") == "Deze vraag is verplicht: u kunt ze niet overslaan."
    state = run(shipped, FR, "1", "2", "1", "20", "non")
    assert asked_id(shipped, state) == "calls_per_day"
    outcome = accepted(shipped.skip(state))
    assert outcome.question_id == "calls_per_day"
    assert outcome.answer.skipped
    assert outcome.state.answers["calls_per_day"] == Answer(None)
    assert asked_id(shipped, outcome.state) == "unanswered"


def test_skip_at_review_is_stale() -> None:
    engine = build(yesno("a"))
    state = run(engine, FR, "oui")
    assert isinstance(engine.skip(state), Stale)


# -- progress and review -------------------------------------------------------------------------


def test_progress_counts_applicable_questions() -> None:
    engine = build(
        yesno("a"),
        yesno("b", when={"question": "a", "equals": True}),
        yesno("c"),
    )
    first = ask(engine.next_step(FR))
    assert (first.position, first.total) == (1, 2)
    yes = run(engine, FR, "oui")
    assert (ask(engine.next_step(yes)).position, ask(engine.next_step(yes)).total) == (2, 3)
    no = run(engine, FR, "non")
    step = ask(engine.next_step(no))
    assert (step.question.id, step.position, step.total) == ("c", 2, 2)


def test_progress_in_the_shipped_survey(shipped: Engine) -> None:
    step = ask(shipped.next_step(FR))
    # Before any answer, the conditional questions do not count.
    assert (step.position, step.total) == (1, 11)
    state = run(shipped, FR, "1", "first", "1", "20", "oui")
    step = ask(shipped.next_step(state))
    assert (step.question.id, step.position, step.total) == ("training_use", 6, 13)


def test_review_when_done(shipped: Engine) -> None:
    state = run(shipped, NL, "1", "2", "daily", "38", "nee")
    state = accepted(shipped.skip(state)).state  # calls_per_day
    state = run(shipped, state, "4", "backlog overtime", "2", "unchanged", "3")
    step = ask(shipped.next_step(state))
    assert (step.question.id, step.position, step.total) == ("comments", 12, 12)
    state = run(shipped, state, "Te veel oproepen\u202e, te weinig mensen.")
    review = shipped.next_step(state)
    assert isinstance(review, Review)
    ids = [q.id for q, _ in review.answers]
    assert ids == [q.id for q in shipped.applicable(state.answers)]
    assert "training_use" not in ids
    assert "complex_files" not in ids
    assert dict((q.id, a) for q, a in review.answers) == {
        "administration": Answer("agpr"),
        "line": Answer("second"),
        "phone_frequency": Answer("daily"),
        "phone_hours": Answer(38),
        "training": Answer(False),
        "calls_per_day": Answer(None),
        "unanswered": Answer("always"),
        "effects": Answer(("backlog", "overtime")),
        "support": Answer("no_effect"),
        "since_november": Answer("unchanged"),
        "rating": Answer(3),
        "comments": Answer("Te veel oproepen, te weinig mensen."),
    }


# -- stale input -------------------------------------------------------------------------------


def test_input_for_another_question_is_stale(shipped: Engine) -> None:
    assert isinstance(shipped.choose(FR, "line", ["first"]), Stale)
    assert isinstance(shipped.submit_input(FR, "phone_hours", "12"), Stale)
    assert isinstance(shipped.answer(FR, "rating", Answer(5)), Stale)
    assert isinstance(shipped.choose(FR, "no_such_question", ["x"]), Stale)
    state = run(shipped, FR, "1")
    # An old button of the first question, once it is answered.
    assert isinstance(shipped.choose(state, "administration", ["agdp"]), Stale)
    assert state.answers["administration"] == Answer("agpr")


def test_input_after_review_is_stale() -> None:
    engine = build(yesno("a"))
    state = run(engine, FR, "oui")
    assert isinstance(engine.submit_input(state, "a", "non"), Stale)
    assert isinstance(engine.choose(state, "a", ["no"]), Stale)


def test_invalid_input_leaves_the_state_alone(shipped: Engine) -> None:
    state = run(shipped, FR, "1", "1", "1")
    assert isinstance(shipped.submit_input(state, "phone_hours", "beaucoup"), Invalid)
    assert asked_id(shipped, state) == "phone_hours"


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


def test_control_characters_stripped_from_text_answers(shipped: Engine) -> None:
    state = run(shipped, FR, "1", "1", "1", "20", "non", "30", "1", "1", "1", "1", "5")
    assert asked_id(shipped, state) == "comments"
    outcome = accepted(shipped.submit_input(state, "comments", "\x00Bon\u202e jour\x1f\n"))
    assert outcome.answer == Answer("Bon jour")
    only_controls = shipped.submit_input(state, "comments", "\x00\u202e\u200f")
    assert said(only_controls, "fr") == text("fr", "error_empty")


def test_invalid_carries_a_code_and_its_numbers_not_a_sentence(shipped: Engine) -> None:
    hours = question(shipped, "phone_hours")
    refused = invalid(shipped.parse(hours, "41", "fr"))
    assert refused == Invalid(Problem.NUMBER_BETWEEN, {"low": 0, "high": 40})
    assert invalid(shipped.parse(hours, "41", "nl")) == refused, "the engine speaks no language"
    assert invalid(shipped.skip(FR)) == Invalid(Problem.REQUIRED)


def test_typed_yes_and_no_are_the_words_given_to_the_engine() -> None:
    words = {True: frozenset({"si"}), False: frozenset({"no"})}
    engine = Engine(build(yesno("q")).questionnaire, words)
    assert engine.parse(question(engine, "q"), "Si", "fr") == Answer(True)
    assert engine.parse(question(engine, "q"), "NO", "fr") == Answer(False)
    assert invalid(engine.parse(question(engine, "q"), "oui", "fr")) == Invalid(Problem.YES_NO)
