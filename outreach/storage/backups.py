"""Consistent snapshots with the SQLite backup API (a file copy of a WAL database loses rows)."""

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
