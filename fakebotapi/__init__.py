"""A fake Telegram Bot API server with simulated users, for end-to-end bot tests."""

from .faults import Fault, FaultKind, FaultPlan
from .models import ApiCall, ApiError, BotMessage, CallbackAnswer, StoredFile, UploadedFile
from .server import DEFAULT_TOKEN, FakeBotAPI
from .users import FakeGroup, FakeUser, MessageMatch, NoMessageError

__all__ = [
    "DEFAULT_TOKEN",
    "ApiCall",
    "ApiError",
    "BotMessage",
    "CallbackAnswer",
    "FakeBotAPI",
    "FakeGroup",
    "FakeUser",
    "Fault",
    "FaultKind",
    "FaultPlan",
    "MessageMatch",
    "NoMessageError",
    "StoredFile",
    "UploadedFile",
]
