"""Runs the bot's command line with the pre-image of every transaction captured, for the tests.

    SURVEY_BOT_TAP=FOLDER python -m tests.support.journal_tap --config CFG run

Before each COMMIT reaches SQLite (a trace callback on the connection, called as the statement
starts), the database file and its rollback journal are copied into a new numbered folder of
FOLDER: at that moment the file still holds the state before the transaction, and the journal
the original of every page the transaction changes. Each folder is thus the state of the data
folder before one transaction, the journal of it included, as an attacker could have copied it.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

_connect = sqlite3.connect
_numbers = itertools.count()


def _tapped(folder: Path) -> Any:
    def connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = _connect(database, *args, **kwargs)
        path = Path(str(database))
        if str(database).startswith("file:") or not path.name.endswith(".sqlite3"):
            return connection
        journal = path.with_name(path.name + "-journal")

        def trace(statement: str) -> None:
            if not statement.lstrip().upper().startswith("COMMIT"):
                return
            target = folder / f"{os.getpid()}-{next(_numbers):06d}"
            target.mkdir(parents=True)
            for source in (path, journal):
                if source.exists():
                    shutil.copyfile(source, target / source.name)

        connection.set_trace_callback(trace)
        return connection

    return connect


def main() -> int:
    """Run the bot's command line with the tap on every database it opens."""
    sqlite3.connect = _tapped(Path(os.environ["SURVEY_BOT_TAP"]))
    from bot.cli import main as cli  # imported once the tap is in place

    return cli()


if __name__ == "__main__":
    sys.exit(main())
