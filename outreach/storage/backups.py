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


def rolling_backup_of_file(programme_path: Path, reason: str, keep: int = ROLLING_KEEP) -> Path:
    """``rolling_backup`` through a read-only connection of its own, so that a worker thread
    can take it while the window goes on (the window opens files this way)."""
    conn = _open_read_only(programme_path)
    try:
        return rolling_backup(conn, programme_path, reason, keep)
    finally:
        conn.close()


# -- what a backup holds, whether it is good, restoring it ------------------------------------


@dataclass(frozen=True)
class BackupReport:
    """A backup's health and contents, for the Restore dialog and damaged-file recovery."""

    path: Path
    good: bool
    counts: list[tuple[str, int]]  # (catalog key, count) from the concepts' summaries
    problem: str = ""


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def inspect_backup(path: Path) -> BackupReport:
    """Open a backup read-only: quick integrity check, known migrations, and a summary."""
    from sqlite_utils import Database

    from outreach.storage.database import unknown_migrations

    try:
        conn = _open_read_only(path)
    except sqlite3.Error as exc:
        return BackupReport(path, False, [], str(exc))
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            return BackupReport(path, False, [], result)
        db = Database(conn)
        newer = unknown_migrations(db)
        if newer:
            names = ", ".join(f"{s}/{n}" for s, n in newer)
            return BackupReport(path, False, [], f"newer version ({names})")
        return BackupReport(path, True, summarise_contents(db))
    except sqlite3.Error as exc:
        return BackupReport(path, False, [], str(exc))
    finally:
        conn.close()


def summarise_contents(db) -> list[tuple[str, int]]:
    """Each concept's counts; a concept whose tables an older backup lacks is left out."""
    from outreach.feature_registry import all_features

    counts: list[tuple[str, int]] = []
    for feature in all_features():
        if feature.summarise is None:
            continue
        try:
            counts += feature.summarise(db)
        except sqlite3.Error:
            continue
    return counts


def newest_good_backup(programme_path: Path) -> tuple[BackupFile, BackupReport] | None:
    """The most recent backup that opens and passes the quick check (damaged-file recovery)."""
    for backup in list_backups(programme_path):
        report = inspect_backup(backup.path)
        if report.good:
            return backup, report
    return None


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def keep_copy_of_current(programme_path: Path, reason: str = "before-restore") -> Path | None:
    """A copy of the programme file as it is now (even if damaged), in its backups folder."""
    if not programme_path.exists():
        return None
    target = backup_path(programme_path, reason)
    try:
        conn = sqlite3.connect(str(programme_path))
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            snapshot(conn, target)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        # Damaged: keep its raw bytes (and its WAL) so nothing is thrown away.
        target = backup_path(programme_path, f"{reason}-damaged")
        with atomic_path(target) as tmp:
            tmp.write_bytes(programme_path.read_bytes())
        wal = programme_path.with_name(programme_path.name + "-wal")
        if wal.exists():
            target.with_name(target.name + "-wal.copy").write_bytes(wal.read_bytes())
    return target


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    previous_copy: Path | None  # where the replaced file was kept


def restore_backup(programme_path: Path, backup: Path) -> RestoreResult:
    """Replace the programme file with ``backup``; the current file is kept as a backup first.

    The programme must be closed (no connection open on it). Nothing is changed when the backup
    is not good.
    """
    from outreach.i18n import msg
    from outreach.storage.database import DamagedFileError

    programme_path = Path(programme_path)
    report = inspect_backup(backup)
    if not report.good:
        raise DamagedFileError(
            msg("safety.restore.bad_backup", path=str(backup), detail=report.problem), backup
        )
    previous = keep_copy_of_current(programme_path)
    data = backup.read_bytes()
    # A WAL left beside the old file would be replayed into the restored one: remove it first
    # (its contents are in the copy just taken).
    for sidecar in _sidecars(programme_path):
        sidecar.unlink(missing_ok=True)
    with atomic_path(programme_path) as tmp:
        tmp.write_bytes(data)
    return RestoreResult(backup, previous)


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
