"""Telegram handlers for respondents: translate updates into service calls and replies.

One room per concern, composed by `RespondentHandlers`: `commands` (commands, typed answers
and their edits), `buttons` (the callback router and each action), `screens` (rendering and
posting the steps, the first screen, the recap, the thanks) and `places` (what each chat's
step message shows, kept with the session, so that no call is made that changes nothing).

Handlers decide nothing themselves: the service (and its engine) decides, the store persists,
and replies go through the sender (and its outbox) once the effect is committed.

Each reply says whether it moves a survey forward (`advances`): the first step of a survey
just begun, the step after an answer taken, /back, a question picked in the recap, the thanks.
Only those may go as paid broadcasts. A reply to a stranger, a refusal, a notice, a step shown
again (after /start, a sticker, a stale press), a language switch or a cancellation never is:
whoever floods the bot costs no Star.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.app.clock import Clock
from bot.app.respondents import RespondentService
from bot.rendering.privacy import PrivacyTerms
from bot.telegram.respondents.buttons import CLEAR_MOST, Buttons
from bot.telegram.respondents.commands import MAX_TOLD_GROUPS, Commands
from bot.telegram.respondents.places import StepPlaces
from bot.telegram.respondents.screens import (
    REVIEW_ANSWER_LIMIT,
    Screens,
    first_screen_text,
    intro_text,
)
from bot.telegram.sending import Sender

__all__ = [
    "CLEAR_MOST",
    "MAX_TOLD_GROUPS",
    "REVIEW_ANSWER_LIMIT",
    "RespondentHandlers",
    "first_screen_text",
    "intro_text",
]


class RespondentHandlers:
    """The respondents' side of the bot, in private chats: its rooms, wired together."""

    def __init__(
        self,
        service: RespondentService,
        sender: Sender,
        clock: Clock,
        *,
        privacy: PrivacyTerms,
        bot_username: Callable[[], str],
        mark: str = "",
        survey_id: str = "",
    ) -> None:
        self.service = service
        self.places = StepPlaces(service)
        self.screens = Screens(service, sender, clock, self.places, mark)
        self.commands = Commands(
            service,
            sender,
            clock,
            self.screens,
            self.places,
            privacy=privacy,
            bot_username=bot_username,
        )
        self.buttons = Buttons(
            service,
            sender,
            clock,
            self.screens,
            self.places,
            bot_username=bot_username,
            survey_id=survey_id or service.questionnaire.id,
        )
