"""Scripted agents: simulated respondents that answer a survey through the real bot.

An agent reads what the bot shows (the progress line and the callback data of the buttons),
answers with the buttons and typed messages a person would use, and keeps a record of what it
finally answered, so that tests can compare that record with what the bot stored.
"""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot import i18n
from bot.core.answers import Answer, SubmittedResponse
from bot.core.conditions import AllOf, AnyOf, Condition
from bot.core.questionnaire import Questionnaire
from bot.core.questions import Question
from bot.core.questions.multiple import MultipleChoice
from bot.core.questions.number import Number
from bot.core.questions.scale import Scale
from bot.core.questions.single import SingleChoice
from bot.core.questions.text import FreeText
from bot.core.questions.yesno import YesNo
from fakebotapi import BotMessage, FakeUser

STEP_TIMEOUT = 10.0
# How a question's progress line ("Question 2 · ▰▱▱▱▱▱▱▱▱▱ 14 %") and the recap begin, in
# every bot language.
PROGRESS_PREFIXES = tuple(
    i18n.text(language, "progress", position=1, bar="", percent="").partition("1")[0]
    for language in i18n.languages()
)
PERCENT = re.compile(r"[▰▱]{10} (\d+)")
"""The progress bar and the percentage after it."""
RECAP_PREFIXES = tuple(i18n.text(language, "review") for language in i18n.languages())
CHECKED = "✅"

Button = dict[str, Any]


# -- reading what the bot shows ----------------------------------------------------------


def callback_data(button: Button) -> str:
    """The callback data of an inline button ('' for other kinds)."""
    return str(button.get("callback_data", "")).partition("~")[0]


def last_handle(user: FakeUser) -> str:
    """The session handle on the buttons of the newest message that carries one: what a tap
    on a button of their last question brings to the bot ('' if none)."""
    for message in reversed(user.messages):
        for row in message.buttons:
            for button in row:
                _, _, handle = str(button.get("callback_data", "")).partition("~")
                if handle:
                    return handle
    return ""


def data_is(data: str) -> Callable[[Button], bool]:
    """Match the button carrying exactly this callback data."""
    return lambda button: callback_data(button) == data


def all_data(message: BotMessage) -> list[str]:
    """Every callback data of a message's keyboard, in order."""
    return [callback_data(b) for row in message.buttons for b in row]


def progress_of(message: BotMessage) -> str | None:
    """The question's number ("2") on the progress line of a step message (after the answer
    just given, if the message shows it first), or None."""
    for line in message.text.split("\n"):
        if line.startswith(PROGRESS_PREFIXES):
            return line.split(" ", 2)[1]
    return None


def percent_of(message: BotMessage) -> int | None:
    """The percentage on the progress line of a step message, or None."""
    found = PERCENT.search(message.text)
    return None if found is None else int(found.group(1))


def is_recap(message: BotMessage) -> bool:
    """The recap, with its buttons (the recap as sent has none)."""
    return bool(message.buttons) and any(
        line.startswith(RECAP_PREFIXES) for line in message.text.split("\n")
    )


def is_step(message: BotMessage) -> bool:
    """A message asking something (new, or the pressed one edited into it): a question, an
    'other' prompt, or the recap."""
    return progress_of(message) is not None or is_recap(message)


def is_question(position: int) -> Callable[[BotMessage], bool]:
    """A message asking question `position`, new or edited into it."""
    return lambda message: progress_of(message) == str(position)


def is_sent(language: str) -> Callable[[BotMessage], bool]:
    """The recap as sent (no button left but "clear", and "share", a link), which the thanks
    end."""
    heading = i18n.text(language, "review_sent")
    return lambda m: (
        m.text.startswith(heading) and all(d.startswith("d|") or not d for d in all_data(m))
    )


def selected_language(message: BotMessage) -> str | None:
    """The language ticked among a message's language buttons (under the intro), if any."""
    for row in message.buttons:
        for button in row:
            data = callback_data(button)
            if data.startswith("l|") and str(button["text"]).startswith("✓"):
                return data.split("|")[1]
    return None


def ticked(message: BotMessage) -> set[str]:
    """The options ticked in a multiple-choice keyboard."""
    return {
        callback_data(b).split("|")[2]
        for row in message.buttons
        for b in row
        if callback_data(b).startswith("t|") and str(b["text"]).startswith(CHECKED)
    }


@dataclass(frozen=True)
class Step:
    """A step message parsed: which question (None at the recap), and whether it is the
    'please specify' prompt of an 'other' option."""

    message: BotMessage
    question_id: str | None
    other: bool = False
    position: int = 0

    @property
    def recap(self) -> bool:
        return self.question_id is None


def parse_step(message: BotMessage, questionnaire: Questionnaire) -> Step:
    """Tell what a step message asks, from its progress line and its buttons."""
    data = all_data(message)
    if "S" in data:
        return Step(message, None)
    ids = {d.split("|")[1] for d in data if d[:2] in ("a|", "t|", "c|", "s|", "b|")}
    assert len(ids) == 1, f"cannot tell the question of {message!r}"
    (question_id,) = ids
    shown = progress_of(message)
    assert shown is not None, f"no progress line in {message!r}"
    position = shown
    question = questionnaire.question(question_id)
    other = isinstance(question, SingleChoice | MultipleChoice) and all(
        d.startswith("b|") for d in data
    )
    return Step(message, question_id, other, int(position))


