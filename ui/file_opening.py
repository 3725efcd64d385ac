"""Opening a programme file from the window: the single-writer lock (offer read-only) and
damaged files (offer the newest good backup, keeping the damaged file)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from outreach.i18n import join_phrases, tr
from outreach.storage import (
    DamagedFileError,
    Programme,
    ProgrammeError,
    ReadOnlyPlaceError,
    open_programme,
)
from outreach.storage.lock import ProgrammeLocked

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from outreach.storage.recovery import RecoveryOffer


def describe_counts(counts: list[tuple[str, int]]) -> str:
    return join_phrases(f"{tr(key)} {count}" for key, count in counts if count) or tr(
        "safety.summary.empty"
    )


def ask_read_only(parent: QWidget | None, locked: ProgrammeLocked) -> bool:
    """Asks whether to open a file held by another window read-only (tests replace this)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr("safety.lock.title"))
    box.setText(locked.message.render())
    box.setInformativeText(tr("safety.lock.question"))
    read_only = box.addButton(tr("safety.lock.open_read_only"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("common.cancel"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is read_only


def ask_read_only_place(parent: QWidget | None, error: ReadOnlyPlaceError) -> bool:
    """Asks whether to open a file that cannot be written read-only (tests replace this)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr("file.open_failed"))
    box.setText(error.message.render())
    read_only = box.addButton(tr("safety.lock.open_read_only"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("common.cancel"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is read_only


def ask_restore(parent: QWidget | None, damaged: DamagedFileError, offer: RecoveryOffer) -> bool:
    """Asks whether to replace a damaged file with its newest good backup (tests replace this)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(tr("safety.damaged.title"))
    box.setText(damaged.message.render())
    box.setInformativeText(
        tr(
            "safety.damaged.offer",
            when=offer.backup.created.strftime("%Y-%m-%d %H:%M"),
            contents=describe_counts(offer.report.counts),
        )
    )
    restore = box.addButton(tr("safety.damaged.restore"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("common.cancel"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is restore


def warn(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, text)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def _open_read_only(parent: QWidget | None, path: Path) -> Programme | None:
    try:
        return open_programme(path, read_only=True)
    except ProgrammeError as error:
        warn(parent, tr("file.open_failed"), error.message.render())
        return None


def open_interactively(
    parent: QWidget | None, path: Path, *, create: bool = False, backup_on_open: bool = True
) -> Programme | None:
    """Open ``path`` for writing, or read-only / from a backup when the organiser chooses."""
    try:
        return open_programme(path, create=create, lock=True, backup_on_open=backup_on_open)
    except ProgrammeLocked as locked:
        if not ask_read_only(parent, locked):
            return None
        return _open_read_only(parent, path)
    except ReadOnlyPlaceError as error:
        # a write-protected stick or a CD: looking is still possible
        if not ask_read_only_place(parent, error):
            return None
        return _open_read_only(parent, path)
    except DamagedFileError as damaged:
        from outreach.storage.recovery import recovery_offer

        offer = recovery_offer(path)
        if offer is None:
            warn(
                parent,
                tr("safety.damaged.title"),
                f"{damaged.message.render()}\n\n{tr('safety.damaged.no_backup')}",
            )
            return None
        if not ask_restore(parent, damaged, offer):
            return None
        from outreach.storage.restoring import restore_backup

        result = restore_backup(path, offer.backup.path)
        programme = open_interactively(parent, path)
        if programme is not None and result.previous_copy is not None:
            inform(
                parent,
                tr("safety.damaged.title"),
                tr("safety.damaged.restored", copy=str(result.previous_copy)),
            )
        return programme
    except ProgrammeError as error:
        warn(parent, tr("file.open_failed"), error.message.render())
        return None
