"""Clearing a conversation: the range of messages in `deleteMessages` calls of 100 ids."""

from __future__ import annotations

import functools
from typing import cast

from telegram import Bot

from bot.telegram.outbox import Outbox
from bot.telegram.sending import Sender


class Posted:
    """An outbox that keeps what is posted to it, unsent."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, functools.partial[object]]] = []

    def post(self, chat_id: int, send: functools.partial[object]) -> None:
        self.calls.append((chat_id, send))


def test_a_range_goes_in_calls_of_a_hundred_ids() -> None:
    bot, outbox = Bot("1:x"), Posted()
    Sender(bot, cast(Outbox, outbox)).delete_range(7, 5, 254)
    assert [chat for chat, _ in outbox.calls] == [7, 7, 7]
    assert all(send.func == bot.delete_messages for _, send in outbox.calls)
    ids = [send.args[1] for _, send in outbox.calls]
    assert [len(chunk) for chunk in ids] == [100, 100, 50]
    assert [i for chunk in ids for i in chunk] == list(range(5, 255))
