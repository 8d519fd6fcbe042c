"""A simulated respondent that answers a survey through a FakeUser, as a person would.

The agent looks only at what the chat shows: the newest bot message with inline buttons is the
screen it acts on (question ids are in the buttons' callback data: ``a|question|value``,
``t|question|option``, ``c|question``, ``s|question``, ``b|question``; the recap has ``S``; the
first screen has ``l|language``, and so has the first question, under the intro; the menu of
surveys, in a bot that runs several, has ``m|survey``). It answers
with seeded-random valid answers, sometimes goes back or skips, records the answers it finally
gave, and submits. When no new screen arrives within
``reply_timeout`` (a lost reply, a restarting bot), it sends /start, which makes the bot resume
and show the current question again, and carries on from there. Given a `survey` id, every
/start it sends is that survey's link (``/start <survey id>``), and in the menu of surveys it
picks that one; it is done only when that survey's thanks come after its first /start, so
one person may answer several surveys one after the other, an agent each.

Rules that keep its record exact while replies are lost, repeated or late:

- it never acts on a message older than the one it last acted on;
- after answering question q, a newer copy of q (a repeated send, a redelivered update) is
  ignored: the next question is waited for; after /start any screen is taken;
- a button answer that the bot calls stale (the callback notice) is taken back from the record.

`AgentResult.response` has the shape of one response of the JSON export (``bot.export.to_json``):
``{"language": ..., "answers": {question_id: {"value": ..., "other": ...}}}`` ("other" only when
given), so a checker can compare it with the export.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.core.conditions import AllOf, AnyOf, Condition, Contains, Equals
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.core.questions.multiple import MultipleChoice
from bot.core.questions.number import Number
from bot.core.questions.scale import Scale
from bot.core.questions.single import SingleChoice
from bot.core.questions.text import FreeText
from bot.core.questions.yesno import YesNo
from bot.i18n import text
from fakebotapi import BotMessage, FakeUser, NoMessageError

ExportAnswer = dict[str, Any]
"""One answer as the JSON export writes it: {"value": ..., "other": ...}."""
ExportAnswers = dict[str, ExportAnswer]

CHECKED = "✅"
WORDS = (
    "appels",
    "file",
    "attente",
    "stress",
    "formation",
    "équipe",
    "téléphone",
    "dossiers",
    "retard",
    "wachtrij",
    "oproepen",
    "collega's",
    "werkdruk",
    "opleiding",
    "CRM",
    "2020",
    "pause",
    "déjà",
    "naïef",
    "😊",
)

ScreenKind = Literal[
    "intro", "ask", "multiple", "typed", "other", "review", "cancel", "menu", "unknown"
]


class AgentError(Exception):
    """The agent gave up (too many actions or resyncs, or a screen it cannot read)."""


# -- answers, independently of the bot's engine --------------------------------------------


def holds(condition: Condition, answers: Mapping[str, ExportAnswer]) -> bool:
    """Evaluate a `when` condition over export-shaped answers of earlier questions."""
    if isinstance(condition, AllOf):
        return all(holds(sub, answers) for sub in condition.all)
    if isinstance(condition, AnyOf):
        return any(holds(sub, answers) for sub in condition.any)
    answer = answers.get(condition.question)
    value = None if answer is None else answer.get("value")
    if value is None:
        return False
    if isinstance(condition, Contains):
        return isinstance(value, list) and condition.contains in value
    wanted = [condition.equals] if isinstance(condition, Equals) else list(condition.in_)
    # A yes/no answer (bool) must not match the number 1: compare types too.
    return any(type(value) is type(w) and value == w for w in wanted)


def applicable_answers(
    questionnaire: Questionnaire, answers: Mapping[str, ExportAnswer]
) -> ExportAnswers:
    """Keep the answers of questions that apply given the earlier answers (in survey order)."""
    kept: ExportAnswers = {}
    for question in questionnaire.questions:
        if question.when is not None and not holds(question.when, kept):
            continue
        if question.id in answers:
            kept[question.id] = dict(answers[question.id])
    return kept


def random_text(rng: random.Random, limit: int, words: tuple[int, int] = (1, 12)) -> str:
    """A few random words (never a command, no surrounding spaces), at most `limit` characters."""
    said = " ".join(rng.choice(WORDS) for _ in range(rng.randint(*words)))
    return said[:limit].strip() or "ok"


def number_bounds(question: Number) -> tuple[int, int]:
    """The range the agent types numbers in."""
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else low + 100
    return low, high


def alone_if_exclusive(question: MultipleChoice, picked: set[str]) -> set[str]:
    """A pick a person can make: an exclusive option goes alone, so a larger pick drops it."""
    exclusive = {o.id for o in question.options if o.exclusive}
    if len(picked) < 2 or not picked & exclusive:
        return picked
    rest = picked - exclusive
    return rest if len(rest) >= max(question.min, 1) else {min(picked & exclusive)}


def random_answer(
    question: Question, rng: random.Random, *, skip_rate: float = 0.3
) -> ExportAnswer:
    """A random valid answer to `question`, export-shaped (skipped: value None)."""
    if question.optional and rng.random() < skip_rate:
        return {"value": None}
    if isinstance(question, SingleChoice):
        option = rng.choice(question.options)
        if option.other:
            return {"value": option.id, "other": random_text(rng, 200, (1, 4))}
        return {"value": option.id}
    if isinstance(question, MultipleChoice):
        count = rng.randint(max(question.min, 1), question.max_selected)
        chosen = alone_if_exclusive(
            question, set(rng.sample([o.id for o in question.options], count))
        )
        answer: ExportAnswer = {"value": [o.id for o in question.options if o.id in chosen]}
        other = next((o for o in question.options if o.other and o.id in chosen), None)
        if other is not None:
            answer["other"] = random_text(rng, 200, (1, 4))
        return answer
    if isinstance(question, Scale):
        return {"value": rng.choice(question.points)}
    if isinstance(question, YesNo):
        return {"value": rng.random() < 0.5}
    if isinstance(question, Number):
        return {"value": rng.randint(*number_bounds(question))}
    assert isinstance(question, FreeText)
    return {"value": random_text(rng, question.max_length)}


def random_response(
    questionnaire: Questionnaire, rng: random.Random, *, skip_rate: float = 0.3
) -> ExportAnswers:
    """A complete random response: every applicable question answered (or skipped)."""
    answers: ExportAnswers = {}
    for question in questionnaire.questions:
        if question.when is None or holds(question.when, answers):
            answers[question.id] = random_answer(question, rng, skip_rate=skip_rate)
    return answers


# -- reading the chat ------------------------------------------------------------------------


def meaning(data: object) -> str:
    """Callback data without the session handle that the bot puts at its end (``~handle``)."""
    return str(data).partition("~")[0]


def callback_data(message: BotMessage) -> tuple[str, ...]:
    """The callback data of the message's inline buttons, in order, without handles."""
    return tuple(
        meaning(button["callback_data"])
        for row in message.buttons
        for button in row
        if "callback_data" in button
    )


