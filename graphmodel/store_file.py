"""Telling a LadybugDB store file from anything else a ``--store`` path may name.

A LadybugDB database file starts with the four bytes ``LBUG`` and its storage
version (measured with ladybug 0.22: a fresh, empty database is 16 KB beginning
``LBUG1\\0\\0\\0``). A path that exists and does not start so — a workbook, a CSV, an
empty file, a folder, a device — is never opened for writing, renamed over or
deleted: :func:`check_store_file` refuses it with a message saying what to do.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import NotAStore, StoreError

__all__ = ["MAGIC", "check_store_file", "prepare_folder"]

#: How every LadybugDB database file begins.
MAGIC = b"LBUG"


def check_store_file(path: Path) -> bool:
    """Whether ``path`` holds a store (False: nothing there yet).

    Raises :class:`~graphmodel.errors.NotAStore` when something that is not a
    store is there, :class:`~graphmodel.errors.StoreError` when it cannot be told
    (no permission). Nothing is changed either way.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "notes.csv"; _ = p.write_text("a,b")
    ...     try:
    ...         check_store_file(p)
    ...     except NotAStore as exc:
    ...         print(type(exc).__name__, p.read_text())
    NotAStore a,b
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        raise StoreError(key="store_unwritable", folder=path.parent,
                         reason="not a folder") from None
    except OSError as exc:
        raise StoreError(key="store_unreadable", path=path, reason=exc.strerror or exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise NotAStore(key="store_is_folder", path=path)
    if not stat.S_ISREG(st.st_mode):
        raise NotAStore(key="store_not_file", path=path)
    try:
        with open(path, "rb") as f:
            head = f.read(len(MAGIC))
    except OSError as exc:
        raise StoreError(key="store_unreadable", path=path, reason=exc.strerror or exc) from None
    if head != MAGIC:
        raise NotAStore(key="not_a_store", path=path)
    return True


def prepare_folder(path: Path) -> None:
    """Create the folder a new store file goes in; a one-line error if that cannot be."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(key="store_unwritable", folder=folder, reason=exc.strerror or exc) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(key="store_unwritable", folder=folder, reason="no permission to write")
