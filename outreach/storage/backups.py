"""Consistent snapshots with the SQLite backup API (a file copy of a WAL database loses rows):
rolling backups beside the file, and the periodic backup. Inspecting and restoring them is
``outreach.storage.restoring``."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from outreach.atomic_files import atomic_path, write_bytes_atomic
from outreach.locations import backups_dir_for

ROLLING_KEEP = 10
SUFFIX = ".backup.db"
ON_OPEN = "on-open"
# What the programme file was (a hash of its bytes and its -wal's) when the newest on-open
# backup was taken: an unchanged file is not backed up again, so that ten quick command-line
# checks do not push the good older backups out.
ON_OPEN_SOURCE = ".last-opened-source.json"


@dataclass(frozen=True)
class BackupFile:
    path: Path
    created: dt.datetime
    reason: str


def snapshot(conn: sqlite3.Connection, target: Path) -> Path:
    """Write a consistent copy of the open database to ``target`` (atomically)."""
    with atomic_path(target) as tmp:
        dest = sqlite3.connect(tmp)
        try:
            conn.backup(dest)
            # A snapshot is a standalone file: no -wal beside it to lose.
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
    return target


def _stamp(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")


def backup_path(programme_path: Path, reason: str, now: dt.datetime | None = None) -> Path:
    return backups_dir_for(programme_path) / f"{_stamp(now)}-{reason}{SUFFIX}"


def list_backups(programme_path: Path) -> list[BackupFile]:
    """Newest first."""
    folder = backups_dir_for(programme_path)
    found = []
    if folder.is_dir():
        for path in folder.glob(f"*{SUFFIX}"):
            stem = path.name[: -len(SUFFIX)]
            parts = stem.split("-", 3)
            if len(parts) < 4:
                continue
            try:
                created = dt.datetime.strptime("-".join(parts[:3]), "%Y%m%d-%H%M%S-%f")
            except ValueError:
                continue
            found.append(BackupFile(path, created, parts[3]))
    found.sort(key=lambda item: item.created, reverse=True)
    return found


def rolling_backup(
    conn: sqlite3.Connection, programme_path: Path, reason: str, keep: int = ROLLING_KEEP
) -> Path:
    """Snapshot into the backups folder and keep only the newest ``keep`` of this reason."""
    target = snapshot(conn, backup_path(programme_path, reason))
    same_reason = [b for b in list_backups(programme_path) if b.reason == reason]
    for old in same_reason[keep:]:
        old.path.unlink(missing_ok=True)
    return target


def file_fingerprint(programme_path: Path) -> str | None:
    """A hash of the programme file's bytes and its write-ahead log's (an empty or absent log
    counts alike); None if they cannot be read. Equal fingerprints mean equal contents. Read
    while no other writer can have the file (the lock is held), milliseconds for a programme."""
    import hashlib

    digest = hashlib.blake2b(digest_size=20)
    try:
        for part in (programme_path, programme_path.with_name(programme_path.name + "-wal")):
            digest.update(b"\0part\0")
            if part is not programme_path and not part.exists():
                continue
            with open(part, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def on_open_backup(
    conn: sqlite3.Connection, programme_path: Path, keep: int = ROLLING_KEEP
) -> Path | None:
    """The rolling on-open backup; None (and none taken) when the file is byte for byte what
    it was when the newest on-open backup was taken, which is still there."""
    fingerprint = file_fingerprint(programme_path)
    remembered = backups_dir_for(programme_path) / ON_OPEN_SOURCE
    newest = next((b for b in list_backups(programme_path) if b.reason == ON_OPEN), None)
    if fingerprint is not None and newest is not None:
        try:
            stored = json.loads(remembered.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = None
        if stored == {"backup": newest.path.name, "source": fingerprint}:
            return None
    target = rolling_backup(conn, programme_path, ON_OPEN, keep)
    if fingerprint is not None:
        record = {"backup": target.name, "source": fingerprint}
        # if it cannot be written, the next open takes a backup again, nothing worse
        with contextlib.suppress(OSError):
            write_bytes_atomic(remembered, json.dumps(record).encode("utf-8"))
    return target


def open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def on_open_backup_of_file(programme_path: Path, keep: int = ROLLING_KEEP) -> Path | None:
    """``on_open_backup`` through a read-only connection of its own (a worker thread)."""
    conn = open_read_only(programme_path)
    try:
        return on_open_backup(conn, programme_path, keep)
    finally:
        conn.close()


class PeriodicBackup:
    """Rolling backups after a while of changes: the first change since the last backup starts
    the clock; ``interval`` seconds later ``tick()`` takes a backup (the window ticks a timer).

    Changes are counted with the connection's ``total_changes`` (this process's writes).
    """

    REASON = "periodic"

    def __init__(self, programme, interval: float = 30 * 60, clock=None) -> None:
        import time

        self.programme = programme
        self.interval = interval
        self.clock = clock or time.monotonic
        self._seen = self._changes()
        self._first_change_at: float | None = None

    def _changes(self) -> int:
        return self.programme.conn.total_changes

    def tick(self) -> Path | None:
        """Take a backup when changes have waited ``interval``; returns its path."""
        if self.programme.path is None or self.programme.read_only:
            return None
        now = self.clock()
        changes = self._changes()
        if changes != self._seen and self._first_change_at is None:
            self._first_change_at = now
        if self._first_change_at is None or now - self._first_change_at < self.interval:
            return None
        target = self.programme.backup(self.REASON)
        self._seen = self._changes()
        self._first_change_at = None
        return target
