"""Files and folders that only their owner may open, whatever the umask.

Every file the bot writes (the database and its journal, the pepper, exports, the report)
tells something about the people who answered: none is left to other users of the server.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
OTHERS = 0o077
"""Permission bits of the group and of everyone else."""


def private_folder(path: Path) -> None:
    """Create the folder and its missing parents, each 0700; existing folders are left as is."""
    missing: list[Path] = []
    folder = path
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, PRIVATE_FOLDER)
        except FileExistsError:
            continue  # created meanwhile by someone else: not ours to change
        # mkdir's mode goes through the umask, which could take the owner's bits too.
        os.chmod(folder, PRIVATE_FOLDER)


def create_private_file(path: Path) -> int:
    """Create a new, empty file (0600, its folder 0700) and return it open for writing.

    Raises FileExistsError if the file exists: nothing is overwritten.
    """
    private_folder(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)
    except BaseException:
        os.close(fd)
        raise
    return fd


def write_private_file(path: Path, data: bytes) -> None:
    """Write `data` to the file, creating it 0600; a file of ours written over becomes 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as file:
        # A file of an earlier export may have been open to others. A pipe or a terminal
        # (`--output /dev/stdout`), or another user's file, is left as it is.
        status = os.fstat(fd)
        if stat.S_ISREG(status.st_mode) and status.st_uid == os.geteuid():
            os.fchmod(fd, PRIVATE_FILE)
        file.write(data)


def open_to_others(path: Path) -> int | None:
    """The permission bits of a file that its group or anyone else may use, else None."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None
    return mode if mode & OTHERS else None
