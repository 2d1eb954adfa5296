"""Bounded input (private to :mod:`loaders`): the files of a folder or a zip, and nothing else.

A zip is checked before anything in it is inflated: its member count, each member's
size and their total against :class:`Limits`; names that are absolute or climb out
with ``..``; members that are symbolic links. Members are then inflated one at a time
into a private temporary folder, counting the bytes, so a zip that lies about its
sizes is stopped at the limit too, and memory never holds a whole member. In a folder
only regular files are read: a symbolic link (or a device, a pipe) is refused.
Workbooks are zips as well (``.xlsx``, ``.ods``): their sizes are checked the same way
before a reader opens them.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import LoadError, message

__all__ = ["Limits", "parse_size", "folder_files", "zip_files", "check_zip_sizes"]

_CHUNK = 1 << 20
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    """Caps on what one dataset may make the loader read.

    Attributes
    ----------
    total_bytes:
        The uncompressed size of all of a zip's members together.
    member_bytes:
        The uncompressed size of any one member.
    members:
        How many files a zip may hold.
    """

    total_bytes: int = 1 << 30
    member_bytes: int = 512 << 20
    members: int = 1000


def parse_size(text: str) -> int:
    """Bytes in ``"512MB"``, ``"1 GB"``, ``"2g"`` or ``"1048576"`` (units of 1024).

    >>> parse_size("512MB"), parse_size("1.5k"), parse_size("10")
    (536870912, 1536, 10)
    """
    m = _SIZE.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a size such as 512MB or 1GB")
    return int(float(m.group(1)) * 1024 ** " kmgt".index((m.group(2) or " ").lower()))


def _mb(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MB" if n >= 1 << 20 else f"{n:,} bytes"


def _regular(path: Path, label: str, lang: str) -> None:
    mode = path.lstat().st_mode
    if stat.S_ISLNK(mode):
        raise LoadError(message("symlink", lang, file=label))
    if not stat.S_ISREG(mode):
        raise LoadError(message("not_regular", lang, file=label))


def folder_files(folder: Path, lang: str) -> Iterator[tuple[str, Path]]:
    """(name, path) of each file in ``folder`` (not recursive), refusing any that is not
    a regular file; lock files (``~$x.xlsx``) and hidden files (``.x``) are passed over."""
    for f in sorted(folder.iterdir()):
        if f.is_dir() and not f.is_symlink() or _skip(f.name):
            continue
        _regular(f, f.name, lang)
        yield f.name, f


def _skip(name: str) -> bool:
    base = PurePosixPath(name).name
    return base.startswith((".", "~$")) or "__MACOSX" in name


def _zip_name(info: zipfile.ZipInfo) -> str:
    """Member name, repairing GBK names that zip tools on Chinese Windows write unflagged."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return info.filename


def check_zip_sizes(zf: zipfile.ZipFile, label: str, limits: Limits, lang: str) -> list[zipfile.ZipInfo]:
    """The members of ``zf`` that are files, after checking count, sizes, names and kinds.

    Raises :class:`LoadError` naming the first limit passed or the first bad member.
    """
    files = [i for i in zf.infolist() if not i.is_dir()]
    if len(files) > limits.members:
        raise LoadError(message("zip_members", lang, file=label, n=len(files), max=limits.members))
    total = 0
    for info in files:
        name = _zip_name(info)
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
            raise LoadError(message("zip_path", lang, file=label, member=name))
        kind = stat.S_IFMT(info.external_attr >> 16)
        if info.create_system == 3 and kind == stat.S_IFLNK:
            raise LoadError(message("symlink", lang, file=f"{label}/{name}"))
        if info.create_system == 3 and kind not in (0, stat.S_IFREG):
            raise LoadError(message("not_regular", lang, file=f"{label}/{name}"))
        if info.file_size > limits.member_bytes:
            raise LoadError(message("zip_member_size", lang, file=label, member=name,
                                    size=_mb(info.file_size), max=_mb(limits.member_bytes)))
        total += info.file_size
        if total > limits.total_bytes:
            raise LoadError(message("zip_total_size", lang, file=label, max=_mb(limits.total_bytes)))
    return files


def zip_files(path: Path, into: Path, limits: Limits, lang: str) -> Iterator[tuple[str, Path]]:
    """(name, extracted path) of each file of the zip at ``path``, inflated into ``into``.

    Folders inside the zip are flattened (the name is the member's base name).
    """
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise LoadError(message("unreadable", lang, file=path.name, reason=exc)) from None
    with zf:
        files = check_zip_sizes(zf, path.name, limits, lang)
        total = 0
        for k, info in enumerate(files):
            name = _zip_name(info)
            if _skip(name):
                continue
            base = PurePosixPath(name.replace("\\", "/")).name
            target = into / f"{k}{PurePosixPath(base).suffix.lower()}"
            size = 0
            try:
                with zf.open(info) as src, target.open("wb") as out:
                    while chunk := src.read(_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if size > limits.member_bytes or total > limits.total_bytes:
                            raise LoadError(message("zip_total_size", lang, file=path.name,
                                                    max=_mb(min(limits.member_bytes, limits.total_bytes))))
                        out.write(chunk)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                raise LoadError(message("unreadable", lang, file=f"{path.name}/{name}", reason=exc)) from None
            yield base, target
