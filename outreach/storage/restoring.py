"""What a backup holds, whether it is good, and restoring it over the programme file (the
Restore dialog and damaged-file recovery)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from outreach.atomic_files import atomic_path
from outreach.storage.backups import BackupFile, backup_path, list_backups, open_read_only, snapshot


@dataclass(frozen=True)
class BackupReport:
    """A backup's health and contents, for the Restore dialog and damaged-file recovery."""

    path: Path
    good: bool
    counts: list[tuple[str, int]]  # (catalog key, count) from the concepts' summaries
    problem: str = ""


def inspect_backup(path: Path) -> BackupReport:
    """Open a backup read-only: quick integrity check, known migrations, and a summary."""
    from sqlite_utils import Database

    from outreach.storage.database import unknown_migrations

    try:
        conn = open_read_only(path)
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
