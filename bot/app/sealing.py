"""Raw exports for the data owner: who may receive them in Telegram, and the age encryption
that makes Telegram's cloud and the owner's devices hold only ciphertext.

A raw export holds one row per person. The data owner reads it with `survey-bot export` on the
server; in Telegram, only the owners named in the config receive it, and only encrypted to the
age public key they named (`age-keygen` makes the pair; the private key never reaches the bot).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyrage

AGE_SUFFIX = ".age"
"""The file name suffix of an age-encrypted file, as `age` and `rage` expect it."""


def check_recipient(value: str) -> str:
    """Return `value` if it is an age public key ("age1..."); raise ValueError otherwise.

    The message never repeats the value: it may be a private key pasted by mistake.
    """
    if value.strip().upper().startswith("AGE-SECRET-KEY-"):
        raise ValueError(
            "this is an age private key: never give it to the bot (delete it from this file); "
            "give its public key, 'age1...', which `age-keygen -y key.txt` prints"
        )
    try:
        pyrage.x25519.Recipient.from_str(value.strip())
    except pyrage.RecipientError:
        raise ValueError(
            "not an age public key: give the line 'public key: age1...' that "
            "`age-keygen -o key.txt` prints (never the AGE-SECRET-KEY line)"
        ) from None
    return value.strip()


@dataclass(frozen=True)
class RawExports:
    """The owners who may receive the single responses in Telegram, and their age key."""

    owners: frozenset[int]
    recipient: str
    """An age X25519 public key ("age1..."), checked by the settings."""

    @classmethod
    def configured(cls, owners: Iterable[int], recipient: str | None) -> RawExports | None:
        """The raw exports the config allows; None when it names no owner."""
        owners = frozenset(owners)
        if not owners or recipient is None:
            return None
        return cls(owners, check_recipient(recipient))

    def allowed(self, user_id: int) -> bool:
        """Whether this user is one of the owners."""
        return user_id in self.owners

    def seal(self, content: bytes) -> bytes:
        """Encrypt `content` to the owners' public key (the age file format)."""
        recipient = pyrage.x25519.Recipient.from_str(self.recipient)
        sealed: bytes = pyrage.encrypt(content, [recipient])
        return sealed
