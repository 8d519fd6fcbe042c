"""Choice features: typed numbers that are options' own, exclusive and shuffled options, and
scales with a label per point, a step and more than eleven points.

On the tests' survey of choice features (tests/surveys/choices.toml), and on small files for
what a questionnaire may not say.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.core.answers import Answer, Invalid, SessionState
from bot.core.engine import Accepted, Ask, AskOther, Engine, Outcome, Step
from bot.core.questionnaire import (
    Questionnaire,
    QuestionnaireError,
    load_questionnaire,
    parse_questionnaire,
)
from bot.core.questions.base import Listed
from bot.core.questions.choice import ChoiceQuestion
from bot.core.questions.multiple import MultipleChoice
from bot.core.questions.scale import MAX_POINTS, Scale
from bot.core.questions.single import SingleChoice
from bot.i18n import text, yes_no_words
from bot.rendering.questions import invalid_text
from tests.support.headers import HEADER_FR, HEADER_FR_NL, french_survey
from tests.support.paths import CHOICES_SURVEY, REPO

FR = SessionState("fr")


@pytest.fixture
def engine(choices_survey: Questionnaire) -> Engine:
    """An engine on the survey of choice features."""
    return Engine(choices_survey, yes_no_words())


def choice(engine: Engine, question_id: str) -> ChoiceQuestion:
    question = engine.questionnaire.question(question_id)
    assert isinstance(question, ChoiceQuestion)
    return question


def scale(engine: Engine, question_id: str) -> Scale:
    question = engine.questionnaire.question(question_id)
    assert isinstance(question, Scale)
    return question


def said(outcome: Outcome | Answer, language: str) -> str:
    """Why the input was refused, as the respondent reads it."""
    assert isinstance(outcome, Invalid), outcome
    return invalid_text(outcome, language, load_questionnaire(CHOICES_SURVEY))


def accepted(outcome: Outcome) -> Accepted:
    assert isinstance(outcome, Accepted), outcome
    return outcome


def ask(step: Step) -> Ask:
    assert isinstance(step, Ask), step
    return step


def run(engine: Engine, state: SessionState, *inputs: str) -> SessionState:
    """Type each input to the question being asked; every one must be accepted."""
    for raw in inputs:
        step = engine.next_step(state)
        assert isinstance(step, Ask | AskOther), step
        state = accepted(engine.submit_input(state, step.question.id, raw)).state
    return state


def options(*ids: str, **extra: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": i, "label": i.capitalize(), **extra.get(i, {})} for i in ids]


# -- typing an option's own number ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [("2024", "y2024"), ("2022", "y2022"), (" 2023 ", "y2023"), ("avant 2022", "before")],
)
def test_a_label_that_is_a_number_means_that_option(engine: Engine, raw: str, value: str) -> None:
    assert engine.parse(choice(engine, "year"), raw, "fr") == Answer(value)


@pytest.mark.parametrize("raw", ["1", "2", "4", "2021"])
def test_no_position_is_typed_where_options_are_numbers(engine: Engine, raw: str) -> None:
    year = choice(engine, "year")
    assert said(engine.parse(year, raw, "fr"), "fr") == text("fr", "error_choose_option")


@pytest.mark.parametrize(
    ("raw", "value"),
    [("5", "5"), ("0", "0"), ("1", "1"), ("Bien", "3"), ("zeer GOED", "4")],
)
def test_an_id_that_is_a_number_means_that_option(engine: Engine, raw: str, value: str) -> None:
    language = "nl" if raw == "zeer GOED" else "fr"
    assert engine.parse(choice(engine, "grade"), raw, language) == Answer(value)
    assert said(engine.parse(choice(engine, "grade"), "6", "fr"), "fr") == text(
        "fr", "error_choose_option"
    )


def test_positions_are_typed_where_no_option_is_a_number() -> None:
    survey = french_survey(
        {"id": "q", "type": "single", "text": "?", "options": options("north", "south")}
    )
    question = survey.questions[0]
    assert isinstance(question, SingleChoice) and question.numbered
    engine = Engine(survey, yes_no_words())
    assert engine.parse(question, "2", "fr") == Answer("south")
    assert engine.parse(question, "South", "fr") == Answer("south")
    assert question.typing_hint() == ("[1-2]",)


def test_an_id_wins_over_a_label_and_a_label_over_a_position() -> None:
    survey = french_survey(
        {
            "id": "q",
            "type": "multiple",
            "text": "?",
            "options": [
                {"id": "a", "label": "B"},
                {"id": "b", "label": "Plus tard"},
                {"id": "c", "label": "1"},
            ],
        }
    )
    question = survey.questions[0]
    engine = Engine(survey, yes_no_words())
    assert engine.parse(question, "b", "fr") == Answer(("b",)), "the id, not a's label"
    assert engine.parse(question, "1", "fr") == Answer(("c",)), "the label, not a position"
    assert said(engine.parse(question, "2", "fr"), "fr") == text("fr", "error_choose_option")


def test_multiple_choice_pieces_are_ids_labels_or_positions(engine: Engine) -> None:
    effects = choice(engine, "effects")
    shown = [o.id for o in effects.shown("")]
    assert engine.parse(effects, "Du retard, Du stress", "fr") == Answer(("backlog", "stress"))
    assert engine.parse(effects, "overtime stress", "fr") == Answer(("stress", "overtime"))
    assert engine.parse(effects, "Overuren; achterstand", "nl") == Answer(("backlog", "overtime"))
    by_position = engine.parse(effects, "1 2", "fr")
    assert by_position == Answer(
        tuple(o for o in ("backlog", "stress", "overtime") if o in shown[:2])
    )
    assert said(engine.parse(effects, "Du retard, Du bruit", "fr"), "fr") == text(
        "fr", "error_choose_option"
    )


def test_multiple_choice_of_numbers_takes_no_position() -> None:
    years = [{"id": f"y{y}", "label": str(y)} for y in (2024, 2023, 2022)]
    survey = french_survey({"id": "q", "type": "multiple", "text": "?", "options": years})
    question = survey.questions[0]
    engine = Engine(survey, yes_no_words())
    assert engine.parse(question, "2024 2022", "fr") == Answer(("y2024", "y2022"))
    assert said(engine.parse(question, "1, 2", "fr"), "fr") == text("fr", "error_choose_option")
    assert question.typing_hint() is None


# -- exclusive options -----------------------------------------------------------------------


def test_an_exclusive_option_goes_alone(engine: Engine) -> None:
    effects = choice(engine, "effects")
    assert engine.choice(effects, ["none"], "fr") == Answer(("none",))
    assert engine.choice(effects, ["stress", "overtime"], "fr") == Answer(("stress", "overtime"))
    refused = engine.choice(effects, ["stress", "none"], "fr")
    assert isinstance(refused, Invalid)
    assert refused.code == "exclusive" and refused.params == {"option": "Aucun effet"}
    assert said(refused, "fr") == text("fr", "error_exclusive", option="Aucun effet")
    assert "« Aucun effet » se choisit seul" in said(refused, "fr")
    assert "'Geen gevolg'" in said(engine.choice(effects, ["none", "backlog"], "nl"), "nl")
    # Typed, too; and before the count: four options break max = 3, but the clash says more.
    assert said(engine.parse(effects, "Aucun effet, Du stress", "fr"), "fr") == said(refused, "fr")
    four = ["backlog", "stress", "overtime", "none"]
    assert said(engine.choice(effects, four, "fr"), "fr") == said(refused, "fr")


def test_ticking_an_exclusive_option_unticks_the_others(engine: Engine) -> None:
    effects = choice(engine, "effects")
    assert effects.toggle({"stress", "overtime"}, "none") == {"none"}
    assert effects.toggle({"none"}, "stress") == {"stress"}
    assert effects.toggle({"none"}, "none") == set()
    assert effects.toggle({"stress"}, "backlog") == {"stress", "backlog"}
    assert effects.toggle({"stress", "backlog"}, "stress") == {"backlog"}
    grade = choice(engine, "grade")
    assert grade.toggle({"5"}, "4") == {"5", "4"}, "the default: tick or untick only that one"


def test_the_shipped_survey_has_no_effect_go_alone(shipped_survey: Questionnaire) -> None:
    effects = shipped_survey.question("effects")
    assert isinstance(effects, MultipleChoice)
    assert [o.id for o in effects.options if o.exclusive] == ["none"]
    assert effects.toggle({"overtime"}, "none") == {"none"}
    assert effects.toggle({"none"}, "overtime") == {"overtime"}


# -- options in an order of each respondent's own ------------------------------------------


def test_shuffled_options_keep_one_order_per_seed_and_anchored_ones_last(engine: Engine) -> None:
    channel, effects = choice(engine, "channel"), choice(engine, "effects")
    orders = set()
    for n in range(60):
        seed = f"session-{n}"
        shown = [o.id for o in channel.shown(seed)]
        assert shown == [o.id for o in channel.shown(seed)], "the same order for one seed"
        assert sorted(shown) == sorted(o.id for o in channel.options)
        assert shown[-1] == "no_preference"
        assert [o.id for o in effects.shown(seed)][-2:] == ["none", "elsewhere"]
        orders.add(tuple(shown))
    assert len(orders) > 12, "orders differ from one session to the next"
    firsts = {order[0] for order in orders}
    assert firsts == {"mail", "intranet", "meeting", "letter"}
    # Each question has its own order: the same seed does not move every question alike.
    grade = choice(engine, "grade")
    assert [o.id for o in grade.shown("session-1")] == ["5", "4", "3", "2", "1", "0"]


def test_buttons_listing_and_typed_positions_follow_the_shown_order(engine: Engine) -> None:
    state = run(engine, SessionState("fr", seed="token-a"), "2024", "5")
    step = ask(engine.next_step(state))
    assert step.question.id == "channel" and step.seed == "token-a"
    channel = choice(engine, "channel")
    shown = [o.id for o in channel.shown("token-a")]
    buttons = channel.buttons(step.seed)
    assert buttons is not None
    assert [b.value for b in buttons.choices] == shown
    assert [entry.key for entry in channel.listing(step.seed)] == ["1", "2", "3", "4", "5"]
    assert [entry.label for entry in channel.listing(step.seed)] == [
        channel.option(option_id).label  # type: ignore[union-attr]
        for option_id in shown
    ]
    done = accepted(engine.submit_input(state, "channel", "1"))
    assert done.answer == Answer(shown[0])
    assert done.state.seed == "token-a", "the seed goes through every answer"
    other = run(engine, SessionState("fr", seed="token-b"), "2024", "5", "3")
    assert other.answers["channel"] == Answer([o.id for o in channel.shown("token-b")][2])


def test_figures_and_answers_keep_the_questionnaire_order(engine: Engine) -> None:
    effects = choice(engine, "effects")
    ids = ["backlog", "stress", "overtime", "none", "elsewhere"]
    assert list(effects.counted({})) == ids
    assert [c.id for c in effects.export_columns()] == [f"effects.{i}" for i in ids] + [
        "effects.other"
    ]
    assert engine.choice(effects, ["overtime", "backlog"], "fr") == Answer(("backlog", "overtime"))
    assert effects.answer_words(Answer(("stress", "backlog"))) == (
        {"fr": "Du retard", "nl": "Achterstand"},
        ", ",
        {"fr": "Du stress", "nl": "Stress"},
    )


def test_the_seed_survives_back_and_the_other_text(engine: Engine) -> None:
    state = run(engine, SessionState("fr", seed="s"), "2024", "5", "mail", "elsewhere")
    assert state.seed == "s"
    state = run(engine, state, "Des réunions")
    assert state.seed == "s" and state.answers["effects"] == Answer(("elsewhere",), "Des réunions")
    reopened = engine.back(state)
    assert reopened is not None and reopened.seed == "s"
    assert ask(engine.next_step(reopened)).seed == "s"


# -- scales ------------------------------------------------------------------------------------


def test_a_labelled_scale_takes_numbers_and_labels(engine: Engine) -> None:
    frequency = scale(engine, "frequency")
    assert engine.parse(frequency, "4", "fr") == Answer(4)
    assert engine.parse(frequency, "Souvent", "fr") == Answer(4)
    assert engine.parse(frequency, "VAAK", "nl") == Answer(4)
    assert engine.choice(frequency, ["2"], "fr") == Answer(2)
    for raw in ("Parfois, Souvent", "6", "Vaak"):
        assert said(engine.parse(frequency, raw, "fr"), "fr") == text(
            "fr", "error_scale", low=1, high=5
        )
    assert said(engine.choice(frequency, ["Souvent"], "fr"), "fr") == text(
        "fr", "error_scale", low=1, high=5
    ), "buttons carry numbers"


def test_a_labelled_scale_says_its_labels_through_the_hooks(engine: Engine) -> None:
    frequency = scale(engine, "frequency")
    often = {"fr": "Souvent", "nl": "Vaak"}
    buttons = frequency.buttons()
    assert [b.value for b in buttons.choices] == ["1", "2", "3", "4", "5"]
    assert buttons.choices[3].label == (often,)
    assert buttons.per_row == 1, "labelled points one to a row"
    assert frequency.hint() is None, "the buttons say the labels"
    assert frequency.listing()[3] == Listed("4", often)
    assert frequency.answer_words(Answer(4)) == (often,)
    assert frequency.value_words("4") == ("4", " \u2013 ", often)
    assert frequency.end_label("4") == often
    assert frequency.end_label("1") == {"fr": "Jamais", "nl": "Nooit"}
    assert list(frequency.counted({"4": 2})) == ["1", "2", "3", "4", "5"]


def test_a_stepped_scale(engine: Engine) -> None:
    share = scale(engine, "share")
    assert list(share.points) == list(range(0, 101, 10))
    assert engine.parse(share, "30", "fr") == Answer(30)
    assert engine.choice(share, ["100"], "fr") == Answer(100)
    for raw in ("15", "110", "-10", "beaucoup"):
        assert said(engine.parse(share, raw, "fr"), "fr") == (
            "Choisissez une note de 0 à 100, par pas de 10."
        )
    assert said(engine.choice(share, ["15"], "nl"), "nl") == (
        "Kies een score van 0 tot 100, in stappen van 10."
    )
    assert list(share.counted({})) == [str(v) for v in range(0, 101, 10)]
    buttons = share.buttons()
    assert [b.value for b in buttons.choices] == [str(v) for v in range(0, 101, 10)]
    assert buttons.per_row == 6, "eleven points: a row of six and a row of five"
    assert share.typing_hint() == ("[0, 10 … 100]",)
    assert share.end_label("0") == {"fr": "Aucune", "nl": "Geen"}
    assert share.end_label("50") is None
    assert share.value_words("50") == ("50",)
    assert share.answer_words(Answer(30)) == ("30",)


@pytest.mark.parametrize(
    ("low", "high", "step", "per_row"),
    [(1, 5, 1, 5), (0, 10, 1, 6), (1, 7, 1, 7), (1, 8, 1, 8), (0, 20, 1, 7), (0, 97, 1, 8)],
)
def test_scale_buttons_go_in_even_rows(low: int, high: int, step: int, per_row: int) -> None:
    survey = french_survey(
        {"id": "q", "type": "scale", "text": "?", "min": low, "max": high, "step": step}
    )
    question = survey.questions[0]
    buttons = question.buttons()
    assert buttons is not None
    assert len(buttons.choices) == (high - low) // step + 1
    assert buttons.per_row == per_row


def test_a_scale_of_twenty_one_points(engine: Engine) -> None:
    calls = scale(engine, "calls")
    assert len(calls.points) == 21
    assert engine.parse(calls, "17", "fr") == Answer(17)
    assert MAX_POINTS == 98, "100 buttons, back and skip included"


def test_a_scale_without_the_new_fields_is_as_before(fixture_survey: Questionnaire) -> None:
    rating = fixture_survey.question("rating")
    assert isinstance(rating, Scale)
    assert (rating.step, rating.labels) == (1, None)
    assert rating.hint() == (
        "0 = ",
        {"fr": "Très mauvais", "nl": "Zeer slecht"},
        " · ",
        "10 = ",
        {"fr": "Excellent", "nl": "Uitstekend"},
    )
    assert rating.buttons().per_row == 6
    assert rating.answer_words(Answer(7)) == ("7",)
    assert rating.value_words("10") == ("10",)
    assert rating.typing_hint() == ("[0-10]",)
    for question in fixture_survey.questions:
        if isinstance(question, ChoiceQuestion):
            assert not question.randomize and question.numbered
            assert not any(o.exclusive or o.anchor for o in question.options)


# -- what a questionnaire may not say --------------------------------------------------------


def problems(tmp_path: Path, question: str, header: str = HEADER_FR) -> list[str]:
    """Load a one-question file that must be refused; return its problems."""
    path = tmp_path / "survey.toml"
    path.write_text(f'{header}\n[[questions]]\nid = "q"\n{question}\n', encoding="utf-8")
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), "the message names the file"
    assert "Traceback" not in message and "pydantic" not in message
    return info.value.problems


def test_the_new_fields_are_accepted(choices_survey: Questionnaire) -> None:
    by_id = {q.id: q for q in choices_survey.questions}
    channel, effects = by_id["channel"], by_id["effects"]
    assert isinstance(channel, SingleChoice) and isinstance(effects, MultipleChoice)
    assert channel.randomize and effects.randomize
    assert [o.id for o in channel.options if o.anchor] == ["no_preference"]
    assert [(o.id, o.anchor) for o in effects.options if o.exclusive] == [("none", True)]
    frequency, share = by_id["frequency"], by_id["share"]
    assert isinstance(frequency, Scale) and isinstance(share, Scale)
    assert frequency.labels is not None and len(frequency.labels) == 5
    assert (share.min, share.max, share.step) == (0, 100, 10)


SCALE_PROBLEMS = [
    (
        'type = "scale"\ntext = "?"\nlabels = ["Jamais", "Parfois", "Souvent", "Toujours"]',
        "question 'q': labels: the scale has 5 points (1 to 5) and 4 labels; give one label per "
        "point, lowest first",
    ),
    (
        'type = "scale"\ntext = "?"\nmin = 1\nmax = 3\nlabels = ["A", "B", "C"]\n'
        'min_label = "Bas"',
        "question 'q': labels: give a label for every point, or min_label and max_label, not both",
    ),
    (
        'type = "scale"\ntext = "?"\nmin = 0\nmax = 2\nlabels = ["1", "2", "3"]',
        "question 'q': labels: the label '1' of point 0 is the number of point 1; typing it "
        "would be ambiguous",
    ),
    (
        'type = "scale"\ntext = "?"\nmin = 0\nmax = 100\nstep = 30',
        "question 'q': step: max - min (100) must be a multiple of step (30)",
    ),
    (
        'type = "scale"\ntext = "?"\nmin = 0\nmax = 10\nstep = 0',
        "question 'q': step: should be at least 1",
    ),
    (
        'type = "scale"\ntext = "?"\nmin = 0\nmax = 100',
        "question 'q': a scale has at most 98 points (a Telegram keyboard carries 100 buttons, "
        "back and skip included), and this one has 101: raise step or narrow min and max",
    ),
    (
        'type = "scale"\ntext = "?"\nlabels = "Jamais"',
        "question 'q': labels: should be a list in square brackets: [ ... ]",
    ),
]


@pytest.mark.parametrize(
    ("question", "expected"),
    SCALE_PROBLEMS,
    ids=[
        "labels-count",
        "labels-and-ends",
        "labels-ambiguous",
        "step",
        "step-zero",
        "points",
        "labels-type",
    ],
)
def test_scale_fields_refused(tmp_path: Path, question: str, expected: str) -> None:
    assert expected in problems(tmp_path, question)


def test_scale_labels_need_every_translation(tmp_path: Path) -> None:
    question = (
        'type = "scale"\ntext = { fr = "?", nl = "?" }\nmin = 1\nmax = 3\n'
        'labels = [{ fr = "Bas", nl = "Laag" }, { fr = "Moyen" }, { fr = "Haut", nl = "Hoog" }]'
    )
    assert problems(tmp_path, question, HEADER_FR_NL) == [
        "question 'q': labels (point 2): the 'nl' translation is missing"
    ]


def test_a_scale_of_98_points_fits(tmp_path: Path) -> None:
    survey = french_survey({"id": "q", "type": "scale", "text": "?", "min": 1, "max": 98})
    assert len(survey.questions[0].buttons().choices) == 98  # type: ignore[union-attr]


OPTIONS = 'options = [{ id = "a", label = "A" }, { id = "b", label = "B" }, '


CHOICE_PROBLEMS = [
    (
        f'type = "single"\ntext = "?"\n{OPTIONS}{{ id = "n", label = "N", exclusive = true }}]',
        "question 'q': options: option 'n' is exclusive, which only a multiple-choice question "
        "needs (one option of a single choice is always picked alone)",
    ),
    (
        f'type = "multiple"\ntext = "?"\nmin = 2\n{OPTIONS}'
        '{ id = "n", label = "N", exclusive = true }]',
        "question 'q': options: option 'n' is exclusive (picked alone), so min must be at most 1, "
        "not 2",
    ),
    (
        f'type = "multiple"\ntext = "?"\n{OPTIONS}{{ id = "n", label = "N", anchor = true }}]',
        "question 'q': options: option 'n' is anchored, but the options are not shuffled: "
        "anchor keeps an option last when randomize = true",
    ),
    (
        'type = "single"\ntext = "?"\nrandomize = true\noptions = [{ id = "a", label = "A" }, '
        '{ id = "n", label = "N", anchor = true }, { id = "o", label = "O", other = true }]',
        "question 'q': randomize: at least two options must be shuffled (neither anchored nor "
        "'other')",
    ),
    (
        f'type = "single"\ntext = "?"\nrandomize = "maybe"\n{OPTIONS}{{ id = "c", label = "C" }}]',
        "question 'q': randomize: should be true or false",
    ),
    (
        f'type = "multiple"\ntext = "?"\n{OPTIONS}{{ id = "c", label = "C", exclusive = 2 }}]',
        "question 'q': options.2.exclusive: should be true or false",
    ),
]


@pytest.mark.parametrize(
    ("question", "expected"),
    CHOICE_PROBLEMS,
    ids=[
        "exclusive-single",
        "exclusive-min",
        "anchor",
        "randomize",
        "randomize-type",
        "exclusive-type",
    ],
)
def test_choice_fields_refused(tmp_path: Path, question: str, expected: str) -> None:
    assert expected in problems(tmp_path, question)


def test_the_new_fields_belong_to_their_types(tmp_path: Path) -> None:
    assert "question 'q': randomize: unknown field" in problems(
        tmp_path, 'type = "yesno"\ntext = "?"\nrandomize = true'
    )
    assert "question 'q': step: unknown field" in problems(
        tmp_path, 'type = "number"\ntext = "?"\nstep = 2'
    )


def test_the_readme_example_is_valid_and_shows_every_new_field() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Questionnaire files") : readme.index("## Translations")]
    example = section[section.index("```toml\n") + 8 :]
    example = example[: example.index("```")]
    survey = parse_questionnaire(tomllib.loads(example), "README.md")
    fields = {
        name
        for question in survey.questions
        for name in question.model_fields_set
        | {n for o in getattr(question, "options", ()) for n in o.model_fields_set}
    }
    assert {"randomize", "exclusive", "anchor", "labels", "step"} <= fields
    table = [line for line in section.splitlines() if line.startswith("| ")]
    for name in ("randomize", "exclusive", "anchor", "labels", "step"):
        assert any(f"`{name}`" in row.split(" | ")[0] for row in table), name


def test_an_option_named_other_keeps_its_column_apart_from_the_typed_text() -> None:
    survey = parse_questionnaire(
        {
            "id": "t",
            "languages": ["en"],
            "title": "T",
            "intro": "I",
            "thanks": "M",
            "questions": [
                {
                    "id": "effects",
                    "type": "multiple",
                    "text": "Effects?",
                    "options": [
                        {"id": "stress", "label": "Stress"},
                        {"id": "other", "label": "Other", "other": True},
                    ],
                }
            ],
        },
        "other.toml",
    )
    ids = [column.id for column in survey.questions[0].export_columns()]
    assert ids == ["effects.stress", "effects.other", "effects.other_text"]
    assert len(set(ids)) == len(ids)
