"""The window's data-safety actions: File ▸ Restore…, Export bundle…, Merge bundle…, and the
periodic backup timer (a backup once changes have waited 30 minutes)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction

from outreach.i18n import tr
from outreach.storage.backups import PeriodicBackup, on_open_backup_of_file
from ui.context import AppContext
from ui.file_opening import open_interactively

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMenu

    from outreach.storage import Programme

log = logging.getLogger(__name__)

TICK_MS = 60_000


class SafetyActions(QObject):
    def __init__(
        self,
        window: QMainWindow,
        context: AppContext,
        file_menu: QMenu,
        before: QAction,
        may_leave: Callable[[], bool] = lambda: True,
    ):
        super().__init__(window)
        self.window = window
        self.context = context
        # asked before a restore or merge reloads everything (pages with unsaved work ask)
        self.may_leave = may_leave
        self.restore_action = QAction(window)
        self.restore_action.setObjectName("restoreAction")
        self.restore_action.triggered.connect(self.show_restore)
        self.bundle_action = QAction(window)
        self.bundle_action.triggered.connect(self.export_bundle)
        self.merge_action = QAction(window)
        self.merge_action.triggered.connect(self.choose_and_merge)
        for action in (self.restore_action, self.bundle_action, self.merge_action):
            file_menu.insertAction(before, action)
        # after the window's own separator, and one of their own before Quit (Quit sat right
        # under "Merge bundle…")
        file_menu.insertSeparator(before)
        self.periodic: PeriodicBackup | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        context.programme_replaced.connect(self._programme_replaced)
        context.language_changed.connect(lambda _language: self.retranslate())
        self.retranslate()
        self._programme_replaced()

    def retranslate(self) -> None:
        self.restore_action.setText(tr("safety.menu.restore"))
        self.bundle_action.setText(tr("exchange.menu.bundle"))
        self.merge_action.setText(tr("exchange.menu.merge"))

    def _programme_replaced(self) -> None:
        programme = self.context.programme
        usable = programme is not None and programme.path is not None
        writable = usable and not programme.read_only
        self.periodic = PeriodicBackup(programme) if writable else None
        # a file open read-only may be held by another window: restoring would replace the
        # file under it
        self.restore_action.setEnabled(bool(writable))
        self.bundle_action.setEnabled(programme is not None)
        self.merge_action.setEnabled(bool(writable))

    def back_up_on_open(self, programme: Programme) -> None:
        """The rolling on-open backup (keeping the last 10), off the GUI thread; Home shows it
        when it is written."""
        if programme.read_only or programme.path is None:
            return
        path = programme.path

        def back_up(_progress) -> Path | None:
            # none when the file is what it was at the newest on-open backup
            return on_open_backup_of_file(path)

        def start() -> None:
            from ui.tasks import run_task  # after the first paint: not on start-up's path

            run_task(
                self.window,
                "",
                back_up,
                show_dialog=False,
                on_done=lambda _target: self.context.notify("backup"),
                on_error=lambda _error, details: log.error("on-open backup failed:\n%s", details),
            )

        self.context.when_shown(start)

    def tick(self) -> Path | None:
        if self.periodic is None:
            return None
        target = self.periodic.tick()
        if target is not None:
            self.context.notify("backup")
        return target

    # -- restore
    def show_restore(self) -> None:
        from ui.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.context, self.restore, self.window)
        dialog.exec()

    def restore(self, backup: Path) -> Path | None:
        """Close the file, restore ``backup`` over it (keeping a copy), reopen it."""
        programme = self.context.programme
        if programme is None or programme.path is None or programme.read_only:
            return None
        if not self.may_leave():
            return None
        from outreach.storage.restoring import restore_backup

        path = programme.path
        self.context.replace_programme(None)
        result = restore_backup(path, backup)
        self.context.replace_programme(open_interactively(self.window, path))
        self.context.status.emit(tr("safety.restore.done", copy=str(result.previous_copy)))
        return result.previous_copy

    # -- exchange
    def export_bundle(self, target: Path | None = None) -> Path | None:
        from outreach.exchange.bundle import export_bundle
        from ui.file_dialogs import ask_save_path

        programme = self.context.programme
        if programme is None:
            return None
        if target is None:
            suggested = (programme.path.parent if programme.path else Path.home()) / (
                f"{programme.name}.bundle.json"
            )
            name = ask_save_path(
                self.window, tr("exchange.menu.bundle"), str(suggested), "exchange.filter"
            )
            if not name:
                return None
            target = Path(name)
        try:
            bundle = export_bundle(programme.db, target, programme.name)
        except OSError as error:  # a read-only stick, a full disk: say so, keep working
            from PySide6.QtWidgets import QMessageBox

            from outreach.atomic_files import os_error_message

            QMessageBox.warning(
                self.window,
                tr("exchange.menu.bundle").rstrip("…"),
                os_error_message(error, target).render(),
            )
            return None
        self.context.status.emit(
            tr(
                "exchange.cli.bundle_done",
                file=str(target),
                rows=bundle.row_count(),
                tables=len(bundle.tables),
            )
        )
        return target

    def choose_and_merge(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(
            self.window, tr("exchange.menu.merge"), "", tr("exchange.filter")
        )
        if name:
            self.merge_from(Path(name))

    def merge_from(self, source: Path, *, show: bool = True):
        """Open the merge dialog for ``source`` (returned unshown when ``show`` is False)."""
        from PySide6.QtWidgets import QMessageBox

        from outreach.exchange.bundle import BundleError, read_bundle
        from outreach.exchange.merge import MergeRefused
        from ui.merge_dialog import MergeDialog

        if not self.may_leave():
            return None
        try:
            bundle = read_bundle(source)
            dialog = MergeDialog(self.context, bundle, source, self.window)
        except (BundleError, MergeRefused) as error:
            QMessageBox.warning(self.window, tr("exchange.menu.merge"), error.message.render())
            return None
        dialog.accepted.connect(lambda: self.context.replace_programme(self.context.programme))
        if show:
            dialog.exec()
        return dialog
