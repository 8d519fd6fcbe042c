"""The database schema, versioned with `PRAGMA user_version`.

Anonymity is in the shape of these tables: nothing derived from a person (user id, chat id,
respondent key) is ever stored where it leads to a session or an answer.
- `sessions` and `answers` are keyed by a random token and are `WITHOUT ROWID`, so the order of
  rows on disk follows the random key. A session in progress holds its language, cursor, start,
  the last update applied to it (so that a redelivered update changes nothing) and a short
  random `handle` that its buttons carry in the chat, so that a tap finds it after a restart.
  Who answers which session is kept in the process's memory only (`bot.app.answering`).
- A submitted response gets a new token, and no handle and no update id.
- `submitted` holds the keys (HMAC(pepper, user id)) of those who submitted, nothing else. The
  keys are written a whole batch (`min_group_size`) at a time, the table rewritten in key order:
  between two copies of the file, the people newly recorded and the responses that appeared
  since the last batch can be paired in at least `min_group_size` ways.
- Submitted responses not yet `settled` (fewer than a batch) are deleted and written again, in
  token order, at each submission; once a batch is complete they are settled and left alone.
  So where a cell lies tells at most which batch a response came in, never its order in it.
- A submitted response's `batch` is the number of the release that let it into the figures
  (NULL while it waits): a release takes settled responses only, whole batches of them, so the
  number tells no more than the batch a response came in.
- Answers carry no time; a submitted session keeps its day and its duration in minutes only.
- `admins` holds each admin's reply language under HMAC(pepper, "admin:" + user id): a key in a
  domain of its own, which no respondent key can be matched with.
- `survey.pepper_fingerprint` is HMAC(pepper, "pepper-fingerprint"): it tells whether the
  pepper given is the one the keys were made with, and equals no respondent or admin key.
- `survey.paid_messages` counts the paid broadcasts of the whole survey (a number, nothing of
  anybody), so that their budget survives a restart.
- `survey.key_scheme` says what the keys of `submitted` are the HMAC of (`KeyScheme`): 1, the
  user id alone (files of the releases before several surveys, marked so by version 8); 2, the
  survey's id and the user id (files made since), so that no key of one survey's file matches
  one of another's.
- Version 7 dropped `respondents` (key -> session in progress, where the chat shows the step):
  the store reads it into memory before dropping it, so that people answering during an upgrade
  go on until the next restart.
- `kept` (version 9) holds, once a closed survey's single responses were deleted
  (`storage.retention`), the figures as the admins could see them, and when: the deletion
  writes a new file holding only that and the survey's state, and wipes the old one.
- The file uses a rollback journal (deleted at each commit), `secure_delete` and full
  `auto_vacuum`: no older page image, no free page and no write-ahead log outlives a commit.
"""

from __future__ import annotations

SCHEMA_VERSION = 9

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
    2: """
    CREATE TABLE submitted (key BLOB PRIMARY KEY) WITHOUT ROWID;
    INSERT INTO submitted SELECT key FROM respondents WHERE submitted = 1 ORDER BY key;
    CREATE TABLE respondents_v2 (
        key BLOB PRIMARY KEY,
        session TEXT NOT NULL UNIQUE,
        last_update INTEGER
    ) WITHOUT ROWID;
    INSERT INTO respondents_v2
        SELECT key, session, last_update FROM respondents WHERE submitted = 0;
    DROP TABLE respondents;
    ALTER TABLE respondents_v2 RENAME TO respondents;
    ALTER TABLE sessions ADD COLUMN settled INTEGER NOT NULL DEFAULT 0 CHECK (settled IN (0, 1));
    """,
    3: """
    ALTER TABLE respondents ADD COLUMN step_message INTEGER;
    ALTER TABLE respondents ADD COLUMN step_buttons INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE respondents ADD COLUMN answers_after INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE respondents ADD COLUMN latest_input INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE admins (key BLOB PRIMARY KEY, language TEXT NOT NULL) WITHOUT ROWID;
    """,
    4: """
    ALTER TABLE sessions ADD COLUMN batch INTEGER CHECK (batch >= 1);
    UPDATE sessions SET batch = 1 WHERE released = 1;
    ALTER TABLE sessions DROP COLUMN released;
    """,
    5: """
    ALTER TABLE survey ADD COLUMN pepper_fingerprint BLOB;
    """,
    6: """
    ALTER TABLE survey ADD COLUMN paid_messages INTEGER NOT NULL DEFAULT 0
        CHECK (paid_messages >= 0);
    """,
    7: """
    ALTER TABLE sessions ADD COLUMN handle TEXT;
    ALTER TABLE sessions ADD COLUMN last_update INTEGER;
    CREATE UNIQUE INDEX sessions_by_handle ON sessions (handle);
    UPDATE sessions SET last_update =
        (SELECT r.last_update FROM respondents r WHERE r.session = sessions.token)
        WHERE token IN (SELECT session FROM respondents);
    UPDATE sessions SET started_at = NULL, cursor = NULL
        WHERE submitted_day IS NULL AND token NOT IN (SELECT session FROM respondents);
    DROP TABLE respondents;
    """,
    8: """
    ALTER TABLE survey ADD COLUMN key_scheme INTEGER NOT NULL DEFAULT 1
        CHECK (key_scheme IN (1, 2));
    """,
    9: """
    CREATE TABLE kept (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        purged_at TEXT NOT NULL,
        closed_at TEXT NOT NULL,
        figures TEXT NOT NULL
    );
    """,
}