def condition_sources(questionnaire: Questionnaire) -> frozenset[str]:
    """Questions that other questions' `when` look at."""
    found: set[str] = set()

    def walk(condition: Condition) -> None:
        if isinstance(condition, AllOf):
            for sub in condition.all:
                walk(sub)
        elif isinstance(condition, AnyOf):
            for sub in condition.any:
                walk(sub)
        else:
            found.add(condition.question)

    for question in questionnaire.questions:
        if question.when is not None:
            walk(question.when)
    return frozenset(found)


# -- choosing answers --------------------------------------------------------------------

Chooser = Callable[[Question, "Agent"], Answer]


def default_answer(question: Question) -> Answer:
    """A plain answer: skip if optional, else the first option, the lowest value, 'yes'."""
    if question.optional:
        return Answer(None)
    if isinstance(question, SingleChoice | MultipleChoice):
        first = question.options[0].id
        return Answer((first,) if isinstance(question, MultipleChoice) else first)
    if isinstance(question, YesNo):
        return Answer(True)
    if isinstance(question, Scale | Number):
        return Answer(question.min if question.min is not None else 0)
    return Answer("sans commentaire")


def alone_if_exclusive(question: MultipleChoice, picked: set[str]) -> set[str]:
    """A pick a person can make: an exclusive option goes alone, so a larger pick drops it."""
    exclusive = {o.id for o in question.options if o.exclusive}
    if len(picked) < 2 or not picked & exclusive:
        return picked
    rest = picked - exclusive
    return rest if len(rest) >= max(question.min, 1) else {min(picked & exclusive)}


def planned(plan: Mapping[str, Answer | Any] | None = None) -> Chooser:
    """Answer as planned (a value or an Answer per question id), else `default_answer`."""
    wanted = {k: v if isinstance(v, Answer) else Answer(v) for k, v in (plan or {}).items()}
    return lambda question, agent: wanted.get(question.id) or default_answer(question)


def random_answer(question: Question, agent: Agent) -> Answer:
    """A random valid answer (optional questions are skipped about one time in three)."""
    rng = agent.rng
    if question.optional and rng.random() < 0.3:
        return Answer(None)
    if isinstance(question, SingleChoice):
        option = rng.choice(question.options)
        other = f"précision de l'agent {agent.user.id}" if option.other else None
        return Answer(option.id, other)
    if isinstance(question, MultipleChoice):
        count = rng.randint(max(question.min, 1), question.max_selected)
        picked = alone_if_exclusive(
            question, set(rng.sample([o.id for o in question.options], count))
        )
        return Answer(tuple(o.id for o in question.options if o.id in picked))
    if isinstance(question, YesNo):
        return Answer(rng.random() < 0.5)
    if isinstance(question, Scale):
        return Answer(rng.choice(question.points))  # the same draw as randint over a step of 1
    if isinstance(question, Number):
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 100
        return Answer(rng.randint(low, high))
    assert isinstance(question, FreeText)
    words = ["file d'attente", "logiciel", "formation", "stress", "collègues", "pauses"]
    return Answer(
        f"Agent {agent.user.id}: {' '.join(rng.sample(words, 3))} #{rng.randint(1, 999)}"
    )


# -- the agent ---------------------------------------------------------------------------


