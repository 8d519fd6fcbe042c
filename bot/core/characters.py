"""What a person types, cleaned once when it is accepted, and what each output can carry.

Text reaches the bot from anyone's keyboard or clipboard: controls, lone surrogates (which
no UTF-8 file, SQLite included, can hold), direction overrides that turn a line around, byte
order marks pasted along with copied text. `clean_text` keeps an answer free of them from the
start. Answers stored by earlier versions were not cleaned so, which is why every output also
passes text through the filter of what it can carry: `portable` for any file or message,
`visible` for text drawn with a font (PDF, PNG).
"""

from __future__ import annotations

import re
import unicodedata

_NONCHARACTERS = "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
_NOT_PORTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]"
)
"""Controls other than tab and newline, lone surrogates and noncharacters: what no file or
message should hold (XML and so the workbook refuse them, UTF-8 cannot encode a surrogate)."""
_LINE_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n"})
_DIRECTION_AND_BOM = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
"""Direction marks, embeddings, overrides and isolates, which can show a line in another
order than it was typed, and U+FEFF (a byte order mark; as a zero-width no-break space it
has been replaced by U+2060)."""


def portable(value: str) -> str:
    """The text without what no output carries: controls other than tab and newline, lone
    surrogates, noncharacters; line and paragraph separators become newlines."""
    return _NOT_PORTABLE.sub("", value.translate(_LINE_SEPARATORS))


def visible(value: str) -> str:
    """The text as a font draws it: `portable`, without invisible format characters (category
    Cf: zero-width spaces and joiners, direction controls, U+FEFF, soft hyphens), tabs as
    spaces. Matplotlib's PDF writer fails on some of them (U+FEFF)."""
    kept = portable(value).replace("\t", " ")
    return "".join(c for c in kept if unicodedata.category(c) != "Cf")


def clean_text(raw: str) -> str:
    """A typed text as it is accepted: `portable`, without direction controls or U+FEFF, in
    NFC, trimmed; empty when nothing visible is left (only spaces and invisible characters)."""
    cleaned = unicodedata.normalize("NFC", _DIRECTION_AND_BOM.sub("", portable(raw))).strip()
    if all(c.isspace() or unicodedata.category(c) == "Cf" for c in cleaned):
        return ""
    return cleaned
