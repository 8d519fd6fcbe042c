"""The database schema, versioned with `PRAGMA user_version`.

Anonymity is in the shape of these tables:
- `respondents` is keyed by HMAC(pepper, Telegram user id) and points at a session only while it
  is in progress; at submission the pointer and everything Telegram-derived are removed.
- `sessions` and `answers` are keyed by a random token and are `WITHOUT ROWID`, so the order of
  rows on disk follows the random key, not the order in which people answered.
- Answers carry no time; a submitted session keeps its day and its duration in minutes only.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE survey (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        survey_id TEXT NOT NULL,
        closed_at TEXT,
        deadline TEXT,
        closing_announced INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE respondents (
        key BLOB PRIMARY KEY,
        session TEXT UNIQUE,
        submitted INTEGER NOT NULL DEFAULT 0 CHECK (submitted IN (0, 1)),
        last_update INTEGER,
        CHECK (submitted = 0 OR (session IS NULL AND last_update IS NULL))
    ) WITHOUT ROWID;
    CREATE TABLE sessions (
        token TEXT PRIMARY KEY,
        language TEXT NOT NULL,
        cursor TEXT,
        started_at TEXT,
        submitted_day TEXT,
        duration_minutes INTEGER,
        released INTEGER NOT NULL DEFAULT 0 CHECK (released IN (0, 1)),
        CHECK (submitted_day IS NULL OR (started_at IS NULL AND cursor IS NULL))
    ) WITHOUT ROWID;
    CREATE TABLE answers (
        token TEXT NOT NULL REFERENCES sessions (token) ON DELETE CASCADE,
        question TEXT NOT NULL,
        item TEXT NOT NULL,
        number INTEGER,
        text TEXT,
        PRIMARY KEY (token, question, item)
    ) WITHOUT ROWID;
    CREATE INDEX answers_by_question ON answers (question, item);
    """,
}
