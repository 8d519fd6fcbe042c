"""Tests of the fake Bot API server, driven by a real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import sys
from collections.abc import AsyncIterator

import pytest
from aiohttp import ClientSession
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    InputMediaPhoto,
    MenuButtonCommands,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)
from telegram.request import HTTPXRequest

from fakebotapi import FakeBotAPI, FaultKind, NoMessageError
from fakebotapi.ratelimit import FloodLimits
from tests.support.paths import REPO


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in pairs]])


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 warns (an error here) when reading int durations such as RetryAfter.retry_after.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as client:
        yield client


async def updates(bot: Bot, **kwargs: object) -> tuple[Update, ...]:
    return await bot.get_updates(**kwargs)  # type: ignore[arg-type]


# --- basics ------------------------------------------------------------------------------


async def test_get_me_and_raw_response_shape(api: FakeBotAPI, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456789, "fake_survey_bot", True)
    async with ClientSession() as session:
        async with session.post(f"{api.base_url}{api.token}/getMe") as response:
            assert response.status == 200
            body = await response.json()
        assert body["ok"] is True
        assert body["result"]["id"] == me.id
        async with session.post(f"{api.base_url}{api.token}/noSuchMethod") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
        async with session.get(f"{api.base_url}1:wrong/getMe") as response:
            assert response.status == 401
            assert (await response.json())["description"] == "Unauthorized"
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")


async def test_wrong_token_is_invalid_token(api: FakeBotAPI) -> None:
    requests = HTTPXRequest(), HTTPXRequest()
    bad = Bot(
        "42:nope", base_url=api.base_url, request=requests[0], get_updates_request=requests[1]
    )
    try:
        with pytest.raises(InvalidToken, match="rejected by the server"):
            await bad.initialize()
    finally:
        for request in requests:
            await request.shutdown()


async def test_send_message_result_and_call_log(api: FakeBotAPI, bot: Bot) -> None:
    alice, bob = api.user(1001, "Alice"), api.user(1002, "Bob", username="bob")
    await alice.send_text("hi")  # user messages share the chat's message_id counter
    first = await bot.send_message(alice.id, "Question 1", reply_markup=keyboard(("Yes", "y")))
    second = await bot.send_message(alice.id, "Question 2")
    other = await bot.send_message(bob.id, "Hello Bob")
    assert (first.message_id, second.message_id, other.message_id) == (2, 3, 1)
    assert first.chat.type == "private"
    assert first.chat.first_name == "Alice"
    assert first.from_user is not None
    assert first.from_user.id == bot.id
    assert first.reply_markup == keyboard(("Yes", "y"))
    assert other.chat.username == "bob"
    assert [m.text for m in alice.messages] == ["Question 1", "Question 2"]
    assert alice.last_message is not None
    assert alice.last_message.message_id == 3
    method, params = api.calls[-3]
    assert method == "sendMessage"
    assert params["chat_id"] == 1001
    assert params["reply_markup"] == {"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]}
    assert len(api.calls_to("sendMessage")) == 3


async def test_send_errors(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(7)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "nobody")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(user.id, "x" * 4097)
    await bot.send_message(user.id, "x" * 4096)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(user.id, " ")
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(user.id, "q", reply_markup=keyboard(("long", "d" * 65)))
    await user.block_bot()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(user.id, "still there?")
    (update,) = [Update.de_json(u, bot) for u in api.pending_updates()]
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"


async def test_parse_modes(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(5)
    html = await bot.send_message(user.id, "<b>Q1</b> &amp; <i>x</i>", parse_mode=ParseMode.HTML)
    assert html.text == "Q1 & x"
    assert [(e.type, e.offset, e.length) for e in html.entities] == [
        ("bold", 0, 2),
        ("italic", 5, 1),
    ]
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(user.id, "<b>open", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="unsupported start tag"):
        await bot.send_message(user.id, "<div>x</div>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"character '\.' is reserved"):
        await bot.send_message(user.id, "Step 1.", parse_mode=ParseMode.MARKDOWN_V2)
    md = await bot.send_message(user.id, r"*Step* 1\. [go](https://x.y)", parse_mode="MarkdownV2")
    assert md.text == "Step 1. go"
    assert [(e.type, e.offset, e.length) for e in md.entities] == [
        ("bold", 0, 4),
        ("text_link", 8, 2),
    ]


# --- getUpdates ----------------------------------------------------------------------------


async def test_get_updates_offset_semantics_and_redelivery(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(42, "Zoe", language_code="fr")
    for text in ("/start", "one", "two"):
        await user.send_text(text)
    batch = await updates(bot)
    assert [u.message.text for u in batch if u.message] == ["/start", "one", "two"]
    start = batch[0].message
    assert start is not None
    assert start.from_user is not None
    assert start.from_user.language_code == "fr"
    assert start.chat.id == 42
    assert [(e.type, e.length) for e in start.entities] == [("bot_command", 6)]
    assert [u.update_id for u in await updates(bot)] == [u.update_id for u in batch]
    assert len(await updates(bot, limit=1)) == 1
    rest = await updates(bot, offset=batch[1].update_id)
    assert [u.update_id for u in rest] == [u.update_id for u in batch[1:]]
    assert [u.update_id for u in await updates(bot)] == [u.update_id for u in batch[1:]]
    assert await updates(bot, offset=batch[-1].update_id + 1) == ()
    assert api.pending_updates() == []
    await api.wait_until_confirmed(timeout=1)


async def test_negative_offset_keeps_only_the_last_updates(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(1)
    for text in ("a", "b", "c"):
        await user.send_text(text)
    (last,) = await updates(bot, offset=-1)
    assert last.message is not None
    assert last.message.text == "c"
    assert len(api.pending_updates()) == 1


async def test_long_poll_wakes_up_on_new_update(api: FakeBotAPI, bot: Bot) -> None:
    poll = asyncio.create_task(updates(bot, timeout=10))
    await api.wait_for_call("getUpdates")
    user = api.user(3)
    await user.send_text("wake up")
    (update,) = await asyncio.wait_for(poll, timeout=5)
    assert update.message is not None
    assert update.message.text == "wake up"
    after = updates(bot, offset=update.update_id + 1, timeout=0.1)
    assert await asyncio.wait_for(after, timeout=5) == ()


async def test_concurrent_long_poll_gets_conflict(api: FakeBotAPI, bot: Bot) -> None:
    first = asyncio.create_task(updates(bot, timeout=10))
    await api.wait_for_call("getUpdates")
    async with Bot(api.token, base_url=api.base_url) as second_instance:
        assert await updates(second_instance) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, timeout=5)


async def test_wait_until_confirmed(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(9)
    await user.send_text("x")
    waiter = asyncio.create_task(api.wait_until_confirmed(timeout=5))
    (update,) = await updates(bot)
    assert not waiter.done()
    await updates(bot, offset=update.update_id + 1)
    await asyncio.wait_for(waiter, timeout=5)
    await user.send_text("y")
    with pytest.raises(AssertionError, match="not confirmed"):
        await api.wait_until_confirmed(timeout=0.05)


async def test_webhook_mode(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(11)
    await user.send_text("queued")
    assert await bot.set_webhook("https://example.invalid/hook", secret_token="s3cret")
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count) == ("https://example.invalid/hook", 1)
    with pytest.raises(Conflict, match="webhook is active"):
        await updates(bot)
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert api.pending_updates() == []
    assert await updates(bot) == ()


# --- edits and callback queries ------------------------------------------------------------


async def test_edit_message_text_and_markup(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(77)
    sent = await bot.send_message(user.id, "Q?", reply_markup=keyboard(("A", "a"), ("B", "b")))
    assert (await user.wait_for_message()).text == "Q?"
    edited = await bot.edit_message_text(
        "Q? (answered)", chat_id=user.id, message_id=sent.message_id
    )
    assert isinstance(edited, type(sent))
    assert edited.edit_date is not None
    assert edited.reply_markup is None  # editMessageText without markup drops the keyboard
    seen = await user.wait_for_message(lambda m: m.edited)
    assert seen.text == "Q? (answered)"
    assert seen.message_id == sent.message_id
    assert [m.text for m in user.messages] == ["Q? (answered)"]
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("Q? (answered)", chat_id=user.id, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("nope", chat_id=user.id, message_id=999)
    only_c = keyboard(("C", "c"))
    await bot.edit_message_reply_markup(user.id, sent.message_id, reply_markup=only_c)
    assert (await user.wait_for_message()).button_texts == ["C"]
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(user.id, sent.message_id, reply_markup=only_c)
    assert await bot.delete_message(user.id, sent.message_id)
    assert user.messages == []
    assert user.unread() == []


async def test_delete_messages_deletes_the_chats_own_recent_messages(
    api: FakeBotAPI, bot: Bot
) -> None:
    user = api.user(78, "Dora")
    other = api.user(79, "Eve")
    said = await user.send_text("my answer")
    old = await bot.send_message(user.id, "two days ago")
    asked = await bot.send_message(user.id, "Q?")
    theirs = await bot.send_message(other.id, "not hers")
    user.backdate(old.message_id, 48 * 3600 + 1)
    ids = [said["message"]["message_id"], old.message_id, asked.message_id, 999]
    # Unknown ids and messages older than 48 hours are skipped, not an error.
    assert await bot.delete_messages(user.id, ids)
    assert user.message_ids == [old.message_id]
    assert other.message_ids == [theirs.message_id]  # only the chat named
    with pytest.raises(BadRequest, match="Message can't be deleted"):
        await bot.delete_message(user.id, old.message_id)
    with pytest.raises(BadRequest, match="Too many message identifiers"):
        await bot.delete_messages(user.id, list(range(1, 102)))


async def test_click_and_answer_callback_query(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(500, "Carol")
    await bot.send_message(user.id, "old", reply_markup=keyboard(("Old", "old")))
    sent = await bot.send_message(user.id, "Pick", reply_markup=keyboard(("A", "a"), ("B", "b")))
    clicked = await user.click("B")
    (update,) = await updates(bot)
    query = update.callback_query
    assert query is not None
    assert query.id == clicked["callback_query"]["id"]
    assert query.data == "b"
    assert query.from_user.id == user.id
    assert query.message is not None
    assert query.message.message_id == sent.message_id
    assert await bot.answer_callback_query(query.id, text="Saved", show_alert=True)
    answer = await user.wait_for_callback_answer(clicked, timeout=1)
    assert (answer.text, answer.show_alert) == ("Saved", True)
    assert user.answered_callbacks == [answer]
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query.id)
    await user.click(lambda button: button["callback_data"] == "old", message=1)
    forged = await user.click_data(12345, "admin:delete_everything")
    batch = await updates(bot, offset=update.update_id + 1)
    assert [u.callback_query.data for u in batch if u.callback_query] == [
        "old",
        "admin:delete_everything",
    ]
    assert forged["callback_query"]["message"]["date"] == 0  # inaccessible message
    with pytest.raises(AssertionError, match="no button matching 'Z'"):
        await user.click("Z")


async def test_user_media_and_edits_parse_as_ptb_updates(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(8)
    text = await user.send_text("typo")
    await user.send_sticker()
    await user.send_photo(caption="pic")
    await user.send_voice()
    await user.send_command("start", payload="ref42")
    await user.edit_message(text["message"]["message_id"], "fixed")
    batch = await updates(bot)
    assert batch[1].message is not None
    assert batch[1].message.sticker is not None
    assert batch[2].message is not None
    assert batch[2].message.photo
    assert batch[3].message is not None
    assert batch[3].message.voice is not None
    assert batch[4].message is not None
    assert batch[4].message.text == "/start ref42"
    edited = batch[5].edited_message
    assert edited is not None
    assert edited.text == "fixed"
    assert edited.edit_date is not None


async def test_group_chat(api: FakeBotAPI, bot: Bot) -> None:
    group = api.group(-100123, "Team", supergroup=True)
    dave = api.user(31, "Dave")
    await group.send_command(dave, "/survey@fake_survey_bot")
    (update,) = await updates(bot)
    assert update.effective_chat is not None
    assert update.effective_chat.type == "supergroup"
    assert update.effective_user is not None
    assert update.effective_user.id == dave.id
    await bot.send_message(group.chat_id, "Vote", reply_markup=keyboard(("Yes", "y")))
    assert (await group.wait_for_message("Vote")).chat_id == -100123
    await group.click(dave, "Yes")
    (click,) = await updates(bot, offset=update.update_id + 1)
    assert click.callback_query is not None
    assert click.callback_query.data == "y"
    assert dave.messages == []


async def test_wait_for_message_reports_what_arrived(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(66)
    await bot.send_message(user.id, "Thanks")
    await bot.send_message(user.id, "Question 2")
    assert (await user.wait_for_message("Question")).text == "Question 2"
    await bot.send_message(user.id, "Bye")
    with pytest.raises(NoMessageError, match=r"skipped while waiting: \[<message #3 'Bye'>\]"):
        await user.wait_for_message("Question 3", timeout=0.05)


# --- files and settings --------------------------------------------------------------------


async def test_send_document_and_photo(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(21)
    payload = b"id,answer\n1,yes\n"
    sent = await bot.send_document(
        user.id, document=payload, filename="results.csv", caption="Export"
    )
    assert sent.document is not None
    assert sent.document.file_name == "results.csv"
    assert sent.caption == "Export"
    (stored,) = api.documents(user.id)
    assert (stored.data, stored.filename, stored.caption) == (payload, "results.csv", "Export")
    assert stored.mime_type == "text/csv"
    assert (await user.wait_for_message()).document is not None
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == payload
    again = await bot.send_document(user.id, document=sent.document.file_id)
    assert again.document is not None
    assert again.document.file_id == sent.document.file_id
    photo = await bot.send_photo(user.id, photo=b"\x89PNG fake", caption="Chart")
    assert photo.photo
    assert api.photos(user.id)[0].data == b"\x89PNG fake"
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_document(user.id, document="no-such-file-id")


async def test_send_media_group_is_an_album_of_messages(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(22)
    photos = [
        InputMediaPhoto(f"\x89PNG {n}".encode(), caption=f"Chart {n}", filename=f"{n}.png")
        for n in range(3)
    ]
    sent = await bot.send_media_group(user.id, photos)
    assert [m.caption for m in sent] == ["Chart 0", "Chart 1", "Chart 2"]
    assert len({m.media_group_id for m in sent}) == 1 and sent[0].media_group_id
    assert [p.data for p in api.photos(user.id)] == [f"\x89PNG {n}".encode() for n in range(3)]
    assert len(api.calls_to("sendMediaGroup")) == 1
    documents = [InputMediaDocument(b"a,b\n", filename=f"{n}.csv") for n in range(2)]
    assert all(m.document for m in await bot.send_media_group(user.id, documents))
    with pytest.raises(BadRequest, match="2-10 items"):
        await bot.send_media_group(user.id, photos * 4)
    with pytest.raises(BadRequest, match="mixed"):
        await bot.send_media_group(user.id, [photos[0], documents[0]])


async def test_an_album_counts_a_message_per_item_against_the_limit(api: FakeBotAPI) -> None:
    user = api.user(89)
    api.limits = FloodLimits(30, 0, clock=lambda: 0.0)  # time stands still: no refill
    photos = [InputMediaPhoto(b"\x89PNG", filename=f"{n}.png") for n in range(10)]
    async with Bot(api.token, base_url=api.base_url) as bot:
        for _ in range(3):  # 30 messages: a second's worth
            await bot.send_media_group(user.id, photos)
        with pytest.raises(RetryAfter):
            await bot.send_media_group(user.id, photos[:2])
    assert api.limits.refused == 1


async def test_commands_and_menu_button(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(4)
    commands = [BotCommand("start", "Start"), BotCommand("help", "Help")]
    assert await bot.set_my_commands(commands)
    fr = [BotCommand("start", "Commencer")]
    assert await bot.set_my_commands(
        fr, scope=BotCommandScopeAllPrivateChats(), language_code="fr"
    )
    assert await bot.set_my_commands([("admin", "Admin")], scope=BotCommandScopeChat(user.id))
    assert [c["command"] for c in api.commands()] == ["start", "help"]
    assert api.commands("all_private_chats", "fr") == [
        {"command": "start", "description": "Commencer"}
    ]
    assert api.commands({"type": "chat", "chat_id": user.id})[0]["command"] == "admin"
    assert await bot.get_my_commands() == tuple(commands)
    assert await bot.delete_my_commands()
    assert api.commands() == []
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Bad-Command", "x")])
    assert await bot.set_chat_menu_button(user.id, MenuButtonCommands())
    assert api.menu_button(user.id) == {"type": "commands"}
    assert await bot.get_chat_menu_button(user.id) == MenuButtonCommands()
    assert await bot.log_out()
    assert await bot.close()


# --- fault injection -----------------------------------------------------------------------


async def test_faults_surface_as_ptb_errors(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(2)
    api.inject("sendMessage", FaultKind.TOO_MANY_REQUESTS, retry_after=3)
    api.inject("sendMessage", FaultKind.SERVER_ERROR)
    api.inject("sendMessage", FaultKind.BAD_GATEWAY)
    api.inject("sendMessage", FaultKind.DROP_CONNECTION)
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(user.id, "1")
    assert flood.value.retry_after.total_seconds() == 3  # type: ignore[union-attr]
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(user.id, "2")
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(user.id, "3")
    with pytest.raises(NetworkError):
        await bot.send_message(user.id, "4")
    assert user.messages == []
    assert (await bot.send_message(user.id, "5")).text == "5"
    assert api.faults_injected == 4
    assert api.faults.pending() == 0
    assert [m for m, _ in api.calls].count("sendMessage") == 5


async def test_timeout_fault_and_lost_response(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(2)
    api.inject(None, FaultKind.TIMEOUT, delay=30)  # any method
    with pytest.raises(TimedOut):
        await bot.send_message(user.id, "slow", read_timeout=0.2)
    api.inject("sendMessage", FaultKind.DROP_CONNECTION, process=True)
    with pytest.raises(NetworkError):
        await bot.send_message(user.id, "sent but unacknowledged")
    assert [m.text for m in user.messages] == ["sent but unacknowledged"]
    api.inject("sendMessage", FaultKind.ERROR, count=2, status=403, description="Forbidden: x")
    for _ in range(2):
        with pytest.raises(Forbidden):
            await bot.send_message(user.id, "nope")
    api.set_latency(0.01)
    api.inject("getMe", FaultKind.LATENCY, delay=0.01)
    assert (await bot.get_me()).id == bot.id
    assert api.faults.log[-1] == ("getMe", FaultKind.LATENCY)
    assert api.faults_injected == 5


async def test_get_updates_fault_redelivers(api: FakeBotAPI, bot: Bot) -> None:
    user = api.user(2)
    await user.send_text("important")
    api.inject("getUpdates", FaultKind.SERVER_ERROR)
    with pytest.raises(NetworkError):
        await updates(bot)
    (update,) = await updates(bot)
    assert update.message is not None
    assert update.message.text == "important"


# --- a real PTB Application ----------------------------------------------------------------


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_text("Pick one", reply_markup=keyboard(("A", "a"), ("B", "b")))


async def _pick(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer(f"You picked {query.data}")
    await query.edit_message_text(f"Picked {query.data}")


def build_app(api: FakeBotAPI) -> Application:  # type: ignore[type-arg]
    app = (
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .concurrent_updates(True)
        .connection_pool_size(8)  # httpcore pool bookkeeping is O(n^2): small is faster
        .build()
    )
    app.add_handler(CommandHandler("start", _start))
    app.add_handler(CallbackQueryHandler(_pick))
    return app


async def _conversation(api: FakeBotAPI, user_id: int) -> None:
    user = api.user(user_id)
    await user.send_command("/start")
    question = await user.wait_for_message("Pick one", timeout=10)
    assert question.button_texts == ["A", "B"]
    await user.click("B")
    edited = await user.wait_for_message(lambda m: m.edited, timeout=10)
    assert edited.text == "Picked b"
    assert edited.buttons == []
    answer = await user.wait_for_callback_answer(timeout=10)
    assert answer.text == "You picked b"


@pytest.mark.parametrize("users", [1, 200])
async def test_application_end_to_end(api: FakeBotAPI, users: int) -> None:
    api.limits.set(0, 0)  # this plain application keeps no pace of its own
    app = build_app(api)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=5)
        try:
            await asyncio.gather(*(_conversation(api, 10_000 + i) for i in range(users)))
            await api.wait_until_confirmed()
        finally:
            await app.updater.stop()
            await app.stop()
    assert api.pending_updates() == []
    assert len(api.calls_to("sendMessage")) == users


async def test_application_webhook_mode(api: FakeBotAPI) -> None:
    with socket.socket() as probe:  # PTB's webhook server needs a concrete port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = build_app(api)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="s3cret",
        )
        try:
            assert api.world.webhook.secret_token == "s3cret"
            user = api.user(77)
            await user.send_command("/start")
            assert await api.post_update_to_webhook() == 1
            assert (await user.wait_for_message()).text == "Pick one"
            await user.send_command("/start")
            assert await api.post_update_to_webhook(secret_token="wrong") == 0
            assert len(api.pending_updates()) == 1
        finally:
            await app.updater.stop()
            await app.stop()


def test_the_fake_imports_nothing_of_the_bot() -> None:
    # A fresh interpreter: what importing the fake pulls in, and nothing else loaded before.
    probe = (
        "import sys, fakebotapi; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'bot', 'storage', 'tests'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == "[]"


async def test_the_fake_enforces_30_free_and_1000_paid_messages_a_second(api: FakeBotAPI) -> None:
    user = api.user(88)
    async with Bot(api.token, base_url=api.base_url) as bot:
        sent = await asyncio.gather(
            *(bot.send_message(user.id, f"free {n}") for n in range(40)), return_exceptions=True
        )
        refused = [error for error in sent if isinstance(error, RetryAfter)]
        # A second's worth at once (30, and one more per 33 ms it took), then 429.
        assert 0 < len(refused) <= 10 and api.limits.refused == len(refused)
        assert all(error.retry_after for error in refused)
        paid = await asyncio.gather(
            *(bot.send_message(user.id, f"paid {n}", allow_paid_broadcast=True) for n in range(40))
        )
        assert len(paid) == 40 and api.limits.paid_messages == 40
        assert api.limits.stars == 4.0
        # An edit cannot be paid for: it counts against the free limit, whatever it asks.
        with contextlib.suppress(RetryAfter):
            await bot.edit_message_text(
                "edited",
                chat_id=user.id,
                message_id=paid[0].message_id,
                api_kwargs={"allow_paid_broadcast": True},
            )
        assert api.limits.paid_messages == 40