def sent_data(message: BotMessage, wanted: str) -> str:
    """The whole callback data of the message's button that means `wanted` (with its handle),
    as a tap sends it; `wanted` itself when no button means it."""
    for row in message.buttons:
        for button in row:
            if "callback_data" in button and meaning(button["callback_data"]) == wanted:
                return str(button["callback_data"])
    return wanted


@dataclass(frozen=True)
class Screen:
    """What a bot message with buttons asks for."""

    message: BotMessage
    kind: ScreenKind
    question_id: str = ""
    data: tuple[str, ...] = ()

    @property
    def signature(self) -> tuple[str, str]:
        """Two screens with the same signature ask the same thing."""
        return self.kind, self.question_id


def classify(message: BotMessage, questionnaire: Questionnaire) -> Screen | None:
    """Read a bot message's buttons; None when it has no callback buttons."""
    data = callback_data(message)
    if not data:
        return None
    if "S" in data:
        return Screen(message, "review", "", data)
    for item in data:
        head, _, rest = item.partition("|")
        if head == "x":
            return Screen(message, "cancel", "", data)
        if head in ("a", "t"):
            kind: ScreenKind = "ask" if head == "a" else "multiple"
            return Screen(message, kind, rest.split("|")[0], data)
    for item in data:
        head, _, rest = item.partition("|")
        if head in ("b", "s") and rest:
            try:
                question = questionnaire.question(rest)
            except KeyError:
                break
            choice = isinstance(question, SingleChoice | MultipleChoice)
            return Screen(message, "other" if choice else "typed", rest, data)
    if any(item.startswith("l|") for item in data):  # the first screen: a language each
        return Screen(message, "intro", "", data)
    if any(item.startswith("m|") for item in data):  # the menu of surveys: one each
        return Screen(message, "menu", "", data)
    return Screen(message, "unknown", "", data)


