"""A member's run of the shipped survey in French, as the person sees it.

Runs the real bot against the fake Bot API and prints each message the bot sends or edits,
with its buttons: `python -m tests.support.transcript` (from the project's folder). The run
takes the paths a person would: the first screen, two answers, a condition that opens a
question and one that closes another, /back, the recap and its list of questions to change,
the thanks.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from fakebotapi import BotMessage, FakeBotAPI, FakeUser
from tests.support.agents import callback_data
from tests.support.botharness import Clock, make_settings, running_bot
from tests.support.paths import SHIPPED_SURVEY

OPEN = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
DEADLINE = datetime.fromisoformat("2027-06-30T23:59:00+02:00")

Action = tuple[str, str]
RUN: list[Action] = [
    ("command", "/start"),
    ("tap", "a|administration|agpr"),
    ("tap", "a|line|second"),  # closes the first line's question
    ("tap", "a|phone_frequency|daily"),
    ("type", "12"),
    ("tap", "a|training|yes"),  # opens the question on the training
    ("tap", "a|training_use|4"),
    ("command", "/back"),
    ("tap", "a|training_use|5"),
    ("tap", "s|calls_per_day"),
    ("tap", "a|unanswered|often"),
    ("tap", "t|effects|overtime"),  # opens the question on support
    ("tap", "c|effects"),
    ("tap", "a|support|no_effect"),
    ("tap", "a|since_november|worse"),
    ("tap", "a|rating|3"),
    ("tap", "s|comments"),
    ("tap", "e|0"),  # the recap's list of questions to change
    ("tap", "v"),
    ("tap", "S"),
]


def shown(message: BotMessage) -> str:
    """A message as the person sees it: its text, then its buttons."""
    head = f"[{'edited' if message.edited else 'new'} message {message.message_id}]"
    rows = [" ".join(f"[{b['text']}]" for b in row) for row in message.buttons]
    return "\n".join([head, message.text, *rows])


async def act(user: FakeUser, action: Action) -> None:
    """Do one thing as the person."""
    kind, value = action
    if kind == "command":
        command, _, payload = value.partition(" ")
        await user.send_command(command, payload or None)
    elif kind == "type":
        await user.send_text(value)
    else:
        await user.click(lambda button: callback_data(button) == value)


async def transcript(run: list[Action] = RUN) -> list[str]:
    """The person's actions and the bot's messages, each once it came."""
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        async with FakeBotAPI() as api:
            settings = make_settings(Path(folder), api, survey=SHIPPED_SURVEY)
            settings = settings.model_copy(update={"closes_at": DEADLINE})
            async with running_bot(api, settings, Clock(OPEN)):
                user = api.user(7_000, "Anne", language_code="fr")
                for action in run:
                    lines.append(f">>> {action[0]} {action[1]}")
                    await act(user, action)
                    lines.append(shown(await user.wait_for_message()))
    return lines


def main() -> None:
    """Print the transcript."""
    print("\n\n".join(asyncio.run(transcript())))


if __name__ == "__main__":
    main()
