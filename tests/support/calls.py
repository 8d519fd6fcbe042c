"""Reading the Bot API calls the fake recorded: which count against Telegram's limit, and
whether an edit changed anything."""

from __future__ import annotations

from fakebotapi import ApiCall, BotMessage, FakeBotAPI, FakeUser

RATE_LIMITED = frozenset(
    {"sendMessage", "editMessageText", "editMessageReplyMarkup", "editMessageCaption"}
)
"""The calls Telegram counts against a bot's 30 messages a second."""
EDITS = frozenset(m for m in RATE_LIMITED if m.startswith("edit"))


def _chat(call: ApiCall) -> int | None:
    chat = call.params.get("chat_id")
    try:
        return int(str(chat))
    except ValueError:
        return None


def limited_calls(api: FakeBotAPI, user: FakeUser, since: int = 0) -> list[ApiCall]:
    """The rate-limited calls made to the user's chat, from call number `since` on."""
    return [
        call
        for call in api.calls[since:]
        if call.method in RATE_LIMITED and _chat(call) == user.chat_id
    ]


def sends(calls: list[ApiCall]) -> int:
    """How many of these calls sent a new message."""
    return sum(call.method == "sendMessage" for call in calls)


def idle_edits(api: FakeBotAPI, user: FakeUser) -> list[str]:
    """Every edit of the user's chat that changed nothing, described.

    Each edit the fake applied is compared with the state of that message before it (its text
    and its buttons); an edit the fake refused (Telegram's "message is not modified") is one
    call more than the edits applied.
    """
    problems: list[str] = []
    before: dict[int, BotMessage] = {}
    applied = 0
    for output in user.outputs:
        earlier = before.get(output.message_id)
        if output.edited:
            applied += 1
            if earlier is not None and (earlier.text, earlier.buttons) == (
                output.text,
                output.buttons,
            ):
                problems.append(f"edit of #{output.message_id} changed nothing: {output!r}")
        before[output.message_id] = output
    edits = sum(call.method in EDITS for call in api.calls if _chat(call) == user.chat_id)
    if edits != applied:
        problems.append(f"{edits} edit calls, {applied} applied: Telegram refused the others")
    return problems