def selected_language(message: BotMessage) -> str | None:
    """The language ticked among the buttons under the intro, if any."""
    for row in message.buttons:
        for button in row:
            data = meaning(button.get("callback_data", ""))
            if data.startswith("l|") and str(button.get("text", "")).startswith("✓"):
                return data.partition("|")[2]
    return None


# -- the agent -------------------------------------------------------------------------------


@dataclass
class ActionRecord:
    """One action and how long the bot took to show the next screen (None: no reply)."""

    kind: str
    latency: float | None = None
    sent_at: float = 0.0
    """time.perf_counter() when the action was sent."""
    query_id: str | None = None
    """The callback query of a button press."""


@dataclass
class AgentResult:
    """What an agent did and answered."""

    user_id: int
    language: str | None
    answers: ExportAnswers
    finished: bool
    actions: list[ActionRecord] = field(default_factory=list)
    resyncs: int = 0
    stale: int = 0
    error: str | None = None

    @property
    def response(self) -> dict[str, Any]:
        """The response as the JSON export should hold it (without its number and times)."""
        return {"language": self.language, "answers": self.answers}

    @property
    def latencies(self) -> list[float]:
        """Seconds from each answered action to the bot's next screen."""
        return [a.latency for a in self.actions if a.latency is not None]


_MISSING: ExportAnswer = {}
_DONE = "done"


