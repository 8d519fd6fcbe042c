"""The fake Bot API HTTP server (aiohttp) and its test-facing facade."""

from __future__ import annotations

import asyncio
import json
from types import TracebackType
from typing import Any, Self

from aiohttp import ClientSession, ClientTimeout, web

from .faults import Fault, FaultKind, FaultPlan
from .methods import METHODS, Handler
from .models import JSON, ApiCall, ApiError, StoredFile
from .params import Params, read_params
from .ratelimit import FloodLimits
from .state import ChatState, UserState, World
from .users import FakeGroup, FakeUser

DEFAULT_TOKEN = "123456789:fake-token-for-end-to-end-tests"

_UNAUTHORIZED = ApiError(401, "Unauthorized")
_NOT_FOUND = ApiError(404, "Not Found")


def _respond(status: int, body: JSON) -> web.Response:
    return web.Response(
        status=status, body=json.dumps(body).encode(), content_type="application/json"
    )


def _error(error: ApiError) -> web.Response:
    return _respond(error.status, error.payload())


def _drop(request: web.Request) -> web.Response:
    """Close the connection without answering (the client sees a protocol error)."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=500)


class FakeBotAPI:
    """A fake ``api.telegram.org`` on 127.0.0.1 for end-to-end tests.

    Point PTB at it with ``.base_url(api.base_url).base_file_url(api.base_file_url)``.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "fake_survey_bot",
        bot_first_name: str = "Survey Bot",
        first_update_id: int = 1,
    ) -> None:
        bot_id, _, secret = token.partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError("token must look like '<digits>:<secret>'")
        bot_user: JSON = {
            "id": int(bot_id),
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.world = World(token, bot_user, first_update_id)
        self.faults = FaultPlan()
        self.limits = FloodLimits()
        """Telegram's 30 free messages a second and 1,000 paid ones (`limits.set` changes them)."""
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        """Bind to a free port on 127.0.0.1 and start serving."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def close(self) -> None:
        """Wake every hanging request and stop the server."""
        self.world.closing.set()
        self.world.updates.arrived.notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def token(self) -> str:
        return self.world.token

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)`` / ``Bot(base_url=...)``."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    @property
    def bot_user(self) -> JSON:
        """The bot's ``User`` JSON (what getMe returns)."""
        return self.world.bot_user

    # --- HTTP ----------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.world.token:
            return _error(_UNAUTHORIZED)
        entry = METHODS.get(request.match_info["method"].lower())
        if entry is None:
            return _error(_NOT_FOUND)
        name, handler = entry
        try:
            params = await read_params(request)
        except ApiError as error:
            return _error(error)
        self.world.calls.append(ApiCall(name, params.values))
        self.world.call_signal.notify()
        media = params.get("media") if name == "sendMediaGroup" else None
        messages = len(media) if isinstance(media, list) and media else 1
        retry_after = self.limits.check(name, params.flag("allow_paid_broadcast"), messages)
        if self.faults.latency > 0:
            await self.world.pause(self.faults.latency)
        if retry_after is not None:
            description = f"Too Many Requests: retry after {retry_after}"
            return _error(ApiError(429, description, {"retry_after": retry_after}))
        fault = self.faults.take(name)
        if fault is not None:
            return await self._apply_fault(request, fault, handler, params)
        return await self._invoke(handler, params)

    async def _invoke(self, handler: Handler, params: Params) -> web.Response:
        try:
            result = await handler(self.world, params)
        except ApiError as error:
            return _error(error)
        return _respond(200, {"ok": True, "result": result})

    async def _apply_fault(
        self, request: web.Request, fault: Fault, handler: Handler, params: Params
    ) -> web.Response:
        kind = fault.kind
        if kind is FaultKind.LATENCY:
            await self.world.pause(fault.delay)
            return await self._invoke(handler, params)
        if kind is FaultKind.TOO_MANY_REQUESTS:
            description = f"Too Many Requests: retry after {fault.retry_after}"
            parameters = {"retry_after": fault.retry_after}
            return _error(ApiError(429, description, parameters))
        if kind in (FaultKind.SERVER_ERROR, FaultKind.BAD_GATEWAY, FaultKind.ERROR):
            default = 502 if kind is FaultKind.BAD_GATEWAY else 500
            status = fault.status or default
            reason = {500: "Internal Server Error", 502: "Bad Gateway"}.get(status, "Error")
            return _error(ApiError(status, fault.description or reason))
        if kind is FaultKind.TIMEOUT:
            await self.world.pause(fault.delay)
        if fault.process:
            await self._invoke(handler, params)
        return _drop(request)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        stored = self.world.file_paths.get(request.match_info["path"])
        if request.match_info["token"] != self.world.token or stored is None:
            return _error(_NOT_FOUND)
        return web.Response(body=stored.data, content_type=stored.mime_type)

    # --- simulated users and chats -------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> FakeUser:
        """The simulated user ``user_id`` (created on first call, then reused)."""
        world = self.world
        state = world.users.get(user_id)
        if state is None:
            user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
            chat: JSON = {"id": user_id, "type": "private", "first_name": first_name}
            for key, value in (("last_name", last_name), ("username", username)):
                if value is not None:
                    user[key] = chat[key] = value
            if language_code is not None:
                user["language_code"] = language_code
            state = world.users[user_id] = UserState(user)
            world.chats[user_id] = ChatState(chat, instance=str(user_id * 7919 + 1))
        return FakeUser(world, state, world.chats[user_id])

    def group(
        self, chat_id: int, title: str = "Test group", *, supergroup: bool = False
    ) -> FakeGroup:
        """A group chat (negative ``chat_id``) that contains the bot."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        chat = self.world.chats.get(chat_id)
        if chat is None:
            kind = "supergroup" if supergroup else "group"
            payload: JSON = {"id": chat_id, "type": kind, "title": title}
            chat = self.world.chats[chat_id] = ChatState(payload, instance=str(-chat_id * 31))
        return FakeGroup(self.world, chat)

    async def push_update(self, kind: str, payload: JSON) -> JSON | None:
        """Enqueue any raw update (e.g. ``kind="inline_query"``)."""
        return self.world.updates.push(kind, payload)

    def documents(self, chat_id: int) -> list[StoredFile]:
        """Documents the bot sent to ``chat_id`` (with bytes and filename)."""
        chat = self.world.chats.get(chat_id)
        return list(chat.documents) if chat else []

    def photos(self, chat_id: int) -> list[StoredFile]:
        chat = self.world.chats.get(chat_id)
        return list(chat.photos) if chat else []

    def commands(self, scope: str | JSON = "default", language_code: str = "") -> list[JSON]:
        """Commands set for ``scope`` (a scope type such as ``"all_private_chats"`` or dict)."""
        scope_dict = {"type": scope} if isinstance(scope, str) else scope
        return list(
            self.world.commands.get((json.dumps(scope_dict, sort_keys=True), language_code), [])
        )

    def menu_button(self, chat_id: int | None = None) -> JSON | None:
        return self.world.menu_buttons.get(chat_id)

    # --- observation ---------------------------------------------------------------------

    @property
    def calls(self) -> list[ApiCall]:
        """Every API call received, in order: ``(method, params)``."""
        return self.world.calls

    def calls_to(self, method: str) -> list[JSON]:
        """Parameters of every call of ``method``."""
        return [call.params for call in self.world.calls if call.method == method]

    async def wait_for_call(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,
    ) -> ApiCall:
        """Wait until ``method`` has been called ``count`` times in total; return that call."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            matching = [call for call in self.world.calls if call.method == method]
            if len(matching) >= count:
                return matching[count - 1]
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    f"{method} called {len(matching)} times, expected {count} within {timeout}s"
                )
            await self.world.call_signal.wait(remaining)

    def pending_updates(self) -> list[JSON]:
        """Updates enqueued but not yet confirmed by a getUpdates offset."""
        return self.world.updates.peek(len(self.world.updates))

    async def wait_until_confirmed(self, timeout: float = 5.0) -> None:
        """Wait until the bot has confirmed (fetched past) every enqueued update.

        Confirmation happens on the *next* getUpdates, i.e. updates were handed to the bot;
        it does not prove handlers finished - use ``wait_for_message`` for that.
        """
        queue = self.world.updates
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(queue):
            remaining = deadline - loop.time()
            if remaining <= 0:
                ids = [update["update_id"] for update in self.pending_updates()]
                raise AssertionError(f"updates {ids} not confirmed within {timeout}s")
            await queue.confirmed.wait(remaining)

    # --- fault injection -----------------------------------------------------------------

    def inject(self, method: str | None, kind: FaultKind, count: int = 1, **options: Any) -> Fault:
        """Shortcut for ``api.faults.inject`` (options: delay, retry_after, status, ...)."""
        return self.faults.inject(method, kind, count, **options)

    def set_latency(self, seconds: float) -> None:
        """Delay every call by ``seconds``."""
        self.faults.latency = seconds

    @property
    def faults_injected(self) -> int:
        return self.faults.injected

    # --- webhook mode --------------------------------------------------------------------

    async def post_update_to_webhook(
        self, url: str | None = None, secret_token: str | None = None, request_timeout: float = 5.0
    ) -> int:
        """POST every pending update to the webhook (default: the one set by setWebhook);
        an update is confirmed when the bot answers 2xx. Returns how many were delivered."""
        target = url or self.world.webhook.url
        if not target:
            raise AssertionError("no webhook URL given or set by the bot")
        secret = secret_token if secret_token is not None else self.world.webhook.secret_token
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
        delivered = 0
        async with ClientSession(timeout=ClientTimeout(total=request_timeout)) as session:
            for update in self.pending_updates():
                async with session.post(target, json=update, headers=headers) as response:
                    if response.status // 100 != 2:
                        break
                self.world.updates.confirm(update["update_id"] + 1)
                delivered += 1
        return delivered
