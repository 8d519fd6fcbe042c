"""Random orders that belong to one session: the same all through it, even after a restart."""

from __future__ import annotations

import hashlib


def shuffle_key(seed: str, scope: str, item: str) -> bytes:
    """Where `item` goes when the items of `scope` are shuffled for the session of `seed`."""
    return hashlib.sha256(f"{seed}\x1f{scope}\x1f{item}".encode()).digest()
