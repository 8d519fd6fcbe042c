"""A fake Telegram Bot API server with simulated users, for end-to-end bot tests."""

from .faults import Fault, FaultKind, FaultPlan
from .models import ApiCall, ApiError, BotMessage, CallbackAnswer, StoredFile, UploadedFile
from .ratelimit import STARS_PER_PAID_MESSAGE, FloodLimits
from .server import DEFAULT_TOKEN, FakeBotAPI
from .users import FakeGroup, FakeUser, MessageMatch, NoMessageError

__all__ = [
    "DEFAULT_TOKEN",
    "STARS_PER_PAID_MESSAGE",
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
    "FloodLimits",
    "MessageMatch",
    "NoMessageError",
    "StoredFile",
    "UploadedFile",
]
