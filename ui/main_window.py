"""The main window: navigation, pages, File menu, status bar, remembered geometry."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

# QFileDialog and QMessageBox are imported in the methods that use them: PySide creates a Qt
# class's Python enums when the class is first touched, which start-up need not pay for.
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QWidget,
)

from outreach import APP_NAME, __version__
from outreach.i18n import tr
from outreach.storage.backups import snapshot
from ui.context import AppContext
from ui.file_opening import open_interactively
from ui.pages import PAGES
from ui.pages.base import Page

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

FILE_FILTER_KEY = "file.filter"
NAVIGATION_STYLE = """
QListWidget { font-size: 15px; border: none; background: #f3f1ee; }
QListWidget::item { padding: 9px 14px; }
QListWidget::item:selected { background: #b3261e; color: white; }
"""


def set_shortcuts(
    action: QAction, keys: QKeySequence.StandardKey | list[QKeySequence], fallback: str = ""
) -> None:
    """The platform's keys for ``keys``; ``fallback`` where the platform has none (Quit on
    Windows). setShortcuts with a list, not setShortcut: see ``_build_menus``."""
    action.setShortcuts(keys)
    if fallback and not action.shortcuts():
        action.setShortcuts([QKeySequence(fallback)])


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("mainWindow")
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setStyleSheet(NAVIGATION_STYLE)
        self.nav.setFixedWidth(168)
        self.stack = QStackedWidget()
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        # Pages are built when first shown, so start-up does not pay for all of them.
        self._entries = PAGES
        self._built: dict[int, Page] = {}
        for entry in self._entries:
            self.stack.addWidget(QWidget())
            self.nav.addItem(QListWidgetItem(tr(entry.title_key)))
        self.nav.currentRowChanged.connect(self._show_page)
        self.nav.setCurrentRow(0)
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self._build_menus()
        context.language_changed.connect(lambda _language: self.retranslate())
        context.programme_replaced.connect(self._programme_replaced)
        context.data_changed.connect(self._data_changed)
        context.status.connect(lambda text: self.statusBar().showMessage(text, 5000))
        geometry = context.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1180, 760)
        self.retranslate()

    # -- building
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        # setShortcuts, not setShortcut or shortcut=: resolving setShortcut's overloads creates
        # every enum of the Qt namespace (about 25 ms of start-up).
        self.new_action = self._action(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_programme)
        self.open_action = self._action(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.choose_and_open)
        self.copy_action = self._action([QKeySequence("Ctrl+Shift+S")])
        self.copy_action.triggered.connect(self.save_copy)
        self.report_action = QAction(self)
        self.report_action.setObjectName("reportAction")
        self.report_action.triggered.connect(lambda: self.print_report())
        self.rename_action = QAction(self)
        self.rename_action.setObjectName("renameAction")
        self.rename_action.triggered.connect(lambda: self.rename_programme())
        self.recent_menu = QMenu(self)
        # Qt's standard Quit key is empty on Windows: Ctrl+Q there too
        self.quit_action = self._action(QKeySequence.StandardKey.Quit, fallback="Ctrl+Q")
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.new_action)
        self.file_menu.addAction(self.open_action)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addAction(self.copy_action)
        self.file_menu.addAction(self.rename_action)
        self.file_menu.addAction(self.report_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        from ui.safety_actions import SafetyActions

        # Restore…, Export bundle…, Merge bundle… and the periodic backup timer.
        self.safety = SafetyActions(
            self, self.context, self.file_menu, self.quit_action, self.pages_agree_to_leave
        )
        self._enable_file_actions()
        self.help_menu = bar.addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.about)
        self.help_menu.addAction(self.about_action)

    def _action(
        self, keys: QKeySequence.StandardKey | list[QKeySequence], fallback: str = ""
    ) -> QAction:
        action = QAction(self)
        set_shortcuts(action, keys, fallback)
        return action

    def retranslate(self) -> None:
        # a transient message was written in the old language
        self.statusBar().clearMessage()
        self.file_menu.setTitle(tr("menu.file"))
        self.new_action.setText(tr("menu.new"))
        self.open_action.setText(tr("menu.open"))
        self.copy_action.setText(tr("menu.save_copy"))
        self.report_action.setText(tr("menu.report"))
        self.rename_action.setText(tr("menu.programme_name"))
        self.recent_menu.setTitle(tr("menu.recent"))
        self.quit_action.setText(tr("menu.quit"))
        self.help_menu.setTitle(tr("menu.help"))
        self.about_action.setText(tr("menu.about"))
        for row, entry in enumerate(self._entries):
            self.nav.item(row).setText(tr(entry.title_key))
        self._rebuild_recent()
        self._update_title()

    def _rebuild_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.context.settings.recent_files
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        if not recent:
            empty = self.recent_menu.addAction(tr("menu.recent_empty"))
            empty.setEnabled(False)

    def _update_title(self) -> None:
        programme = self.context.programme
        if programme is None:
            self.setWindowTitle(f"{tr('app.title')}")
            self.status_label.setText(tr("status.no_programme"))
            return
        self.setWindowTitle(f"{programme.name} — {tr('app.title')}")
        state = tr("status.read_only") if programme.read_only else ""
        self.status_label.setText(f"{programme.path or ':memory:'} {state}".strip())

    def _programme_replaced(self) -> None:
        programme = self.context.programme
        if programme is not None and programme.path is not None:
            self.context.settings.add_recent(programme.path)
            self.context.settings.last_programme = programme.path
        self._rebuild_recent()
        self._update_title()
        self._enable_file_actions()

    def _data_changed(self, topic: str) -> None:
        if topic == "programme":  # renamed
            self._update_title()

    def _enable_file_actions(self) -> None:
        # with no programme open they would do nothing, silently
        programme = self.context.programme
        self.report_action.setEnabled(programme is not None)
        self.rename_action.setEnabled(programme is not None and not programme.read_only)
        self.copy_action.setEnabled(programme is not None and programme.path is not None)

    # -- navigation
    def page_at(self, row: int) -> Page:
        page = self._built.get(row)
        if page is None:
            page = self._entries[row].load()(self.context)
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[row] = page
        return page

    @property
    def pages(self) -> list[Page]:
        """Every page (building those not yet shown)."""
        return [self.page_at(row) for row in range(len(self._entries))]

    def _show_page(self, row: int) -> None:
        if row < 0:
            return
        page = self.page_at(row)
        self.stack.setCurrentWidget(page)
        page.shown()

    def _row_of(self, page_id: str) -> int:
        for row, entry in enumerate(self._entries):
            if entry.page_id == page_id:
                return row
        raise KeyError(page_id)

    def go_to(self, page_id: str) -> Page:
        row = self._row_of(page_id)
        self.nav.setCurrentRow(row)
        return self.page_at(row)

    def page(self, page_id: str) -> Page:
        return self.page_at(self._row_of(page_id))

    # -- files
    def commit_open_editor(self) -> None:
        """Save a table cell still being typed in, as moving to another cell would."""
        from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView

        for view in self.findChildren(QAbstractItemView):
            if view.state() != QAbstractItemView.State.EditingState:
                continue
            editor = view.focusWidget()  # the editor took the focus when it opened
            if editor is None or editor.parentWidget() is not view.viewport():
                continue
            delegate = view.itemDelegateForIndex(view.currentIndex())
            # the delegate's own signals: the view commits the editor's text and closes it
            delegate.commitData.emit(editor)
            delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def pages_agree_to_leave(self) -> bool:
        """Every page built so far may let the open programme go (pages with unsaved work ask)."""
        # A table cell still being typed in (a team's notes) is saved first, as leaving the
        # cell would: quitting or opening another file dropped it.
        self.commit_open_editor()
        return all(page.may_leave_programme() for page in self._built.values())

    def open_path(self, path: Path, *, create: bool = False) -> bool:
        if self.context.programme is not None and not self.pages_agree_to_leave():
            return False
        # Lock held elsewhere: offer read-only; damaged: offer the newest good backup.
        existed = path.exists() and path.stat().st_size > 0
        # The rolling on-open backup is taken on a worker thread once the file is shown.
        programme = open_interactively(self, path, create=create, backup_on_open=False)
        if programme is None:
            return False
        self.context.replace_programme(programme)
        self.context.status.emit(tr("status.opened", path=str(path)))
        if existed:
            self.safety.back_up_on_open(programme)
        return True

    def open_recent(self, path: str) -> bool:
        """A recent file; one deleted or moved since is taken off the list (after the warning
        that names it), not offered again and again."""
        opened = self.open_path(Path(path))
        if not opened and not Path(path).exists():
            self.context.settings.remove_recent(path)
            self._rebuild_recent()
        return opened

    def _filter(self) -> str:
        return tr(FILE_FILTER_KEY)

    def new_programme(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from ui.file_dialogs import save_file_name

        name = save_file_name(
            self,
            tr("menu.new"),
            str(Path.home() / "programme.outreach.db"),
            self._filter(),
            ask_replace=False,  # an existing file is never replaced: opening it is offered
        )
        if name:
            path = Path(name)
            if path.exists():
                answer = QMessageBox.question(
                    self,
                    tr("menu.new"),
                    tr("file.exists_open_instead", path=name),
                    defaultButton=QMessageBox.StandardButton.No,
                )
                if answer == QMessageBox.StandardButton.Yes:
                    self.open_path(path)
                return
            from outreach.storage.database import name_from_file

            title = self._ask_programme_name(
                tr("menu.new"), tr("programme_name.new_prompt"), name_from_file(path)
            )
            if title is None:
                return
            if self.open_path(path, create=True) and not self.context.programme.read_only:
                self._set_programme_name(title)

    def rename_programme(self, name: str | None = None) -> bool:
        """File ▸ Programme name…: the title, Home's heading, reports and rosters follow at
        once. ``name`` skips the dialog."""
        programme = self.context.programme
        if programme is None or programme.read_only:
            return False
        if name is None:
            # Renaming is not on an undo stack (undo is per page): the dialog says the name
            # in force, and a change is confirmed from old to new before it is written.
            from PySide6.QtWidgets import QMessageBox

            old = programme.name
            name = self._ask_programme_name(
                tr("programme_name.title"),
                tr("programme_name.rename_prompt", name=old),
                old,
            )
            if name is None or name == old:
                return False
            answer = QMessageBox.question(
                self,
                tr("programme_name.title"),
                tr("programme_name.confirm", old=old, new=name),
                defaultButton=QMessageBox.StandardButton.Yes,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        return self._set_programme_name(name)

    def _ask_programme_name(self, title: str, prompt: str, text: str) -> str | None:
        """A name typed (asked again after a refusal, with what was typed), or None."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

        from outreach.core.info import ProgrammeInfoError, clean_programme_name

        while True:
            text, ok = QInputDialog.getText(self, title, prompt, QLineEdit.EchoMode.Normal, text)
            if not ok:
                return None
            try:
                return clean_programme_name(text)
            except ProgrammeInfoError as error:
                QMessageBox.warning(self, title, error.message.render())

    def _set_programme_name(self, name: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        from outreach.core.info import ProgrammeInfoError, rename_programme
        from ui.errors import describe_error

        try:
            name = rename_programme(self.context.db, name)
        except (ProgrammeInfoError, sqlite3.Error) as error:  # refused or not written: no change
            QMessageBox.warning(self, tr("programme_name.title"), describe_error(error))
            return False
        self.context.notify("programme")
        self.context.status.emit(tr("status.renamed", name=name))
        return True

    def choose_and_open(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(self, tr("menu.open"), "", self._filter())
        if name:
            self.open_path(Path(name))

    def save_copy(self) -> None:
        from ui.file_dialogs import ask_save_path

        programme = self.context.programme
        if programme is None:
            return
        name = ask_save_path(self, tr("menu.save_copy"), "", FILE_FILTER_KEY)
        if name:
            try:
                snapshot(programme.conn, Path(name))
            except OSError as error:  # a read-only stick, a full disk: say so, keep working
                from PySide6.QtWidgets import QMessageBox

                from outreach.atomic_files import os_error_message

                QMessageBox.warning(
                    self, tr("menu.save_copy").rstrip("…"), os_error_message(error, name).render()
                )
                return
            self.context.status.emit(tr("status.copy_saved", path=name))

    def print_report(self, path: str | None = None):
        """The programme report (the command line's ``print report``), in the printout
        language, written in the background; ``path`` skips the save dialog."""
        from PySide6.QtWidgets import QMessageBox

        from outreach.reporting.programme_report import build_report
        from ui.inventory_views import print_report_with_dialog

        programme = self.context.programme
        if programme is None:
            return None
        title = tr("menu.report").rstrip("…")
        language = self.context.print_language
        return print_report_with_dialog(
            self,
            self.context,
            title,
            f"{programme.name}.pdf",
            lambda target: build_report(
                programme.db, target, language=language, programme_name=programme.name
            ),
            lambda text: QMessageBox.warning(self, title, text),
            path,
        )

    def open_demo(self, path: Path) -> bool:
        from outreach.demo import DemoRefused, fill_demo

        if not self.open_path(path, create=True):
            return False
        if self.context.programme.read_only:
            return True  # held by another window: shown as it is, never written
        # A file that already holds the demo is simply shown.
        with contextlib.suppress(DemoRefused):
            fill_demo(self.context.db)
        self.context.replace_programme(self.context.programme)
        return True

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self, tr("menu.about"), f"<b>{APP_NAME} {__version__}</b><br>{tr('app.tagline')}"
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        # Quitting lets the programme go like opening another file does: typed exam settings
        # are saved, an unsaved certificate design asks (Cancel keeps the window open).
        if self.context.programme is not None and not self.pages_agree_to_leave():
            event.ignore()
            return
        self.context.settings.set_geometry(self.saveGeometry())
        self.context.settings.sync()
        super().closeEvent(event)
