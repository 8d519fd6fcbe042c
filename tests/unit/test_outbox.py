"""The outbox's turns: round-robin across chats, in order within a chat, newcomers after people
under way, paid forms only once the free rate is spent and within their budget, a group's own
limit."""

from __future__ import annotations

import asyncio

import pytest
from telegram.error import BadRequest, RetryAfter

from bot.telegram.budget import PaidBudget
from bot.telegram.outbox import FREE_BURST, GROUP_PER_MINUTE, Outbox
from bot.telegram.pacing import NEWCOMER_WAIT, QueueOrder
from bot.telegram.sending import album_sizes


class Calls:
    """Records the calls the outbox starts, in order, as (chat, label, paid)."""

    def __init__(self) -> None:
        self.made: list[tuple[int, str, bool]] = []
        self.changed = asyncio.Event()

    def send(self, chat_id: int, label: str, *, paid: bool = False):  # type: ignore[no-untyped-def]
        async def call() -> str:
            self.made.append((chat_id, label, paid))
            self.changed.set()
            return label

        return call

    async def until(self, count: int, timeout: float = 10.0) -> None:
        """Wait until `count` calls were made."""
        async with asyncio.timeout(timeout):
            while len(self.made) < count:
                self.changed.clear()
                await self.changed.wait()

    @property
    def labels(self) -> list[str]:
        return [label for _, label, _ in self.made]


async def test_waiting_chats_take_turns_and_each_keeps_its_order() -> None:
    outbox = Outbox(rate=0, max_in_flight=1)
    calls = Calls()
    for label in ("a1", "a2", "a3", "a4"):
        outbox.post(1, calls.send(1, label))
    for label in ("b1", "b2"):
        outbox.post(2, calls.send(2, label))
    outbox.post(3, calls.send(3, "c1"))
    assert await outbox.drain(10)
    assert calls.labels == ["a1", "b1", "c1", "a2", "b2", "a3", "a4"]
    await outbox.close()


async def test_people_under_way_go_before_newcomers_first_screens() -> None:
    release = asyncio.Event()
    calls = Calls()

    async def blocking() -> None:
        await release.wait()

    for order, expected in (
        (QueueOrder.IN_PROGRESS_FIRST, ["next question", "welcome"]),
        (QueueOrder.ROUND_ROBIN, ["welcome", "next question"]),
    ):
        calls.made.clear()
        release.clear()
        outbox = Outbox(rate=0, max_in_flight=1, order=order)
        outbox.post(9, blocking)
        await asyncio.sleep(0)  # the blocking call starts: the others must wait their turn
        outbox.post(1, calls.send(1, "welcome"), first=True)
        outbox.post(2, calls.send(2, "next question"))
        release.set()
        assert await outbox.drain(10)
        assert calls.labels == expected, order
        await outbox.close()


async def test_a_call_told_to_wait_is_retried_before_the_next_of_its_chat() -> None:
    calls = Calls()
    refused = False

    async def refused_once() -> str:
        nonlocal refused
        if not refused:
            refused = True
            raise RetryAfter(0)
        calls.made.append((1, "first", False))
        return "first"

    outbox = Outbox(rate=0)
    outbox.post(1, refused_once)
    outbox.post(1, calls.send(1, "second"))
    assert await outbox.drain(10)
    assert refused
    assert calls.labels == ["first", "second"]
    await outbox.close()


async def test_a_call_that_cannot_be_made_is_given_up_and_its_chat_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A call failing outside Telegram (a text no request can encode, say) once held its
    chat's turn for ever: nothing more was sent to that person, and nothing said why."""
    calls = Calls()

    async def unencodable() -> str:
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    outbox = Outbox(rate=0)
    outbox.post(1, unencodable)
    outbox.post(1, calls.send(1, "next"))
    assert await outbox.drain(10)
    assert calls.labels == ["next"]
    assert outbox.failures == 1
    assert [r.getMessage() for r in caplog.records] == [
        "a call could not be made: UnicodeEncodeError"
    ]
    await outbox.close()


async def test_nothing_is_paid_while_the_free_rate_keeps_up() -> None:
    outbox = Outbox(rate=30, paid_rate=1000)
    calls = Calls()
    for chat in range(FREE_BURST):
        outbox.post(chat, calls.send(chat, "free"), paid=calls.send(chat, "paid", paid=True))
    assert await outbox.drain(10)
    assert calls.labels == ["free"] * FREE_BURST
    assert outbox.paid_messages == 0
    await outbox.close()


