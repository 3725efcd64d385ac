"""Single writer: a lock file beside the programme names the process that has it open for writing.

SQLite itself would let two windows write the same file, but two organisers editing the same
roster from two windows overwrite each other's work without noticing. The second window is told
who holds the file (process, computer, since when) and may open it read-only. A lock left behind
by a crash (its process is gone) is taken over silently.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from outreach.i18n import Message, msg

LOCK_SUFFIX = ".lock"


@dataclass(frozen=True)
class LockHolder:
    pid: int
    host: str
    since: str  # ISO time the lock was taken
    # Tells this opening from another by the same process (reopening the same file).
    token: str = field(default="", compare=True)

    def describe(self) -> Message:
        return msg("safety.lock.holder", pid=self.pid, host=self.host, since=self.since)


class ProgrammeLocked(Exception):
    """Another live process has the programme open for writing."""

    def __init__(self, path: Path, holder: LockHolder) -> None:
        self.path = path
        self.holder = holder
        self.message = msg(
            "safety.lock.held",
            path=str(path),
            pid=holder.pid,
            host=holder.host,
            since=holder.since,
        )
        super().__init__(self.message.render("en"))


def lock_path_for(programme_path: Path) -> Path:
    return programme_path.parent / f"{programme_path.name}{LOCK_SUFFIX}"


def _this_host() -> str:
    # os.uname is what socket.gethostname reads on POSIX, without importing socket at start-up.
    if hasattr(os, "uname"):
        return os.uname().nodename or "localhost"
    import socket  # pragma: no cover - Windows

    return socket.gethostname() or "localhost"  # pragma: no cover


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        synchronize = 0x00100000
        handle = ctypes.windll.kernel32.OpenProcess(synchronize, False, pid)
        if not handle:
            return False
        still_active = ctypes.windll.kernel32.WaitForSingleObject(handle, 0) == 0x00000102
        ctypes.windll.kernel32.CloseHandle(handle)
        return still_active
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def read_holder(lock_path: Path) -> LockHolder | None:
    """The holder written in a lock file; ``None`` when missing or unreadable (half-written)."""
    try:
        data = json.loads(lock_path.read_text(encoding="utf-8"))
        return LockHolder(
            int(data["pid"]), str(data["host"]), str(data["since"]), str(data.get("token", ""))
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_stale(holder: LockHolder | None) -> bool:
    """A lock is stale when its process is gone. On another computer (shared folder) we cannot
    tell, so it counts as held: the organiser can still open read-only."""
    if holder is None:
        return True
    if holder.host != _this_host():
        return False
    return not process_alive(holder.pid)


@dataclass
class ProgrammeLock:
    path: Path  # the lock file
    holder: LockHolder
    recovered_from: LockHolder | None = None  # the stale lock taken over, if any

    def release(self) -> None:
        """Remove the lock file if it is still ours."""
        current = read_holder(self.path)
        if current == self.holder:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()


def _write_exclusive(lock_path: Path, holder: LockHolder) -> bool:
    try:
        fd = os.open(lock_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    # Not fsynced: after a power cut an empty or partial lock file reads as no holder, which
    # counts as stale and is taken over; and fsync on a USB stick can cost many milliseconds.
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(
            {"pid": holder.pid, "host": holder.host, "since": holder.since, "token": holder.token},
            handle,
        )
    return True


def acquire(programme_path: Path, *, pid: int | None = None) -> ProgrammeLock:
    """Take the programme's lock or raise ``ProgrammeLocked`` naming the live holder."""
    programme_path = Path(programme_path)
    lock_path = lock_path_for(programme_path)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    me = LockHolder(
        pid=os.getpid() if pid is None else pid,
        host=_this_host(),
        since=dt.datetime.now().isoformat(timespec="seconds"),
        token=os.urandom(16).hex(),
    )
    recovered: LockHolder | None = None
    # Two attempts: the second after removing a stale lock (another process may win the race,
    # in which case it is the live holder we report).
    for _ in range(2):
        if _write_exclusive(lock_path, me):
            return ProgrammeLock(lock_path, me, recovered)
        holder = read_holder(lock_path)
        if holder is not None and holder.pid == me.pid and holder.host == me.host:
            # This very process holds it (the file was reopened): keep it.
            lock_path.unlink(missing_ok=True)
            continue
        if not is_stale(holder):
            raise ProgrammeLocked(programme_path, holder)  # type: ignore[arg-type]
        recovered = holder
        with contextlib.suppress(FileNotFoundError):
            lock_path.unlink()
    holder = read_holder(lock_path)
    if holder is None:
        holder = LockHolder(0, "?", "?")
    raise ProgrammeLocked(programme_path, holder)


def holder_of(programme_path: Path) -> LockHolder | None:
    """The live holder of the programme's lock, if any (a stale lock counts as none)."""
    holder = read_holder(lock_path_for(Path(programme_path)))
    if holder is None or is_stale(holder):
        return None
    return holder
