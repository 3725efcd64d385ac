"""Damaged files: ``open_programme`` refuses them (``DamagedFileError``, after SQLite's quick
check); this finds the newest good backup to offer instead."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from outreach.storage.backups import BackupFile
from outreach.storage.restoring import BackupReport, newest_good_backup


@dataclass(frozen=True)
class RecoveryOffer:
    damaged: Path
    backup: BackupFile
    report: BackupReport


def recovery_offer(path: str | Path) -> RecoveryOffer | None:
    """The newest good backup of a damaged programme file, if there is one."""
    found = newest_good_backup(Path(path))
    if found is None:
        return None
    backup, report = found
    return RecoveryOffer(Path(path), backup, report)
