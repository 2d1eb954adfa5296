"""Accounts of the people who use one store: names, roles, counties, password hashes.

The accounts live beside the store, ``data/branchgraph.lbug`` ->
``data/branchgraph.accounts.json`` (for a Bolt URI: the ``accounts`` setting, else
``./branchgraph.accounts.json``), readable by its owner only (mode 0600). Every change
is written to a temporary file in the same folder, flushed, and put in place with
``os.replace``: a crash leaves the old file or the new one, never half of one.
Passwords are hashed with Argon2id (argon2-cffi); the file never holds a password.

Roles, from least to most: ``viewer`` reads; ``planner`` also loads data, exports and
writes proposals; ``admin`` does everything, accounts included. An account with
counties (``--county``) sees only those counties.

No Streamlit here: the dashboard is given an :class:`Accounts` and a :class:`Lockout`
by its entry script.

>>> can("viewer", "load"), can("planner", "load"), can("planner", "accounts")
(False, True, False)
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = [
    "ROLES",
    "MIN_PASSWORD",
    "Account",
    "AccountError",
    "Accounts",
    "Lockout",
    "accounts_path",
    "scopes_folder",
    "can",
]

ROLES = ("viewer", "planner", "admin")

#: What each role may do beyond reading (``read`` is every role's).
_RIGHTS = {
    "viewer": {"read"},
    "planner": {"read", "load", "export", "propose"},
    "admin": {"read", "load", "export", "propose", "accounts", "audit"},
}

#: The shortest password accepted.
MIN_PASSWORD = 8

_MESSAGES = {
    "bad_name": {"zh": "账户名 {name!r} 不可用：请用 1-64 个字母、数字、汉字、点、横线或下划线",
                 "en": "account name {name!r} is not usable: use 1-64 letters, digits, dots, "
                       "dashes or underscores"},
    "bad_role": {"zh": "角色 {role!r} 不存在：请用 viewer、planner 或 admin",
                 "en": "no role {role!r}: use viewer, planner or admin"},
    "exists": {"zh": "账户 {name} 已存在；改密码请用 branchgraph users passwd {name}",
               "en": "account {name} already exists; change its password with "
                     "branchgraph users passwd {name}"},
    "unknown": {"zh": "没有账户 {name}；用 branchgraph users list 查看已有账户",
                "en": "no account {name}; see the accounts with branchgraph users list"},
    "short": {"zh": "密码太短：至少 {n} 个字符", "en": "password too short: at least {n} characters"},
    "last_admin": {"zh": "{name} 是最后一个管理员，不能删除或降级；请先添加另一个管理员",
                   "en": "{name} is the last admin and cannot be removed; add another admin first"},
    "unreadable": {"zh": "账户文件 {path} 无法读取（{reason}）；请从备份恢复或删除后重新添加账户",
                   "en": "the accounts file {path} cannot be read ({reason}); restore it from a "
                         "backup, or remove it and add the accounts again"},
}


class AccountError(ValueError):
    """A mistake about accounts (unknown name, bad role, short password...), in zh and en."""

    def __init__(self, key: str, **fields: object) -> None:
        self.key, self.fields = key, fields
        super().__init__(self.text("en"))

    def text(self, lang: str = "zh") -> str:
        """The message in ``lang`` (``zh`` or ``en``)."""
        return _MESSAGES[self.key]["en" if lang == "en" else "zh"].format(**self.fields)


def can(role: str, action: str) -> bool:
    """Whether ``role`` may do ``action`` (``read``, ``load``, ``export``, ``propose``,
    ``accounts``, ``audit``)."""
    return action in _RIGHTS.get(role, set())


@dataclass(frozen=True)
class Account:
    """One account; ``counties`` empty means every county."""

    name: str
    role: str
    counties: tuple[str, ...] = ()
    password_hash: str = field(default="", repr=False)
    changed: str = ""

    @property
    def scoped(self) -> bool:
        return bool(self.counties)

    def can(self, action: str) -> bool:
        return can(self.role, action)


def accounts_path(store: str, chosen: str = "") -> Path:
    """Where the accounts of ``store`` live: ``chosen`` (the ``accounts`` setting) if
    given, else beside a store file, else (a Bolt URI) ``./branchgraph.accounts.json``.

    >>> accounts_path("/srv/bg/graph.lbug").as_posix()
    '/srv/bg/graph.accounts.json'
    """
    if chosen:
        return Path(chosen).expanduser().absolute()
    if "://" in store:
        return Path("branchgraph.accounts.json").absolute()
    path = Path(store).expanduser().absolute()
    return path.with_name(path.stem + ".accounts.json")


def scopes_folder(store: str, chosen: str = "") -> Path:
    """Where the county-scoped stores of ``store`` are built: beside its accounts file.

    >>> scopes_folder("/srv/bg/graph.lbug").as_posix()
    '/srv/bg/graph.scopes'
    """
    path = accounts_path(store, chosen)
    return path.with_name(path.name.removesuffix(".accounts.json").removesuffix(".json") + ".scopes")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _check_name(name: str) -> str:
    ok = 0 < len(name) <= 64 and all(ch.isalnum() or ch in "._-" for ch in name)
    if not ok:
        raise AccountError("bad_name", name=name)
    return name


class Accounts:
    """The accounts file of one store: read on every call, so a change made with
    ``branchgraph users`` is seen by a running dashboard at the next login.

    Parameters
    ----------
    path : the accounts file (see :func:`accounts_path`); it need not exist yet.
    hasher : the Argon2 parameters (default: argon2-cffi's RFC 9106 low-memory profile).
    """

    def __init__(self, path: str | os.PathLike[str], hasher: PasswordHasher | None = None) -> None:
        self.path = Path(path)
        self._hasher = hasher or PasswordHasher()

    # -- reading ------------------------------------------------------------------
    def all(self) -> list[Account]:
        """Every account, sorted by name ([] when there is no file)."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            found = [Account(a["name"], a["role"], tuple(a.get("counties", ())),
                             a["password_hash"], a.get("changed", "")) for a in raw["accounts"]]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise AccountError("unreadable", path=self.path,
                               reason=getattr(exc, "strerror", None) or exc) from None
        return sorted(found, key=lambda a: a.name)

    def exist(self) -> bool:
        """Whether at least one account exists (the dashboard then asks for a login)."""
        return bool(self.all())

    def get(self, name: str) -> Account:
        """The account ``name``; :class:`AccountError` when there is none."""
        for a in self.all():
            if a.name == name:
                return a
        raise AccountError("unknown", name=name)

    def verify(self, name: str, password: str) -> Account | None:
        """The account when ``password`` is its password, else None (also for an unknown
        name, after hashing the same work so timing does not tell which)."""
        found = {a.name: a for a in self.all()}.get(name)
        target = found.password_hash if found else _DUMMY.hash
        try:
            self._hasher.verify(target, password)
        except (VerificationError, InvalidHashError):
            return None
        return found

    # -- changing -----------------------------------------------------------------
    def add(self, name: str, role: str, password: str, counties: tuple[str, ...] = ()) -> Account:
        """Add an account; :class:`AccountError` for a taken name, bad role or short password."""
        _check_name(name)
        if role not in ROLES:
            raise AccountError("bad_role", role=role)
        with self._changing() as accounts:
            if any(a.name == name for a in accounts):
                raise AccountError("exists", name=name)
            new = Account(name, role, tuple(dict.fromkeys(c.strip() for c in counties if c.strip())),
                          self._hash(password), _now())
            accounts.append(new)
        return new

    def remove(self, name: str) -> None:
        """Remove ``name``; refused for the last admin while other accounts remain."""
        with self._changing() as accounts:
            gone = next((a for a in accounts if a.name == name), None)
            if gone is None:
                raise AccountError("unknown", name=name)
            rest = [a for a in accounts if a.name != name]
            if gone.role == "admin" and rest and not any(a.role == "admin" for a in rest):
                raise AccountError("last_admin", name=name)
            accounts[:] = rest

    def passwd(self, name: str, password: str) -> None:
        """Set a new password for ``name``."""
        with self._changing() as accounts:
            for i, a in enumerate(accounts):
                if a.name == name:
                    accounts[i] = Account(a.name, a.role, a.counties, self._hash(password), _now())
                    return
            raise AccountError("unknown", name=name)

    def _hash(self, password: str) -> str:
        if len(password) < MIN_PASSWORD:
            raise AccountError("short", n=MIN_PASSWORD)
        return self._hasher.hash(password)

    @contextlib.contextmanager
    def _changing(self) -> Iterator[list[Account]]:
        """The accounts as a list to change in place, written back atomically (0600)
        under an exclusive lock so two `branchgraph users` never lose each other's change."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            accounts = self.all()
            yield accounts
            self._write(accounts)
        finally:
            os.close(fd)

    def _write(self, accounts: list[Account]) -> None:
        body = {"format": "branchgraph-accounts/1",
                "accounts": [asdict(a) | {"counties": list(a.counties)} for a in accounts]}
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                os.fchmod(fh.fileno(), 0o600)
                json.dump(body, fh, ensure_ascii=False, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise


class _Dummy:
    """A hash to verify unknown names against (made on first use: hashing takes time)."""

    @property
    def hash(self) -> str:
        if not hasattr(self, "_hash"):
            self._hash = PasswordHasher().hash("no such account")
        return self._hash


_DUMMY = _Dummy()


class Lockout:
    """Wrong-password counting per account name and per client address.

    After ``attempts`` wrong passwords in a row for a name (or from an address), further
    tries are refused for ``wait`` seconds, doubling with each further lockout up to an
    hour; a right password clears the name's and the address's count. Kept in memory by
    the dashboard's server (shared by its sessions); a restart clears it.

    >>> clock = iter([0, 0, 0, 0]).__next__
    >>> lock = Lockout(attempts=2, wait=30, clock=clock)
    >>> lock.failed("wang", "10.0.0.5"); lock.failed("wang", "10.0.0.5")
    >>> lock.wait_left("wang", "10.0.0.9")
    30
    """

    def __init__(self, attempts: int = 5, wait: float = 60, clock: Callable[[], float] = time.monotonic) -> None:
        self.attempts, self.wait, self._clock = int(attempts), float(wait), clock
        self._fails: dict[tuple[str, str], int] = {}
        self._until: dict[tuple[str, str], float] = {}
        self._rounds: dict[tuple[str, str], int] = {}
        self._mutex = threading.Lock()

    def wait_left(self, name: str, address: str) -> int:
        """Seconds before ``name`` may try again from ``address`` (0: now)."""
        now = self._clock()
        with self._mutex:
            left = max((self._until.get(k, 0.0) - now for k in self._keys(name, address)), default=0.0)
        return max(0, int(left + 0.999))

    def failed(self, name: str, address: str) -> None:
        """Count a wrong password for ``name`` from ``address``."""
        now = self._clock()
        with self._mutex:
            for k in self._keys(name, address):
                self._fails[k] = self._fails.get(k, 0) + 1
                if self._fails[k] >= self.attempts:
                    rounds = self._rounds.get(k, 0)
                    self._until[k] = now + min(self.wait * 2 ** rounds, 3600.0)
                    self._rounds[k], self._fails[k] = rounds + 1, 0

    def succeeded(self, name: str, address: str) -> None:
        """Clear the counts of ``name`` and ``address`` after a right password."""
        with self._mutex:
            for k in self._keys(name, address):
                for table in (self._fails, self._until, self._rounds):
                    table.pop(k, None)

    @staticmethod
    def _keys(name: str, address: str) -> list[tuple[str, str]]:
        return [("user", name), ("addr", address or "?")]
