"""Decoding of Bot API request parameters (query string, form, multipart or JSON body)."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from .models import JSON, ApiError, UploadedFile, bad_request

# Parameters that are plain strings even when they look like JSON (e.g. text="123").
_STRING_KEYS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "secret_token",
        "ip_address",
        "language_code",
        "business_connection_id",
        "message_effect_id",
        "file_id",
        "name",
        "description",
        "short_description",
        "title",
        "action",
        "emoji",
    }
)
_JSON_START = frozenset('{["-0123456789')


def _decode(key: str, raw: str) -> Any:
    """PTB JSON-encodes every non-string parameter; undo that unless the key is textual."""
    if key in _STRING_KEYS or not raw:
        return raw
    if raw[0] in _JSON_START or raw in ("true", "false", "null"):
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


class Params:
    """Decoded parameters of one call, with typed accessors raising Telegram-style errors."""

    __slots__ = ("values",)

    def __init__(self, values: JSON) -> None:
        self.values = values

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def opt_int(self, key: str) -> int | None:
        value = self.values.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise bad_request(f'field "{key}" must be of type Integer')
        try:
            return int(value)
        except ValueError:
            raise bad_request(f'field "{key}" must be of type Integer') from None

    def req_int(self, key: str, missing: str | None = None) -> int:
        value = self.opt_int(key)
        if value is None:
            raise bad_request(missing or f"{key} is empty")
        return value

    def opt_str(self, key: str) -> str | None:
        value = self.values.get(key)
        return None if value is None else str(value)

    def req_str(self, key: str, missing: str | None = None) -> str:
        value = self.opt_str(key)
        if not value:
            raise bad_request(missing or f"{key} is empty")
        return value

    def flag(self, key: str) -> bool:
        value = self.values.get(key)
        return value is True or value == "true" or value == 1

    def opt_json(self, key: str) -> Any:
        """A JSON-valued parameter (object or array), decoded if it arrived as a string."""
        value = self.values.get(key)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {key} JSON object") from None
        return value

    def chat_id(self, required: bool = True) -> int | str | None:
        value = self.values.get("chat_id")
        if value is None or value == "":
            if required:
                raise bad_request("chat_id is empty")
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return str(value)


async def read_params(request: web.Request) -> Params:
    """Collect parameters from the query string and the body of ``request``."""
    values: JSON = {key: _decode(key, raw) for key, raw in request.query.items()}
    if not request.body_exists:
        return Params(values)
    content_type = request.content_type
    if content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise ApiError(400, "Bad Request: can't parse JSON") from None
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: JSON object expected")
        for key, value in body.items():
            values[key] = _decode(key, value) if isinstance(value, str) else value
        return Params(values)
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            with value.file:
                data = value.file.read()
            values[key] = UploadedFile(value.filename, value.content_type, data)
        elif isinstance(value, str):
            values[key] = _decode(key, value)
        else:
            values[key] = UploadedFile(key, "application/octet-stream", bytes(value))
    return Params(values)
