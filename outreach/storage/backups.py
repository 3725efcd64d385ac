"""Consistent snapshots with the SQLite backup API (a file copy of a WAL database loses rows):
rolling backups beside the file, and the periodic backup. Inspecting and restoring them is
``outreach.storage.restoring``."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from outreach.atomic_files import atomic_path
from outreach.locations import backups_dir_for

ROLLING_KEEP = 10
SUFFIX = ".backup.db"


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


def open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def rolling_backup_of_file(programme_path: Path, reason: str, keep: int = ROLLING_KEEP) -> Path:
    """``rolling_backup`` through a read-only connection of its own, so that a worker thread
    can take it while the window goes on (the window opens files this way)."""
    conn = open_read_only(programme_path)
    try:
        return rolling_backup(conn, programme_path, reason, keep)
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
