"""Reads a copy of the bot's data folder the way an attacker would: page by page, cell by cell.

Nothing here asks SQLite: the database file, a write-ahead log and a rollback journal are parsed
from their documented formats (https://www.sqlite.org/fileformat2.html), so that every page image
counts, including the older ones that SQLite itself would no longer show. Every other file is
scanned as raw bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

Value = int | float | str | bytes | None
SQLITE_HEADER = b"SQLite format 3\x00"
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
TIME_OF_DAY = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class PageImage:
    """One image of a page: from the database file, a WAL frame or a journal record."""

    file: str
    number: int
    data: bytes


def page_images(folder: Path) -> Iterator[PageImage]:
    """Every page image of every SQLite file in the folder; other files as one raw image."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        content = path.read_bytes()
        name = str(path.relative_to(folder))
        if content.startswith(SQLITE_HEADER):
            yield from _database_pages(name, content)
        elif name.endswith("-wal") and len(content) >= 32:
            yield from _wal_frames(name, content)
        elif name.endswith("-journal") and content.startswith(JOURNAL_MAGIC):
            yield from _journal_records(name, content)
        elif content:
            yield PageImage(name, 0, content)


def _database_pages(name: str, content: bytes) -> Iterator[PageImage]:
    (size,) = struct.unpack(">H", content[16:18])
    size = 65536 if size == 1 else size
    for index in range(len(content) // size):
        yield PageImage(name, index + 1, content[index * size : (index + 1) * size])


def _wal_frames(name: str, content: bytes) -> Iterator[PageImage]:
    (size,) = struct.unpack(">I", content[8:12])
    offset = 32
    while size and offset + 24 + size <= len(content):
        (number,) = struct.unpack(">I", content[offset : offset + 4])
        yield PageImage(name, number, content[offset + 24 : offset + 24 + size])
        offset += 24 + size


def _journal_records(name: str, content: bytes) -> Iterator[PageImage]:
    sector, size = struct.unpack(">II", content[20:28])
    offset = sector or 512
    while size and offset + 8 + size <= len(content):
        (number,) = struct.unpack(">I", content[offset : offset + 4])
        yield PageImage(name, number, content[offset + 4 : offset + 4 + size])
        offset += 8 + size


def varint(data: bytes, offset: int) -> tuple[int, int]:
    """SQLite's variable-length integer at `offset`: (value, offset after it)."""
    value = 0
    for i in range(9):
        if offset + i >= len(data):
            raise ValueError("truncated varint")
        byte = data[offset + i]
        if i == 8:
            return (value << 8) | byte, offset + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, offset + i + 1
    raise AssertionError("unreachable")


def records(image: PageImage) -> Iterator[list[Value]]:
    """The records of the cells of a b-tree page image (local payload only)."""
    for _, record in cells(image):
        yield record


def cells(image: PageImage) -> Iterator[tuple[int, list[Value]]]:
    """(offset of the cell in the page, its record) for each cell of a b-tree page image."""
    data = image.data
    start = 100 if image.number == 1 and data.startswith(SQLITE_HEADER) else 0
    if start + 8 > len(data):
        return
    kind = data[start]
    if kind not in (0x02, 0x0A, 0x0D):  # index interior, index leaf, table leaf
        return
    (cells,) = struct.unpack(">H", data[start + 3 : start + 5])
    pointers = start + (12 if kind == 0x02 else 8)
    for i in range(cells):
        if pointers + 2 * i + 2 > len(data):
            return
        (cell,) = struct.unpack(">H", data[pointers + 2 * i : pointers + 2 * i + 2])
        try:
            offset = cell + (4 if kind == 0x02 else 0)
            size, offset = varint(data, offset)
            if kind == 0x0D:
                _, offset = varint(data, offset)  # rowid
            yield cell, decode_record(data[offset : offset + size])
        except ValueError:
            continue


def decode_record(payload: bytes) -> list[Value]:
    """Decode a record (header of serial types, then values); stops where the bytes end."""
    header_size, offset = varint(payload, 0)
    types: list[int] = []
    while offset < header_size:
        serial, offset = varint(payload, offset)
        types.append(serial)
    values: list[Value] = []
    body = header_size
    for serial in types:
        width = _width(serial)
        if body + width > len(payload):
            break
        raw = payload[body : body + width]
        body += width
        values.append(_value(serial, raw))
    return values


def _width(serial: int) -> int:
    if serial >= 12:
        return (serial - 12) // 2
    return (0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0)[serial]


def _value(serial: int, raw: bytes) -> Value:
    if serial == 0:
        return None
    if 1 <= serial <= 6:
        return int.from_bytes(raw, "big", signed=True)
    if serial == 7:
        return float(struct.unpack(">d", raw)[0])
    if serial in (8, 9):
        return serial - 8
    if serial >= 12 and serial % 2 == 0:
        return raw
    return raw.decode("utf-8", errors="replace")


Answer = tuple[Value, ...]


@dataclass
class Findings:
    """What the attacker learns from one copy of the data folder."""

    submitted: dict[str, set[Answer]] = field(default_factory=dict)
    """Submitted responses found anywhere: token -> its answers (question, item, number, text)."""
    answers_of: dict[str, set[Answer]] = field(default_factory=dict)
    """Every answer row found in any page image, by token."""
    reached: dict[int, set[str]] = field(default_factory=dict)
    """User id -> tokens found beside their respondent key."""
    times_beside_submitted: int = 0
    """Records holding a submitted response's token, or its answers, next to a time of day."""

    def linked_answers(self, user_id: int) -> set[Answer]:
        """Every answer reachable from this person's key."""
        found: set[Answer] = set()
        for token in self.reached.get(user_id, set()):
            found |= self.answers_of.get(token, set())
        return found

    def links_to_submitted(self, user_id: int) -> set[str]:
        """Submitted responses this person can be tied to, by token or by answer content."""
        tokens = self.reached.get(user_id, set()) & set(self.submitted)
        texts = {a for a in self.linked_answers(user_id) if isinstance(a[3], str) and a[3]}
        for token, answers in self.submitted.items():
            if texts & answers:
                tokens.add(token)
        return tokens


def attack(folder: Path, pepper: bytes, user_ids: Iterable[int]) -> Findings:
    """Attack a copy of the data folder with the pepper and the user ids of the suspects."""
    images = list(page_images(folder))
    keys = {
        hmac.new(pepper, str(user_id).encode(), hashlib.sha256).digest(): user_id
        for user_id in user_ids
    }
    found = Findings()
    all_records = [record for image in images for record in records(image)]
    for record in all_records:
        if len(record) == 5 and isinstance(record[0], str) and TOKEN.match(record[0]):
            answer = tuple(record[1:])
            found.answers_of.setdefault(record[0], set()).add(answer)
        if _is_submitted_session(record):
            found.submitted.setdefault(str(record[0]), set())
    for token in found.submitted:
        found.submitted[token] |= found.answers_of.get(token, set())
    ids: dict[Value, int] = {user_id: user_id for user_id in keys.values()}
    ids |= {str(user_id): user_id for user_id in keys.values()}
    for record in all_records:
        for value in record:
            # Any value derived from the person: their key, their user id (= their chat id).
            user_id = keys.get(value) if isinstance(value, bytes) else ids.get(value)
            if user_id is not None:
                tokens = {v for v in record if isinstance(v, str) and TOKEN.match(v)}
                found.reached.setdefault(user_id, set()).update(tokens)
    for image in images:
        for key, user_id in keys.items():
            for match in re.finditer(re.escape(key), image.data):
                after = image.data[match.end() : match.end() + 32]
                text = after.decode("ascii", errors="replace")
                if TOKEN.match(text):
                    found.reached.setdefault(user_id, set()).add(text)
    submitted_texts = {
        a[3] for answers in found.submitted.values() for a in answers if isinstance(a[3], str)
    }
    for record in all_records:
        strings = [v for v in record if isinstance(v, str)]
        if not any(TIME_OF_DAY.search(s) for s in strings):
            continue
        if any(s in found.submitted for s in strings) or any(
            t and t in s for s in strings for t in submitted_texts
        ):
            found.times_beside_submitted += 1
    return found


def _is_submitted_session(record: list[Value]) -> bool:
    return (
        len(record) >= 6
        and isinstance(record[0], str)
        and TOKEN.match(record[0]) is not None
        and any(isinstance(v, str) and DAY.match(v) for v in record[1:])
    )