@dataclass
class Agent:
    """A respondent who answers through the bot and remembers what it answered."""

    user: FakeUser
    questionnaire: Questionnaire
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    back_chance: float = 0.0
    max_backs: int = 2
    invalid_chance: float = 0.0
    timeout: float = STEP_TIMEOUT
    language: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    """What the agent answered last to each question it was asked."""
    clicks: int = 0
    backs: int = 0

    async def click(self, data: str, message: BotMessage | int | None = None) -> None:
        """Press the button carrying `data`."""
        await self.user.click(data_is(data), message)
        self.clicks += 1

    async def next_step(self) -> Step:
        """Wait for the next question, 'other' prompt or recap."""
        message = await self.user.wait_for_message(is_step, timeout=self.timeout)
        return parse_step(message, self.questionnaire)

    async def start(self, language: str | None = None) -> Step:
        """/start, choose a language (`language`, else the survey's first) on the first screen
        or switch the intro's; the first question comes under the intro."""
        await self.user.send_command("/start")
        screen = await self.user.wait_for_message(
            lambda m: is_step(m) or any(d.startswith("l|") for d in all_data(m)),
            timeout=self.timeout,
        )
        shown = selected_language(screen) if is_step(screen) else None
        if shown is None and is_step(screen):
            shown = self.questionnaire.languages[0]  # a survey in one language
        if shown is None:
            language = language or self.questionnaire.languages[0]
        if language is not None and language != shown:
            await self.click(f"l|{language}", screen)
            screen = await self.user.wait_for_message(
                lambda m: m.edited and is_step(m) and selected_language(m) == language,
                timeout=self.timeout,
            )
        self.language = language or shown or ""
        return parse_step(screen, self.questionnaire)

    async def run(
        self, choose: Chooser = random_answer, *, language: str | None = None, submit: bool = True
    ) -> Step:
        """Start, answer every question, check the recap and submit (unless told not to)."""
        step = await self.start(language)
        return await self.answer_until(None, choose, step, submit=submit)

    async def answer_until(
        self,
        question_id: str | None,
        choose: Chooser = random_answer,
        step: Step | None = None,
        *,
        submit: bool = False,
    ) -> Step:
        """Answer until `question_id` is asked (None: until the recap, then submit if told);
        return that step."""
        step = step or await self.next_step()
        while True:
            if step.question_id == question_id and not step.other and not step.recap:
                return step
            if self.backs < self.max_backs and self.rng.random() < self.back_chance:
                step = await self.back(step)
                continue
            if step.recap:
                self.check_recap(step)
                if submit:
                    await self.submit(step)
                return step
            assert step.question_id is not None
            question = self.questionnaire.question(step.question_id)
            if step.other:
                other = self.answers[question.id].other
                assert other, f"asked to specify {question.id} without choosing 'other'"
                await self.user.send_text(other)
            else:
                await self.give(step, question, self.choice(question, choose))
            step = await self.next_step()

    def choice(self, question: Question, choose: Chooser) -> Answer:
        """What to answer; a question that others depend on keeps its first answer, so that
        going back never makes the bot drop answers behind the agent's back."""
        earlier = self.answers.get(question.id)
        if earlier is not None and question.id in condition_sources(self.questionnaire):
            return earlier
        return choose(question, self)

    async def give(self, step: Step, question: Question, answer: Answer) -> None:
        """Answer `question` through the bot's buttons or by typing."""
        qid, value = question.id, answer.value
        self.answers[qid] = answer
        if value is None:
            await self.click(f"s|{qid}", step.message)
        elif isinstance(question, MultipleChoice):
            assert isinstance(value, tuple)
            message = await self.tick(step.message, set(value))
            await self.click(f"c|{qid}", message)
        elif isinstance(question, SingleChoice | Scale):
            await self.click(f"a|{qid}|{value}", step.message)
        elif isinstance(question, YesNo):
            await self.click(f"a|{qid}|{'yes' if value else 'no'}", step.message)
        else:
            if isinstance(question, Number) and self.rng.random() < self.invalid_chance:
                await self.user.send_text("beaucoup")
                await self.user.wait_for_message(
                    lambda m: not m.edited and not is_step(m), timeout=self.timeout
                )
            await self.user.send_text(str(value))

    async def tick(self, message: BotMessage, wanted: set[str]) -> BotMessage:
        """Tick exactly `wanted` (unticking first, so that the maximum is never exceeded)."""
        current = ticked(message)
        qid = parse_step(message, self.questionnaire).question_id
        message_id = message.message_id
        for option in sorted(current - wanted) + sorted(wanted - current):
            await self.click(f"t|{qid}|{option}", message_id)
            message = await self.user.wait_for_message(
                lambda m: m.edited and m.message_id == message_id, timeout=self.timeout
            )
        assert ticked(message) == wanted
        return message

    async def back(self, step: Step) -> Step:
        """Go back, with the button or with /back, and return the question shown again."""
        self.backs += 1
        if step.position == 1 and not step.other:
            return step  # nothing before the first question
        if self.rng.random() < 0.5:
            await self.user.send_command("/back")
        else:
            await self.click(f"b|{step.question_id or ''}", step.message)
        return await self.next_step()

    def check_recap(self, step: Step) -> None:
        """The recap lists one answer per question the agent answered."""
        listed = [line for line in step.message.text.split("\n") if line.startswith("• ")]
        assert len(listed) == len(self.answers), (step.message.text, self.answers)

    async def submit(self, step: Step) -> None:
        """Press Submit; wait for the notice, and the recap as sent with the survey's thanks."""
        await self.click("S", step.message)
        notice = await self.user.wait_for_callback_answer(timeout=self.timeout)
        assert notice.text == i18n.text(self.language, "submitted")
        sent = await self.user.wait_for_message(is_sent(self.language), timeout=self.timeout)
        thanks = self.questionnaire.text(self.questionnaire.thanks, self.language)
        assert thanks.split("{deadline}")[0] in sent.text, sent

    def response(self, day: str, minutes: int) -> SubmittedResponse:
        """What this agent expects the store to hold for it."""
        return SubmittedResponse(self.language, day, minutes, dict(self.answers))


# -- reading the database directly -------------------------------------------------------


def stored(database: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    """Run a query on the bot's SQLite file through a separate read-only connection."""
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        return db.execute(sql, params).fetchall()


def answer_rows(database: Path) -> int:
    """How many answer rows the database holds."""
    return int(stored(database, "SELECT count(*) FROM answers")[0][0])