async def test_beyond_the_free_rate_messages_go_paid_and_edits_wait_for_free_turns() -> None:
    outbox = Outbox(rate=30, paid_rate=1000)
    calls = Calls()
    messages = 60
    for chat in range(messages):
        outbox.post(chat, calls.send(chat, "free"), paid=calls.send(chat, "paid", paid=True))
    # An edit has no paid form: it waits for a free turn, and gets one before the messages.
    outbox.post(1_000, calls.send(1_000, "edit"), advances=True)
    assert await outbox.drain(30)
    paid = [made for made in calls.made if made[2]]
    assert paid, "nothing went paid"
    assert len(paid) == outbox.paid_messages
    assert outbox.stars == round(len(paid) * 0.1, 1)
    assert calls.labels.count("edit") == 1
    assert len(calls.made) == messages + 1
    await outbox.close()


async def test_within_a_budget_of_n_paid_messages_n_go_paid_and_the_rest_free() -> None:
    budget = PaidBudget(per_hour=1_000, total=7)
    outbox = Outbox(rate=30, paid_rate=1000, budget=budget)
    calls = Calls()
    messages = 60
    for chat in range(messages):
        outbox.post(chat, calls.send(chat, "free"), paid=calls.send(chat, "paid", paid=True))
    assert await outbox.drain(30)
    assert calls.labels.count("paid") == outbox.paid_messages == budget.spent == 7
    assert calls.labels.count("free") == messages - 7
    assert not budget.available()
    await outbox.close()


async def test_a_reply_that_may_not_be_paid_for_takes_no_free_turn_before_the_others() -> None:
    release = asyncio.Event()
    calls = Calls()

    async def blocking() -> None:
        await release.wait()

    outbox = Outbox(rate=0, paid_rate=1000, max_in_flight=1)
    outbox.post(9, blocking)
    await asyncio.sleep(0)  # the blocking call starts: the others must wait their turn
    outbox.post(1, calls.send(1, "next question"), paid=calls.send(1, "paid", paid=True))
    outbox.post(2, calls.send(2, "send /start"))
    outbox.post(3, calls.send(3, "tick"), advances=True)
    release.set()
    assert await outbox.drain(10)
    # The tick cannot be paid for and moves a survey: first. A stranger's reply then takes
    # its turn after the question that was waiting before it.
    assert calls.labels == ["tick", "next question", "send /start"]
    await outbox.close()


async def test_without_paid_broadcasts_nothing_is_paid_however_long_the_queue() -> None:
    outbox = Outbox(rate=30)
    calls = Calls()
    for chat in range(3 * FREE_BURST):
        outbox.post(chat, calls.send(chat, "free"), paid=calls.send(chat, "paid", paid=True))
    assert await outbox.drain(30)
    assert calls.labels == ["free"] * (3 * FREE_BURST)
    assert not outbox.paying
    await outbox.close()


async def test_an_album_counts_a_message_per_photo_against_the_pace() -> None:
    now = [0.0]
    outbox = Outbox(rate=30, clock=lambda: now[0])  # a burst of FREE_BURST, then 30 a second
    calls = Calls()
    outbox.post(1, calls.send(1, "album"), messages=FREE_BURST)
    outbox.post(2, calls.send(2, "message"))
    await calls.until(1)
    assert calls.labels == ["album"] and outbox.queued == 1, "the album spent the burst"
    now[0] += 1 / 30  # a token's worth later
    await calls.until(2)
    assert calls.labels == ["album", "message"]
    await outbox.close()


async def test_an_album_waits_for_as_many_of_a_groups_turns_as_it_has_photos() -> None:
    outbox = Outbox(rate=0)
    calls = Calls()
    group = -100
    outbox.post(group, calls.send(group, "album 1"), messages=10)
    outbox.post(group, calls.send(group, "album 2"), messages=10)
    outbox.post(group, calls.send(group, "album 3"), messages=10)
    outbox.post(7, calls.send(7, "private"))
    await calls.until(3)
    assert set(calls.labels) == {"album 1", "album 2", "private"}
    assert outbox.queued == 1, "20 messages a minute: the third album waits"
    await outbox.close()


