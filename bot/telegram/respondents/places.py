"""Where each chat's current step is shown, as this process knows it and as the database keeps
it: what a restart reads back, and what spares a call that would change nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from telegram import Update

from bot.app.respondents import RespondentService
from bot.core.stores import UNKNOWN_INPUT, StepMessage


class StepPlaces:
    """Per chat: the step message, the person's latest message, where the survey began."""

    def __init__(self, service: RespondentService) -> None:
        self.service = service
        self._places: dict[int, StepMessage] = {}
        """Per chat, where the current step is shown and the person's latest message seen."""
        self._kept: dict[int, StepMessage] = {}
        """Per chat, the same as the database holds it (a restart reads it from there)."""
        self.began: dict[int, int] = {}
        """Per chat, the first message of the survey in progress (the /start, or the first
        screen): in memory only, and carried by the thanks' "clear" button once sent."""

    async def place(self, chat_id: int) -> StepMessage:
        """Where the chat's current step is shown: as this process knows it, else as the
        service keeps it with the session (the tapped message, after a restart)."""
        place = self._places.get(chat_id)
        if place is None:
            place = await self.service.step_message(chat_id) or StepMessage()
            self._places[chat_id] = self._kept[chat_id] = place
        return place

    async def keep(self, chat_id: int, place: StepMessage | None = None) -> None:
        """Record where the step is shown (by default, as this process knows it) with the
        person's session, in memory: after a restart, the message of a tapped button is."""
        place = place or await self.place(chat_id)
        self._places[chat_id] = place
        if self._kept.get(chat_id) == place:
            return
        await self.service.keep_step_message(chat_id, place)
        self._kept[chat_id] = place

    def follow(self, chat_id: int, old: int) -> Callable[[int], Awaitable[None]]:
        """What to do once an edit of the step message `old` went as a paid new message: the
        new one is the step message from then on."""

        async def moved(new: int) -> None:
            place = await self.place(chat_id)
            if place.message_id == old:
                await self.keep(chat_id, replace(place, message_id=new))

        return moved

    def forget(self, chat_id: int) -> None:
        """The session ended (sent, cancelled) or is new: no step of it is shown."""
        self._places[chat_id] = self._kept[chat_id] = StepMessage()

    async def seen(self, update: Update) -> None:
        """Note the person's latest message: an edit of it or of an earlier one may answer
        only the step shown after it. Kept with the next step shown, or by `keep`."""
        message = update.effective_message
        if message is not None and update.message is not None:
            place = await self.place(message.chat.id)
            if place.latest_input == UNKNOWN_INPUT:
                # The first message since a tap found the session after a restart: it comes
                # after all of theirs, and answers the step shown, as later ones may.
                after = min(place.answers_after, message.message_id - 1)
                place = replace(place, answers_after=after, latest_input=message.message_id)
                self._places[message.chat.id] = place
            elif message.message_id > place.latest_input:
                self._places[message.chat.id] = replace(place, latest_input=message.message_id)

    def drop(self, chat_id: int) -> None:
        """Forget what this process knows of the chat: the database is read again."""
        self._places.pop(chat_id, None)
        self._kept.pop(chat_id, None)
