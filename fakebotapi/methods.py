"""Bot API method implementations operating on a :class:`World`."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import mimetypes
import re
from collections.abc import Awaitable, Callable
from typing import Any

from .formatting import parse_text
from .models import JSON, ApiError, CallbackAnswer, StoredFile, UploadedFile, bad_request, now
from .params import Params
from .state import ChatState, World

Handler = Callable[[World, Params], Awaitable[Any]]

#: Lower-cased method name -> (canonical name, implementation). Telegram ignores case.
METHODS: dict[str, tuple[str, Handler]] = {}

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_BUTTON_ACTIONS = frozenset(
    {
        "callback_data",
        "url",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


def method(name: str) -> Callable[[Handler], Handler]:
    """Register ``func`` as the implementation of Bot API method ``name``."""

    def register(func: Handler) -> Handler:
        METHODS[name.lower()] = (name, func)
        return func

    return register


# --- helpers -----------------------------------------------------------------------------


def _formatted(
    p: Params, key: str, entities_key: str, limit: int, *, too_long: str
) -> tuple[str, list[JSON]]:
    raw = p.opt_str(key) or ""
    entities = p.opt_json(entities_key)
    text, parsed = parse_text(raw, p.opt_str("parse_mode"), entities)
    if len(text) > limit:
        raise bad_request(too_long)
    return text, parsed


MAX_KEYBOARD_BUTTONS = 100
"""Telegram refuses an inline keyboard of more buttons."""


def _check_button(button: object) -> None:
    if not isinstance(button, dict) or not button.get("text"):
        raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    if not _BUTTON_ACTIONS.intersection(button):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode()) <= 64:
        raise bad_request("BUTTON_DATA_INVALID")


def _inline_markup(p: Params) -> JSON | None:
    """Validate ``reply_markup``; return it if it is an inline keyboard (the only kind echoed)."""
    markup = p.opt_json("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    for row in rows:
        for button in row:
            _check_button(button)
    if sum(len(row) for row in rows) > MAX_KEYBOARD_BUTTONS:
        raise bad_request("BUTTONS_TOO_MUCH")
    return {"inline_keyboard": rows} if any(rows) else None


def _reply_to(chat: ChatState, p: Params) -> JSON:
    reply = p.opt_json("reply_parameters")
    reply = reply if isinstance(reply, dict) else {}
    message_id = reply.get("message_id")
    message_id = message_id or p.opt_int("reply_to_message_id")
    if not message_id:
        return {}
    target = chat.messages.get(int(message_id))
    if target is not None:
        return {"reply_to_message": {k: v for k, v in target.items() if k != "reply_to_message"}}
    if reply.get("allow_sending_without_reply") or p.flag("allow_sending_without_reply"):
        return {}
    raise bad_request("message to be replied not found")


def _bot_message(
    world: World, chat: ChatState, fields: JSON, message_id: int | None = None
) -> JSON:
    message: JSON = {
        "message_id": message_id or chat.new_message_id(),
        "from": world.bot_user,
        "chat": chat.chat,
        "date": now(),
    }
    message.update(fields)
    return message


def _edit_target(world: World, p: Params) -> tuple[ChatState, JSON]:
    if p.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat = world.chat_for_send(p.chat_id())
    message_id = p.req_int("message_id", "message identifier is not specified")
    message = chat.messages.get(message_id)
    if message is None:
        raise bad_request("message to edit not found")
    if message.get("from", {}).get("id") != world.bot_id:
        raise bad_request("message can't be edited")
    return chat, message


def _replace(old: JSON, drop: tuple[str, ...], **fields: Any) -> JSON:
    new = {k: v for k, v in old.items() if k not in drop}
    new.update({k: v for k, v in fields.items() if v})
    new["edit_date"] = now()
    return new


# --- updates and webhooks ----------------------------------------------------------------


@method("getMe")
async def get_me(world: World, p: Params) -> Any:
    return world.bot_user


@method("getUpdates")
async def get_updates(world: World, p: Params) -> Any:
    if world.webhook.url:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    queue = world.updates
    queue.poll_generation += 1
    generation = queue.poll_generation
    queue.arrived.notify()  # an older long poll gets 409, as on Telegram
    allowed = p.opt_json("allowed_updates")
    if isinstance(allowed, list):
        queue.allowed = frozenset(allowed) if allowed else None
    offset = p.opt_int("offset")
    if offset:
        queue.confirm(offset)
    limit = min(max(p.opt_int("limit") or 100, 1), 100)
    try:
        timeout = min(max(float(p.get("timeout") or 0), 0.0), 50.0)
    except (TypeError, ValueError):
        raise bad_request('field "timeout" must be of type Integer') from None
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        if queue.poll_generation != generation:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
            )
        batch = queue.peek(limit)
        remaining = deadline - loop.time()
        if batch or remaining <= 0 or world.closing.is_set():
            return batch
        await queue.arrived.wait(remaining)


@method("setWebhook")
async def set_webhook(world: World, p: Params) -> Any:
    hook = world.webhook
    hook.url = p.opt_str("url") or ""
    hook.secret_token = p.opt_str("secret_token")
    allowed = p.opt_json("allowed_updates")
    hook.allowed_updates = list(allowed) if isinstance(allowed, list) else None
    hook.max_connections = p.opt_int("max_connections") or 40
    if p.flag("drop_pending_updates"):
        world.updates.drop_all()
    return True


@method("deleteWebhook")
async def delete_webhook(world: World, p: Params) -> Any:
    world.webhook.url = ""
    world.webhook.secret_token = None
    if p.flag("drop_pending_updates"):
        world.updates.drop_all()
    return True


@method("getWebhookInfo")
async def get_webhook_info(world: World, p: Params) -> Any:
    hook = world.webhook
    info: JSON = {
        "url": hook.url,
        "has_custom_certificate": False,
        "pending_update_count": len(world.updates),
    }
    if hook.url:
        info["max_connections"] = hook.max_connections
        if hook.allowed_updates is not None:
            info["allowed_updates"] = hook.allowed_updates
    return info


@method("logOut")
async def log_out(world: World, p: Params) -> Any:
    return True


@method("close")
async def close(world: World, p: Params) -> Any:
    return True


# --- messages ----------------------------------------------------------------------------


@method("sendMessage")
async def send_message(world: World, p: Params) -> Any:
    chat = world.chat_for_send(p.chat_id())
    text, entities = _formatted(p, "text", "entities", 4096, too_long="message is too long")
    if not text.strip():
        raise bad_request("message text is empty")
    fields: JSON = {"text": text}
    if entities:
        fields["entities"] = entities
    markup = _inline_markup(p)
    if markup:
        fields["reply_markup"] = markup
    fields.update(_reply_to(chat, p))
    message = _bot_message(world, chat, fields)
    chat.record_output(message)
    return message


@method("sendChatAction")
async def send_chat_action(world: World, p: Params) -> Any:
    world.chat_for_send(p.chat_id())
    p.req_str("action", "action is empty")
    return True


@method("editMessageText")
async def edit_message_text(world: World, p: Params) -> Any:
    chat, old = _edit_target(world, p)
    if "text" not in old:
        raise bad_request("there is no text in the message to edit")
    text, entities = _formatted(p, "text", "entities", 4096, too_long="message is too long")
    if not text.strip():
        raise bad_request("message text is empty")
    markup = _inline_markup(p)
    unchanged = text == old["text"] and entities == old.get("entities", [])
    if unchanged and markup == old.get("reply_markup"):
        raise bad_request(NOT_MODIFIED)
    new = _replace(old, ("entities", "reply_markup"), text=text, entities=entities)
    if markup:
        new["reply_markup"] = markup
    chat.record_output(new, edited=True)
    return new


@method("editMessageCaption")
async def edit_message_caption(world: World, p: Params) -> Any:
    chat, old = _edit_target(world, p)
    if "text" in old:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = _formatted(
        p, "caption", "caption_entities", 1024, too_long="message caption is too long"
    )
    markup = _inline_markup(p)
    unchanged = caption == old.get("caption", "") and entities == old.get("caption_entities", [])
    if unchanged and markup == old.get("reply_markup"):
        raise bad_request(NOT_MODIFIED)
    drop = ("caption", "caption_entities", "reply_markup")
    new = _replace(old, drop, caption=caption, caption_entities=entities)
    if markup:
        new["reply_markup"] = markup
    chat.record_output(new, edited=True)
    return new


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(world: World, p: Params) -> Any:
    chat, old = _edit_target(world, p)
    markup = _inline_markup(p)
    if markup == old.get("reply_markup"):
        raise bad_request(NOT_MODIFIED)
    new = _replace(old, ("reply_markup",), reply_markup=markup)
    chat.record_output(new, edited=True)
    return new


DELETE_WINDOW = 48 * 3600
"""Seconds during which a bot may delete a message of a private chat."""
MAX_DELETED_AT_ONCE = 100
"""Message ids per ``deleteMessages`` call at most."""


def _deletable(message: JSON) -> bool:
    """Whether a bot may still delete this message: sent less than 48 hours ago."""
    return now() - int(message.get("date", 0)) < DELETE_WINDOW


@method("deleteMessage")
async def delete_message(world: World, p: Params) -> Any:
    chat = world.chat_for_send(p.chat_id())
    message_id = p.req_int("message_id", "message identifier is not specified")
    message = chat.messages.get(message_id)
    if message is None:
        raise bad_request("message to delete not found")
    if not _deletable(message):
        raise bad_request("message can't be deleted")
    del chat.messages[message_id]
    chat.signal.notify()
    return True


@method("deleteMessages")
async def delete_messages(world: World, p: Params) -> Any:
    """Delete the chat's messages among ``message_ids``; those not found, or older than 48
    hours, are skipped."""
    chat = world.chat_for_send(p.chat_id())
    ids = p.opt_json("message_ids")
    if not isinstance(ids, list) or not ids:
        raise bad_request("message identifiers are not specified")
    if len(ids) > MAX_DELETED_AT_ONCE:
        raise bad_request("too many message identifiers specified")
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise bad_request("can't parse message identifiers")
    for message_id in ids:
        message = chat.messages.get(message_id)
        if message is not None and _deletable(message):
            del chat.messages[message_id]
    chat.signal.notify()
    return True


@method("answerCallbackQuery")
async def answer_callback_query(world: World, p: Params) -> Any:
    query_id = p.req_str("callback_query_id", "QUERY_ID_INVALID")
    query = world.queries.get(query_id)
    if query is None or query.answered:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = p.opt_str("text")
    if text and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answered = True
    user = world.users[query.user_id]
    answer = CallbackAnswer(
        query_id, text, p.flag("show_alert"), p.opt_str("url"), p.opt_int("cache_time")
    )
    user.answers.append(answer)
    user.signal.notify()
    return True


# --- files -------------------------------------------------------------------------------


def _send_file(world: World, p: Params, kind: str, extra: JSON | None = None) -> JSON:
    chat = world.chat_for_send(p.chat_id())
    source = p.get(kind)
    if isinstance(source, UploadedFile):
        if not source.data:
            raise bad_request("file must be non-empty")
        serial = world.next_id()
        mime = source.content_type or mimetypes.guess_type(source.filename)[0] or ""
        template = StoredFile(
            f"{'BQ' if kind == 'document' else 'AgA'}CAgIAAxkBAAI{serial:08d}",
            f"AgAD{serial:06d}",
            source.filename,
            mime or "application/octet-stream",
            source.data,
            chat.id,
            0,
        )
    elif isinstance(source, str) and source in world.files:
        template = world.files[source]
    elif isinstance(source, str) and source.startswith(("http://", "https://")):
        serial = world.next_id()
        name = source.rsplit("/", 1)[-1] or "file"
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        template = StoredFile(f"BQURL{serial:08d}", f"AgADU{serial:06d}", name, mime, b"", 0, 0)
    elif source is None or source == "":
        raise bad_request(f"there is no {kind} in the request")
    else:
        raise bad_request("wrong file identifier/HTTP URL specified")
    caption, entities = _formatted(
        p, "caption", "caption_entities", 1024, too_long="message caption is too long"
    )
    message_id = chat.new_message_id()
    stored = dataclasses.replace(
        template, chat_id=chat.id, message_id=message_id, caption=caption or None
    )
    world.files.setdefault(stored.file_id, stored)
    info: JSON = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
    }
    fields: JSON
    if kind == "document":
        fields = {"document": {"file_name": stored.filename, "mime_type": stored.mime_type}}
        fields["document"].update(info)
        chat.documents.append(stored)
    else:
        fields = {"photo": [{**info, "width": 512, "height": 512}]}
        chat.photos.append(stored)
    if caption:
        fields["caption"] = caption
    if entities:
        fields["caption_entities"] = entities
    markup = _inline_markup(p)
    if markup:
        fields["reply_markup"] = markup
    fields.update(_reply_to(chat, p))
    fields.update(extra or {})
    message = _bot_message(world, chat, fields, message_id)
    chat.record_output(message)
    return message


MEDIA_GROUP_SIZES = range(2, 11)
"""Items an album holds: 2 to 10."""
_GROUPED_KINDS = frozenset({"photo", "document"})
"""The kinds of media the fake groups in albums (Telegram also takes videos and audio)."""


@method("sendMediaGroup")
async def send_media_group(world: World, p: Params) -> Any:
    """An album: 2 to 10 photos, or 2 to 10 documents, each a message of its own sharing a
    `media_group_id`, each with its caption. A file is a file id, a URL, or `attach://NAME`
    naming a part of the multipart request."""
    world.chat_for_send(p.chat_id())
    media = p.opt_json("media")
    if not isinstance(media, list) or not media:
        raise bad_request("media must be non-empty")
    if len(media) not in MEDIA_GROUP_SIZES:
        raise bad_request("wrong number of media items: must include 2-10 items")
    kinds = {item.get("type") if isinstance(item, dict) else None for item in media}
    if not kinds <= _GROUPED_KINDS:
        raise bad_request("unsupported media type in the album")
    if len(kinds) > 1:
        raise bad_request("documents can't be mixed with other media types")
    kind = str(next(iter(kinds)))
    group = f"{world.next_id():016d}"
    sent = []
    for item in media:
        source = item.get("media")
        if isinstance(source, str) and source.startswith("attach://"):
            source = p.get(source.removeprefix("attach://"))
        values: JSON = {"chat_id": p.get("chat_id"), kind: source}
        for key in ("caption", "parse_mode", "caption_entities"):
            if item.get(key) is not None:
                values[key] = item[key]
        sent.append(_send_file(world, Params(values), kind, {"media_group_id": group}))
    return sent


@method("sendDocument")
async def send_document(world: World, p: Params) -> Any:
    return _send_file(world, p, "document")


@method("sendPhoto")
async def send_photo(world: World, p: Params) -> Any:
    return _send_file(world, p, "photo")


@method("getFile")
async def get_file(world: World, p: Params) -> Any:
    stored = world.files.get(p.req_str("file_id", "invalid file_id"))
    if stored is None:
        raise bad_request("invalid file_id")
    suffix = mimetypes.guess_extension(stored.mime_type) or ""
    path = f"documents/file_{stored.file_unique_id}{suffix}"
    world.file_paths[path] = stored
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "file_path": path,
    }


# --- bot settings ------------------------------------------------------------------------


def _scope_key(p: Params) -> tuple[str, str]:
    scope = p.opt_json("scope") or {"type": "default"}
    if not isinstance(scope, dict) or "type" not in scope:
        raise bad_request("can't parse BotCommandScope")
    return json.dumps(scope, sort_keys=True), p.opt_str("language_code") or ""


@method("setMyCommands")
async def set_my_commands(world: World, p: Params) -> Any:
    commands = p.opt_json("commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    cleaned: list[JSON] = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand")
        name, description = str(command.get("command", "")), str(command.get("description", ""))
        if not _COMMAND_RE.fullmatch(name.removeprefix("/")):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": name.removeprefix("/"), "description": description})
    key = _scope_key(p)
    if cleaned:
        world.commands[key] = cleaned
    else:
        world.commands.pop(key, None)
    return True


@method("deleteMyCommands")
async def delete_my_commands(world: World, p: Params) -> Any:
    world.commands.pop(_scope_key(p), None)
    return True


@method("getMyCommands")
async def get_my_commands(world: World, p: Params) -> Any:
    return world.commands.get(_scope_key(p), [])


@method("setChatMenuButton")
async def set_chat_menu_button(world: World, p: Params) -> Any:
    chat_id = p.chat_id(required=False)
    if chat_id is not None:
        chat_id = world.chat_for_send(chat_id).id
    button = p.opt_json("menu_button") or {"type": "default"}
    if not isinstance(button, dict) or "type" not in button:
        raise bad_request("can't parse menu button")
    world.menu_buttons[chat_id] = button
    return True


@method("getChatMenuButton")
async def get_chat_menu_button(world: World, p: Params) -> Any:
    chat_id = p.chat_id(required=False)
    default = world.menu_buttons.get(None, {"type": "commands"})
    return world.menu_buttons.get(chat_id, default) if isinstance(chat_id, int) else default


def _profile_methods(field: str, setter: str, getter: str) -> None:
    async def set_value(world: World, p: Params) -> Any:
        world.profile[field, p.opt_str("language_code") or ""] = p.opt_str(field) or ""
        return True

    async def get_value(world: World, p: Params) -> Any:
        return {field: world.profile.get((field, p.opt_str("language_code") or ""), "")}

    method(setter)(set_value)
    method(getter)(get_value)


_profile_methods("name", "setMyName", "getMyName")
_profile_methods("description", "setMyDescription", "getMyDescription")
_profile_methods("short_description", "setMyShortDescription", "getMyShortDescription")