async def test_a_group_gets_its_twenty_a_minute_and_holds_up_no_private_chat() -> None:
    outbox = Outbox(rate=0)
    calls = Calls()
    group = -100
    for n in range(GROUP_PER_MINUTE + 5):
        outbox.post(group, calls.send(group, f"group {n}"))
    outbox.post(7, calls.send(7, "private"))
    await calls.until(GROUP_PER_MINUTE + 1)
    assert "private" in calls.labels
    assert sum(chat == group for chat, _, _ in calls.made) == GROUP_PER_MINUTE
    assert outbox.queued == 5
    assert outbox.wait() > 0
    await outbox.close()


async def test_a_refused_paid_broadcast_waits_for_a_free_turn_instead() -> None:
    outbox = Outbox(rate=30, paid_rate=1000)
    calls = Calls()

    async def refused() -> None:
        calls.made.append((0, "refused", True))
        raise BadRequest("Not enough Stars")

    for chat in range(3 * FREE_BURST):
        outbox.post(chat, calls.send(chat, "free"), paid=refused)
    assert await outbox.drain(30)
    assert "refused" in calls.labels
    assert calls.labels.count("free") == 3 * FREE_BURST
    assert outbox.paid_messages == 0
    await outbox.close()


async def test_what_a_call_is_followed_by_is_done_before_the_chats_next_call() -> None:
    outbox = Outbox(rate=0)
    calls = Calls()
    recorded = asyncio.Event()

    async def record(sent: object) -> None:
        calls.made.append((1, f"recorded {sent}", False))
        recorded.set()

    outbox.post(1, calls.send(1, "first"), record)
    outbox.post(1, calls.send(1, "second"))
    assert await outbox.drain(10)
    assert recorded.is_set()
    assert calls.labels == ["first", "recorded first", "second"]
    await outbox.close()


async def test_a_waiting_call_made_obsolete_by_a_later_one_is_replaced_in_its_place() -> None:
    started, release = asyncio.Event(), asyncio.Event()
    calls = Calls()

    async def blocking() -> None:
        started.set()
        await release.wait()

    outbox = Outbox(rate=0, max_in_flight=1)
    outbox.post(1, blocking, replaceable="buttons")
    await started.wait()  # once started, a call is made whatever follows
    outbox.post(1, calls.send(1, "tick 1"), supersedes="buttons", replaceable="buttons")
    outbox.post(1, calls.send(1, "tick 2"), supersedes="buttons", replaceable="buttons")
    outbox.post(2, calls.send(2, "other chat"), supersedes="buttons", replaceable="buttons")
    outbox.post(1, calls.send(1, "next question"), supersedes="buttons")
    # The last waiting call is not replaceable: this one waits after it.
    outbox.post(1, calls.send(1, "tick 3"), supersedes="buttons", replaceable="buttons")
    assert outbox.queued == 3
    release.set()
    assert await outbox.drain(10)
    assert calls.labels == ["other chat", "next question", "tick 3"]
    assert outbox.superseded == 2
    await outbox.close()


async def test_a_first_screen_waits_behind_people_under_way_only_so_long() -> None:
    now = [0.0]
    started, release = asyncio.Event(), asyncio.Event()
    calls = Calls()

    async def blocking() -> None:
        started.set()
        await release.wait()

    outbox = Outbox(
        rate=0, max_in_flight=1, order=QueueOrder.IN_PROGRESS_FIRST, clock=lambda: now[0]
    )
    outbox.post(9, blocking)
    await started.wait()
    outbox.post(1, calls.send(1, "welcome"), first=True)
    now[0] += NEWCOMER_WAIT
    outbox.post(2, calls.send(2, "next question"))
    outbox.post(3, calls.send(3, "welcome, later"), first=True)
    release.set()
    assert await outbox.drain(10)
    # The first newcomer has waited long enough; the second has not: people under way first.
    assert calls.labels == ["welcome", "next question", "welcome, later"]
    await outbox.close()


@pytest.mark.parametrize(
    ("photos", "albums"),
    [(0, []), (1, [1]), (9, [9]), (10, [10]), (11, [6, 5]), (13, [7, 6]), (20, [10, 10])],
)
def test_charts_go_in_as_few_even_albums_as_telegram_allows(
    photos: int, albums: list[int]
) -> None:
    assert album_sizes(photos) == albums
