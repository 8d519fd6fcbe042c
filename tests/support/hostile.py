"""Texts a person can type or paste that outputs have choked on, and what must come out.

Each text sits between two words, so that a test can find it in any output: `kept` is what
the bot accepts and stores, `shown` the fragments that every output must still show.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pytest

BEFORE, AFTER = "avant", "après"


@dataclass(frozen=True)
class Hostile:
    """One hostile text: as typed, as accepted, and the fragments every output shows."""

    name: str
    typed: str
    kept: str
    shown: tuple[str, ...] = (BEFORE, AFTER)


def _dropped(name: str, char: str) -> Hostile:
    return Hostile(name, f"{BEFORE}{char}{AFTER}", BEFORE + AFTER)


def _kept(name: str, char: str) -> Hostile:
    """Invisible but meaningful: kept in the answer (a drawing may leave it out)."""
    return Hostile(name, f"{BEFORE}{char}{AFTER}", f"{BEFORE}{char}{AFTER}")


HOSTILE: tuple[Hostile, ...] = (
    _dropped("U+FEFF byte order mark", "\ufeff"),
    _kept("U+200B zero-width space", "\u200b"),
    _kept("U+200C zero-width non-joiner", "\u200c"),
    _kept("U+200D zero-width joiner", "\u200d"),
    _dropped("U+200E left-to-right mark", "\u200e"),
    _dropped("U+200F right-to-left mark", "\u200f"),
    *(_dropped(f"U+{ord(c):04X} embedding or override", c) for c in "\u202a\u202b\u202c"),
    _dropped("U+202D left-to-right override", "\u202d"),
    _dropped("U+202E right-to-left override", "\u202e"),
    *(_dropped(f"U+{ord(c):04X} direction isolate", c) for c in "\u2066\u2067\u2068\u2069"),
    _kept("U+2060 word joiner", "\u2060"),
    _kept("U+00AD soft hyphen", "\u00ad"),
    _dropped("U+0000 null", "\x00"),
    _dropped("U+0007 bell", "\x07"),
    _dropped("U+001B escape", "\x1b"),
    _dropped("U+007F delete", "\x7f"),
    _dropped("U+0085 next line", "\x85"),
    _dropped("U+FFFE noncharacter", "\ufffe"),
    _dropped("U+FFFF noncharacter", "\uffff"),
    _dropped("U+10FFFF noncharacter", "\U0010ffff"),
    _dropped("lone high surrogate", "\ud800"),
    _dropped("lone low surrogate", "\udfff"),
    Hostile("U+2028 line separator", f"{BEFORE}\u2028{AFTER}", f"{BEFORE}\n{AFTER}"),
    Hostile(
        "astral emoji",
        f"{BEFORE} 😡🧑\u200d🚀 {AFTER}",
        f"{BEFORE} 😡🧑\u200d🚀 {AFTER}",
        (BEFORE, "😡", AFTER),
    ),
    Hostile(
        "combining marks", "cafe\u0301 q\u0307\u0323", "caf\u00e9 q\u0323\u0307", ("caf", "q")
    ),
    Hostile("Arabic", "مرحبا بالعالم", "مرحبا بالعالم", ("مرحبا", "بالعالم")),
    Hostile("Hebrew", "שלום עולם", "שלום עולם", ("שלום", "עולם")),
    Hostile("a very long word", "x" * 190, "x" * 190, ("x" * 190,)),
)

CASES = [pytest.param(h, id=h.name) for h in HOSTILE]
"""The set, for `pytest.mark.parametrize`."""


def _noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def unfit_for_files(value: str) -> list[str]:
    """The characters that no file or message should hold: controls other than tab and
    newline, surrogates, noncharacters (each as U+XXXX)."""
    return [
        f"U+{ord(c):04X}"
        for c in value
        if (unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n") or _noncharacter(c)
    ]


def unfit_for_drawing(value: str) -> list[str]:
    """`unfit_for_files`, and invisible format characters (category Cf)."""
    return unfit_for_files(value) + [
        f"U+{ord(c):04X}" for c in value if unicodedata.category(c) == "Cf"
    ]
