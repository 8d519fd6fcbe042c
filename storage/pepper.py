"""The secret pepper that turns a Telegram user id into an unlinkable respondent key."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from enum import IntEnum
from pathlib import Path

from storage.files import create_private_file

PEPPER_BYTES = 32
FINGERPRINT_DOMAIN = b"pepper-fingerprint"
"""What the fingerprint is the HMAC of: no user id, so no respondent or admin key."""


class KeyScheme(IntEnum):
    """What a database's respondent keys are the HMAC of; kept in the database."""

    USER = 1
    """The user id alone: databases of the releases before several surveys."""
    SURVEY = 2
    """The survey's id and the user id: a key of one survey matches none of another's."""


class PepperError(Exception):
    """The pepper file cannot be read or created, or the pepper is not the database's."""


class PepperMismatch(PepperError):
    """The database was made with another pepper."""


class Pepper:
    """Keys respondents by HMAC-SHA256(pepper, user id); the pepper never enters the database."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise PepperError("the pepper must be at least 16 bytes")
        self._secret = secret

    def __repr__(self) -> str:
        return "Pepper(****)"

    def respondent_key(
        self, user_id: int, survey_id: str, scheme: KeyScheme = KeyScheme.SURVEY
    ) -> bytes:
        """Return the respondent key of a Telegram user id in a survey.

        `KeyScheme.SURVEY` (new databases): the HMAC of "survey:", the survey id's length and
        the id, then the user id, so that two surveys' keys of one person differ even under
        one pepper, and no survey id and user id can read as another pair. `KeyScheme.USER`
        (earlier releases' databases): the HMAC of the user id alone.
        """
        if scheme is KeyScheme.USER:
            message = str(user_id)
        else:
            message = f"survey:{len(survey_id)}:{survey_id}:{user_id}"
        return hmac.new(self._secret, message.encode(), hashlib.sha256).digest()

    def admin_key(self, user_id: int) -> bytes:
        """Return an admin's key: in a domain of its own, never equal to a respondent key."""
        return hmac.new(self._secret, f"admin:{user_id}".encode(), hashlib.sha256).digest()

    def fingerprint(self) -> bytes:
        """Return what tells this pepper from another, kept in the database.

        An HMAC of a fixed text, which is neither a user id nor "survey:..." (respondent
        keys) nor "admin:" + one (admin keys): it equals no key of the database, and without
        the pepper it checks no guessed user id.
        """
        return hmac.new(self._secret, FINGERPRINT_DOMAIN, hashlib.sha256).digest()

    @classmethod
    def from_hex(cls, value: str) -> Pepper:
        """Build a pepper from its hexadecimal form (as given in a config file)."""
        try:
            return cls(bytes.fromhex(value.strip()))
        except ValueError:
            raise PepperError("the pepper is not hexadecimal text") from None

    @classmethod
    def load(cls, path: Path) -> Pepper:
        """Read the pepper file."""
        try:
            return cls.from_hex(path.read_text(encoding="ascii"))
        except (OSError, UnicodeDecodeError) as error:
            raise PepperError(f"cannot read the pepper file {path}: {error}") from None

    @classmethod
    def create(cls, path: Path) -> Pepper:
        """Create a new random pepper file, readable by its owner only (0600, its folder 0700)."""
        secret = secrets.token_bytes(PEPPER_BYTES)
        try:
            fd = create_private_file(path)
        except OSError as error:
            raise PepperError(f"cannot create the pepper file {path}: {error}") from None
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(secret.hex() + "\n")
        return cls(secret)
