"""Telegram text formatting: turn ``parse_mode`` markup into plain text plus entities.

Errors mimic Telegram's ``Bad Request: can't parse entities: ...`` responses, so a bot
sending malformed HTML or unescaped MarkdownV2 fails in tests as it would in production.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from .models import JSON, ApiError, bad_request, utf16_len

_HTML_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
}
_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MDV2_MARKERS = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough"}
_MDV2_MARKERS["||"] = "spoiler"
_ENTITY_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
}


def _parse_error(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


def _sorted(entities: list[JSON]) -> list[JSON]:
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


class _HtmlParser(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.parts: list[str] = []
        self.pos = 0
        self.stack: list[tuple[str, int, JSON | None]] = []
        self.entities: list[JSON] = []
        starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                starts.append(index + 1)
        self._line_starts = starts

    def _byte_offset(self) -> int:
        line, column = self.getpos()
        index = self._line_starts[line - 1] + column
        return len(self.source[:index].encode())

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self.pos += utf16_len(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        entity: JSON | None
        if tag in _HTML_SIMPLE:
            entity = {"type": _HTML_SIMPLE[tag]}
            language = (attributes.get("class") or "").removeprefix("language-")
            if tag == "code" and self.stack and self.stack[-1][0] == "pre" and language:
                pre = self.stack[-1][2]
                if pre is not None:
                    pre["language"] = language
                entity = None
        elif tag == "span" and attributes.get("class") == "tg-spoiler":
            entity = {"type": "spoiler"}
        elif tag == "a" and attributes.get("href"):
            entity = {"type": "text_link", "url": attributes["href"]}
        elif tag == "blockquote":
            kind = "expandable_blockquote" if "expandable" in attributes else "blockquote"
            entity = {"type": kind}
        elif tag == "tg-emoji" and attributes.get("emoji-id"):
            entity = {"type": "custom_emoji", "custom_emoji_id": attributes["emoji-id"]}
        else:
            raise _parse_error(
                f'Unsupported start tag "{tag}" at byte offset {self._byte_offset()}'
            )
        self.stack.append((tag, self.pos, entity))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise _parse_error(f'Unsupported start tag "{tag}" at byte offset {self._byte_offset()}')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            raise _parse_error(f"Unexpected end tag at byte offset {self._byte_offset()}")
        open_tag, start, entity = self.stack.pop()
        if open_tag != tag:
            raise _parse_error(
                f"Unmatched end tag at byte offset {self._byte_offset()}, "
                f'expected "</{open_tag}>", found "</{tag}>"'
            )
        if entity is not None and self.pos > start:
            self.entities.append({**entity, "offset": start, "length": self.pos - start})

    def finish(self) -> tuple[str, list[JSON]]:
        self.close()
        if self.stack:
            raise _parse_error(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1][0]}"'
            )
        return "".join(self.parts), _sorted(self.entities)


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """Parse Telegram-flavoured HTML."""
    parser = _HtmlParser(source)
    parser.feed(source)
    return parser.finish()


class _MarkdownV2:
    def __init__(self, source: str) -> None:
        self.src = source
        self.i = 0
        self.parts: list[str] = []
        self.pos = 0
        self.stack: list[tuple[str, int, int]] = []
        self.entities: list[JSON] = []

    def _byte(self, index: int) -> int:
        return len(self.src[:index].encode())

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        self.pos += utf16_len(text)

    def _read_until(self, closer: str, entity: str, start: int) -> str:
        """Read verbatim text (``\\`` escapes only) up to ``closer``; advance past it."""
        src, out, i = self.src, [], self.i
        while i < len(src):
            if src[i] == "\\" and i + 1 < len(src):
                out.append(src[i + 1])
                i += 2
            elif src.startswith(closer, i):
                self.i = i + len(closer)
                return "".join(out)
            else:
                out.append(src[i])
                i += 1
        name = _ENTITY_NAMES[entity]
        raise _parse_error(f"Can't find end of {name} entity at byte offset {self._byte(start)}")

    def _add(self, kind: str, start: int, **extra: Any) -> None:
        if self.pos > start:
            self.entities.append({"type": kind, "offset": start, "length": self.pos - start})
            self.entities[-1].update(extra)

    def parse(self) -> tuple[str, list[JSON]]:
        src = self.src
        while self.i < len(src):
            start, char = self.i, src[self.i]
            if char == "\\":
                if start + 1 >= len(src):
                    raise _parse_error(
                        "Character '\\' is reserved and must be escaped with the preceding '\\'"
                    )
                self._emit(src[start + 1])
                self.i += 2
            elif src.startswith("```", start):
                self.i += 3
                body = self._read_until("```", "pre", start)
                language, newline, rest = body.partition("\n")
                at = self.pos
                self._emit(rest if newline and language and " " not in language else body)
                extra = {"language": language} if newline and language else {}
                self._add("pre", at, **extra)
            elif char == "`":
                self.i += 1
                at = self.pos
                self._emit(self._read_until("`", "code", start))
                self._add("code", at)
            elif char == "[":
                self.stack.append(("[", self.pos, start))
                self.i += 1
            elif char == "]" and self.stack and self.stack[-1][0] == "[":
                _, at, _ = self.stack.pop()
                if not src.startswith("(", start + 1):
                    raise _parse_error(
                        f"Can't find end of a URL at byte offset {self._byte(start + 1)}"
                    )
                self.i = start + 2
                self._add("text_link", at, url=self._read_until(")", "text_link", start))
            elif char in "*_~|":
                marker = src[start : start + 2] if src[start : start + 2] in ("__", "||") else char
                if marker == "|":
                    self._reserved(char)
                self.i += len(marker)
                if self.stack and self.stack[-1][0] == marker:
                    _, at, _ = self.stack.pop()
                    self._add(_MDV2_MARKERS[marker], at)
                else:
                    self.stack.append((marker, self.pos, start))
            elif char in _MDV2_RESERVED:
                self._reserved(char)
            else:
                self._emit(char)
                self.i += 1
        if self.stack:
            marker, _, start = self.stack[-1]
            name = _ENTITY_NAMES["text_link" if marker == "[" else _MDV2_MARKERS[marker]]
            raise _parse_error(
                f"Can't find end of {name} entity at byte offset {self._byte(start)}"
            )
        return "".join(self.parts), _sorted(self.entities)

    @staticmethod
    def _reserved(char: str) -> None:
        raise _parse_error(
            f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
        )


def parse_markdown(source: str) -> tuple[str, list[JSON]]:
    """Parse legacy Markdown: ``*bold*``, ``_italic_``, ```code```, ``[text](url)``."""
    parts: list[str] = []
    entities: list[JSON] = []
    pos = i = 0
    kinds = {"*": "bold", "_": "italic", "`": "code"}
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source) and source[i + 1] in "*_`[":
            parts.append(source[i + 1])
            pos += 1
            i += 2
            continue
        if char in kinds or char == "[":
            closer = "]" if char == "[" else char
            end = source.find(closer, i + 1)
            url_end = source.find(")", end) if end >= 0 else -1
            if char == "[" and (not source.startswith("(", end + 1) or url_end < 0):
                end = -1
            if end < 0:
                offset = len(source[:i].encode())
                raise _parse_error(
                    f"Can't find end of the entity starting at byte offset {offset}"
                )
            inner = source[i + 1 : end]
            entity: JSON = {"type": kinds.get(char, "text_link"), "offset": pos}
            entity["length"] = utf16_len(inner)
            if char == "[":
                entity["url"] = source[end + 2 : url_end]
                end = url_end
            if inner:
                entities.append(entity)
            parts.append(inner)
            pos += entity["length"]
            i = end + 1
            continue
        parts.append(char)
        pos += utf16_len(char)
        i += 1
    return "".join(parts), entities


def parse_text(
    text: str, parse_mode: str | None, entities: list[JSON] | None
) -> tuple[str, list[JSON]]:
    """Apply ``parse_mode`` (HTML, MarkdownV2, Markdown) or explicit ``entities`` to ``text``."""
    if entities:
        return text, list(entities)
    mode = (parse_mode or "").lower()
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return _MarkdownV2(text).parse()
    if mode == "markdown":
        return parse_markdown(text)
    if mode:
        raise bad_request("unsupported parse_mode")
    return text, []
