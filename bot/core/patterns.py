"""Text patterns, written as Python regular expressions and run by RE2, in linear time.

Python's `re` backtracks: `([A-Za-z]+ ?)+` takes seconds on a 29-character answer, twice as
long with each character more, and the whole bot waits meanwhile. RE2 never backtracks, so a
match takes time proportional to the answer's length, whatever the pattern; in exchange it has
no backreferences, lookarounds, atomic groups, possessive quantifiers, conditionals or verbose
mode, and a pattern that uses them is refused when the file is loaded.

A pattern keeps Python's meaning: it must compile with `re`, and where RE2 would read the same
text otherwise, it is rewritten before RE2 compiles it:

- `\\d`, `\\w`, `\\s` and their negations are Unicode classes in Python and ASCII ones in RE2
  (`\\w+` takes "José" in Python): they become RE2's Unicode classes (`\\p{Nd}`...);
- `[` inside a set is a literal in Python, the start of a class like `[:alpha:]` in RE2;
- `{,3}` means "0 to 3 times" in Python and is literal text in RE2;
- `\\Z` (the end) is `\\z` in RE2, `\\u00e9` and `\\N{...}` are `\\x{e9}`; `\\b` inside a set
  is a backspace.

What cannot keep its meaning is refused: `\\b` and `\\B` outside a set (RE2's word boundary
knows only ASCII letters), `\\W` and `\\S` inside a set (RE2 cannot write them there). One
difference is left: Python's `$` also matches before a newline that ends the answer, RE2's only
at the end, which changes nothing unless the pattern matches that newline after the `$`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import warnings
from dataclasses import dataclass
from typing import Any

import re2

_DIGIT = r"\p{Nd}"
_WORD = r"\p{L}\p{N}_"
_SPACE = r"\t\n\x0b\f\r\x1c-\x1f\x{85}\p{Z}"
"""Python's whitespace: ASCII's, the separators \\x1c-\\x1f and NEL, and Unicode's (`Z`)."""

_OUTSIDE = {
    "d": _DIGIT,
    "D": r"\P{Nd}",
    "w": f"[{_WORD}]",
    "W": f"[^{_WORD}]",
    "s": f"[{_SPACE}]",
    "S": f"[^{_SPACE}]",
    "Z": r"\z",
}
"""Escapes outside a set, in RE2's words for Python's meaning."""
_INSIDE = {"d": _DIGIT, "D": r"\P{Nd}", "w": _WORD, "s": _SPACE, "b": r"\x08"}
"""Escapes inside a set, likewise."""

_CODE_POINT = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|N\{([^}]*)\})")
"""Python's `\\u00e9`, `\\U0001F600` and `\\N{EM DASH}`: RE2 writes them `\\x{e9}`."""
_OPEN_REPEAT = re.compile(r"\{,(\d*)\}")
"""Python's `{,n}`: at most n times (RE2 reads it as the text "{,n}")."""


class PatternError(ValueError):
    """A pattern that cannot be run, with why in plain words."""


@dataclass(frozen=True)
class Pattern:
    """A compiled pattern, matched against whole answers."""

    source: str
    _compiled: Any  # re2's own compiled form: the binding has no type hints

    def fullmatch(self, text: str) -> bool:
        """Whether the whole text matches, in time linear in its length."""
        # surrogatepass: a lone surrogate (which a client may send) is not UTF-8; RE2 takes it
        # as one character that only `.` and negated sets match, as Python does.
        return self._compiled.fullmatch(text.encode("utf-8", "surrogatepass")) is not None


@functools.lru_cache(maxsize=256)
def compile_pattern(source: str) -> Pattern:
    """Compile a Python regular expression for RE2; raise `PatternError` saying why not."""
    try:
        with warnings.catch_warnings():
            # "Possible nested set" and the like: Python reads them literally, and so do we.
            warnings.simplefilter("ignore", FutureWarning)
            re.compile(source)
    except re.error as error:
        raise PatternError(f"not a valid regular expression: {error}") from None
    options = re2.Options()
    options.never_capture = True  # a yes or no is all we ask
    options.log_errors = False
    try:
        compiled = re2.compile(_for_re2(source).encode("utf-8"), options)
    except re2.error as error:
        detail = error.args[0] if error.args else ""
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise PatternError(
            f"cannot be run in time proportional to the answer's length ({detail}): the bot's "
            "matcher (RE2) has no backreferences (\\1), lookarounds ((?=...), (?<=...)), atomic "
            "groups, possessive quantifiers, conditionals or verbose mode, and repeats at most "
            "1000 times"
        ) from None
    return Pattern(source, compiled)


def _for_re2(source: str) -> str:
    """The pattern in RE2's syntax, with Python's meaning (see the module's docstring)."""
    out: list[str] = []
    i = 0
    in_set = False
    set_start = 0  # where the set's first member is (after `[` and any `^`)
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source):
            escaped = source[i + 1]
            if code := _CODE_POINT.match(source, i):
                out.append(f"\\x{{{_code_point(code):x}}}")
                i = code.end()
                continue
            out.append(_escape(escaped, in_set=in_set))
            i += 2
            continue
        if in_set:
            if char == "]" and i > set_start:
                in_set = False
                out.append("]")
            elif char in "[]":  # a literal in Python: `[` would open `[:alpha:]` in RE2
                out.append("\\" + char)
            else:
                out.append(char)
            i += 1
            continue
        if char == "[":
            in_set = True
            set_start = i + 1
            if source.startswith("^", set_start):
                out.append("[^")
                set_start += 1
                i = set_start
                continue
        elif char == "{" and (repeat := _OPEN_REPEAT.match(source, i)):
            out.append(f"{{0,{repeat.group(1)}}}")
            i = repeat.end()
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _code_point(code: re.Match[str]) -> int:
    """The character a `\\u`, `\\U` or `\\N{...}` escape stands for (Python has checked it)."""
    short, long, name = code.groups()
    if name is not None:
        return ord(unicodedata.lookup(name))
    return int(short or long, 16)


def _escape(escaped: str, *, in_set: bool) -> str:
    """An escape sequence (`\\` and the character after it) in RE2's words."""
    if in_set:
        if escaped in "WS":
            raise PatternError(
                f"\\{escaped} inside [...] cannot be run: write it outside the brackets"
            )
        return _INSIDE.get(escaped, "\\" + escaped)
    if escaped in "bB":
        raise PatternError(
            f"\\{escaped} (a word boundary) cannot be run: the matcher would not count "
            "accented letters as letters; the whole answer must match anyway, so leave it out "
            "or write what is expected between the words"
        )
    return _OUTSIDE.get(escaped, "\\" + escaped)