class SurveyAgent:
    """Answers the survey through one FakeUser; `run()` returns an `AgentResult`."""

    def __init__(
        self,
        user: FakeUser,
        questionnaire: Questionnaire,
        *,
        seed: int,
        think: tuple[float, float] = (0.0, 0.0),
        reply_timeout: float = 10.0,
        back_rate: float = 0.06,
        skip_rate: float = 0.3,
        max_backs: int = 3,
        language: str | None = None,
        max_actions: int = 200,
        max_resyncs: int = 30,
        on_action: Callable[[str], None] | None = None,
        stop_after: int | None = None,
        survey: str | None = None,
    ) -> None:
        self.user = user
        self.questionnaire = questionnaire
        self._rng = random.Random(seed)
        self._think = think
        self._timeout = reply_timeout
        self._back_rate = back_rate
        self._skip_rate = skip_rate
        self._max_backs = max_backs
        self._target_language = language or self._rng.choice(questionnaire.languages)
        self._max_actions = max_actions
        self._max_resyncs = max_resyncs
        self._on_action = on_action
        self._stop_after = stop_after
        self._survey = survey
        self._first_id: int | None = None
        """The newest message before the agent's first /start: only later ones are its own."""
        self._answers: ExportAnswers = {}
        self._language: str | None = None
        self._targets: dict[str, set[str]] = {}
        self._backs = 0
        # What the next screen must be: newer than _last_id (or, after an in-place action, the
        # same message with other buttons), and not a copy of the screen just answered.
        self._last_id = 0
        self._in_place: tuple[int, Any] | None = None
        self._ignore: tuple[str, str] | None = None
        self._pending: tuple[str, str, ExportAnswer] | None = None
        self._current: ActionRecord | None = None
        self._sent_at = 0.0
        languages = questionnaire.languages
        self._done_texts = {
            questionnaire.text(questionnaire.thanks, code).strip() for code in languages
        } | {text(code, "already_done") for code in languages}
        # The recap as sent, which the thanks end.
        self._sent_heads = tuple(text(code, "review_sent") for code in languages)
        # With a survey named, the thanks (their words before the deadline), which alone tell
        # which survey was answered: a recap is the same in every survey.
        self._thanks_heads = tuple(
            questionnaire.text(questionnaire.thanks, code).split("{")[0].strip()
            for code in languages
        )
        self._stale_texts = {text(code, "stale") for code in (*languages, "en")}
        self.result = AgentResult(user.id, None, {}, False)

    # -- running ------------------------------------------------------------------------

    async def run(self) -> AgentResult:
        """Answer the survey until it is submitted, the agent gives up, or `stop_after` actions
        are done (the response is then left in progress)."""
        result = self.result
        try:
            await self._start()
            while True:
                screen = await self._next_screen()
                if screen == _DONE:
                    result.finished = True
                    break
                if screen is None:
                    if result.resyncs >= self._max_resyncs:
                        raise AgentError(f"no reply after {result.resyncs} times /start")
                    result.resyncs += 1
                    await self._start()
                    continue
                if len(result.actions) >= self._max_actions:
                    raise AgentError(f"more than {self._max_actions} actions")
                if self._stop_after is not None and len(result.actions) >= self._stop_after:
                    break
                low, high = self._think
                if high > 0:
                    await asyncio.sleep(self._rng.uniform(low, high))
                await self._act(screen)
        except AgentError as error:
            result.error = str(error)
        except (AssertionError, KeyError, ValueError) as error:
            # A screen the agent misread, or a button that was not there: a finding to report.
            result.error = f"{type(error).__name__}: {error}"
        result.language = self._language
        result.answers = applicable_answers(self.questionnaire, self._answers)
        return result

    def _begin_action(self, kind: str) -> None:
        self._sent_at = time.perf_counter()
        self._current = ActionRecord(kind, sent_at=self._sent_at)
        self.result.actions.append(self._current)
        if self._on_action is not None:
            self._on_action(kind)

    async def _start(self) -> None:
        """Send /start; take whatever screen comes next."""
        self._last_id = max((m.message_id for m in self.user.messages), default=0)
        if self._first_id is None:
            self._first_id = self._last_id
        self._in_place = None
        self._ignore = None
        self._begin_action("start")
        await self.user.send_command("/start", self._survey)

    def _candidate(self) -> Screen | str | None:
        messages = self.user.messages
        first = self._first_id or 0
        if any(m.message_id > first and self._done(m.text) for m in messages):
            return _DONE
        for message in reversed(messages):
            screen = classify(message, self.questionnaire)
            if screen is None:
                continue
            if message.message_id > self._last_id:
                if self._ignore is not None and screen.signature == self._ignore:
                    return None
                return screen
            if (
                self._in_place is not None
                and message.message_id == self._in_place[0]
                and message.reply_markup != self._in_place[1]
            ):
                return screen
            return None
        return None

    def _done(self, said: str) -> bool:
        """Whether a bot message says the survey is submitted."""
        if self._survey is not None:
            return said.startswith(self._thanks_heads) or any(
                f"\n\n{head}" in said for head in self._thanks_heads
            )
        return said.strip() in self._done_texts or said.startswith(self._sent_heads)

    async def _next_screen(self) -> Screen | str | None:
        """Wait for the screen that follows the last action; None after `reply_timeout`."""
        found = self._candidate()
        if found is None:
            with contextlib.suppress(NoMessageError):
                await self.user.wait_for_message(
                    lambda _: self._candidate() is not None, timeout=self._timeout
                )
            found = self._candidate()
        if found is None:
            return None
        if self._current is not None and self._current.latency is None:
            self._current.latency = time.perf_counter() - self._sent_at
        self._check_stale()
        return found

    def _check_stale(self) -> None:
        """Take back a button answer that the bot said was stale."""
        if self._pending is None:
            return
        query_id, question_id, previous = self._pending
        for answer in self.user.answered_callbacks:
            if answer.callback_query_id == query_id:
                self._pending = None
                if answer.text in self._stale_texts:
                    self.result.stale += 1
                    if previous is _MISSING:
                        self._answers.pop(question_id, None)
                    else:
                        self._answers[question_id] = previous
                return

    # -- acting -------------------------------------------------------------------------

    async def _click(self, screen: Screen, data: str, kind: str, *, in_place: bool = False) -> str:
        message = screen.message
        self._last_id = message.message_id
        # A press may turn the pressed message into the next screen: watch it as well.
        self._in_place = (message.message_id, message.reply_markup)
        self._ignore = None if in_place else screen.signature
        self._begin_action(kind)
        update = await self.user.click_data(message.message_id, sent_data(message, data))
        query_id = str(update["callback_query"]["id"])
        if self._current is not None:
            self._current.query_id = query_id
        return query_id

    async def _type(self, screen: Screen, said: str, kind: str) -> None:
        self._last_id = screen.message.message_id
        self._in_place = None
        self._ignore = screen.signature
        self._begin_action(kind)
        await self.user.send_text(said)

    def _record(self, question_id: str, answer: ExportAnswer, query_id: str | None) -> None:
        previous = self._answers.get(question_id, _MISSING)
        self._answers[question_id] = answer
        self._pending = (query_id, question_id, previous) if query_id is not None else None

    def _wants_back(self, screen: Screen) -> bool:
        return (
            f"b|{screen.question_id}" in screen.data
            and self._backs < self._max_backs
            and self._rng.random() < self._back_rate
        )

    async def _back(self, screen: Screen) -> None:
        self._backs += 1
        await self._click(screen, f"b|{screen.question_id}", "back")

    async def _skip(self, screen: Screen) -> None:
        query = await self._click(screen, f"s|{screen.question_id}", "skip")
        self._record(screen.question_id, {"value": None}, query)

    async def _act(self, screen: Screen | str) -> None:
        assert isinstance(screen, Screen)
        shown = selected_language(screen.message)
        if shown is not None and self._language is None:
            # The first question under the intro, in the person's Telegram language.
            if shown != self._target_language:
                await self._click(screen, f"l|{self._target_language}", "language", in_place=True)
                return
            self._language = shown
        elif shown not in (None, self._language) and f"l|{self._language}" in screen.data:
            # A fresh start after a restart (the bot keeps no link to the session it had):
            # the first question comes in the Telegram language; the person picks theirs again.
            await self._click(screen, f"l|{self._language}", "language", in_place=True)
            return
        handler = {
            "intro": self._on_intro,
            "ask": self._on_ask,
            "multiple": self._on_multiple,
            "typed": self._on_typed,
            "other": self._on_other,
            "review": self._on_review,
            "cancel": self._on_cancel,
            "menu": self._on_menu,
        }.get(screen.kind)
        if handler is None:
            raise AgentError(f"cannot read the screen {screen.message!r}")
        await handler(screen)

    async def _on_intro(self, screen: Screen) -> None:
        target = self._target_language
        if f"l|{target}" not in screen.data:
            target = next(d for d in screen.data if d.startswith("l|")).partition("|")[2]
        self._language = target
        await self._click(screen, f"l|{target}", "language", in_place=True)

    async def _navigated(self, screen: Screen, question_id: str) -> bool:
        """Sometimes go back, or skip an optional question; True when it did."""
        if self._wants_back(screen):
            await self._back(screen)
            return True
        if f"s|{question_id}" in screen.data and self._rng.random() < self._skip_rate:
            await self._skip(screen)
            return True
        return False

    async def _on_ask(self, screen: Screen) -> None:
        question = self.questionnaire.question(screen.question_id)
        if await self._navigated(screen, question.id):
            return
        prefix = f"a|{question.id}|"
        data = self._rng.choice([d for d in screen.data if d.startswith(prefix)])
        raw = data.removeprefix(prefix)
        value: Any = raw
        if isinstance(question, YesNo):
            value = raw == "yes"
        elif isinstance(question, Scale):
            value = int(raw)
        query = await self._click(screen, data, "answer")
        self._record(question.id, {"value": value}, query)

    async def _on_multiple(self, screen: Screen) -> None:
        question = self.questionnaire.question(screen.question_id)
        assert isinstance(question, MultipleChoice)
        prefix = f"t|{question.id}|"
        ticked = {
            meaning(b["callback_data"]).removeprefix(prefix)
            for row in screen.message.buttons
            for b in row
            if meaning(b.get("callback_data", "")).startswith(prefix)
            and str(b.get("text", "")).startswith(CHECKED)
        }
        target = self._targets.get(question.id)
        if target is None:
            if not ticked and self._wants_back(screen):
                await self._back(screen)
                return
            count = self._rng.randint(max(question.min, 1), question.max_selected)
            target = set(self._rng.sample([o.id for o in question.options], count))
            target = alone_if_exclusive(question, target)
            self._targets[question.id] = target
            spare = [o.id for o in question.options if o.id not in target and not o.exclusive]
            if spare and len(target) < question.max_selected and self._rng.random() < 0.2:
                # Tick one option too many first, then untick it, as people do.
                extra = prefix + self._rng.choice(spare)
                await self._click(screen, extra, "toggle", in_place=True)
                return
        differ = sorted((target ^ ticked) & {o.id for o in question.options})
        if differ:
            if len(ticked) >= question.max_selected:
                differ = [d for d in differ if d in ticked] or differ
            await self._click(screen, prefix + self._rng.choice(differ), "toggle", in_place=True)
            return
        query = await self._click(screen, f"c|{question.id}", "confirm")
        del self._targets[question.id]
        chosen = [o.id for o in question.options if o.id in ticked]
        self._record(question.id, {"value": chosen}, query)

    async def _on_typed(self, screen: Screen) -> None:
        question = self.questionnaire.question(screen.question_id)
        if await self._navigated(screen, question.id):
            return
        answer = random_answer(question, self._rng, skip_rate=0.0)
        await self._type(screen, str(answer["value"]), "typed")
        self._record(question.id, answer, None)

    async def _on_other(self, screen: Screen) -> None:
        if self._wants_back(screen):
            await self._back(screen)
            return
        previous = self._answers.get(screen.question_id, {})
        if previous.get("value") is None:
            question = self.questionnaire.question(screen.question_id)
            assert isinstance(question, SingleChoice | MultipleChoice)
            option = next(o.id for o in question.options if o.other)
            previous = {"value": option if isinstance(question, SingleChoice) else [option]}
        said = random_text(self._rng, 200, (1, 4))
        await self._type(screen, said, "other")
        self._record(screen.question_id, {**previous, "other": said}, None)

    async def _on_review(self, screen: Screen) -> None:
        if "b|" in screen.data and self._backs < self._max_backs and self._rng.random() < 0.05:
            self._backs += 1
            await self._click(screen, "b|", "back")
            return
        await self._click(screen, "S", "submit")

    async def _on_cancel(self, screen: Screen) -> None:
        await self._click(screen, "x|n", "keep")

    async def _on_menu(self, screen: Screen) -> None:
        """The menu of surveys: this agent's survey, else the first offered."""
        wanted = f"m|{self._survey}"
        if self._survey is None or wanted not in screen.data:
            wanted = next(d for d in screen.data if d.startswith("m|"))
        await self._click(screen, wanted, "menu")


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The nearest-rank percentile of `values` (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]
