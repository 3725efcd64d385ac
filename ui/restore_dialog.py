"""File ▸ Restore…: the programme's backups with time, reason and contents; restoring keeps a
copy of the current file first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from outreach.i18n import tr
from outreach.storage.backups import BackupFile, list_backups
from outreach.storage.restoring import BackupReport, inspect_backup
from ui.context import AppContext
from ui.file_opening import describe_counts
from ui.table_models import SORT_ROLE, Column, RowsTableModel

REASON_KEYS = {
    "on-open": "safety.reason.on_open",
    "periodic": "safety.reason.periodic",
    "before-import": "safety.reason.before_import",
    "before-migration": "safety.reason.before_migration",
    "before-restore": "safety.reason.before_restore",
    "before-restore-damaged": "safety.reason.before_restore_damaged",
    "before-merge": "safety.reason.before_merge",
    "manual": "safety.reason.manual",
}


def reason_text(reason: str) -> str:
    key = REASON_KEYS.get(reason)
    return tr(key) if key else reason


@dataclass(frozen=True)
class BackupRow:
    backup: BackupFile
    report: BackupReport

    @property
    def when(self) -> str:
        return self.backup.created.strftime("%Y-%m-%d %H:%M:%S")


COLUMNS = [
    Column("safety.restore.col_time", lambda r: r.when, sort_key=lambda r: r.backup.created),
    Column("safety.restore.col_reason", lambda r: reason_text(r.backup.reason)),
    Column(
        "safety.restore.col_state",
        lambda r: tr("safety.restore.good") if r.report.good else tr("safety.restore.bad"),
        colour=lambda r: None if r.report.good else "#b00020",
        tooltip=lambda r: r.report.problem or None,
    ),
    Column(
        "safety.restore.col_contents",
        lambda r: describe_counts(r.report.counts) if r.report.good else r.report.problem,
        tooltip=lambda r: describe_counts(r.report.counts) if r.report.good else r.report.problem,
    ),
]


class RestoreDialog(QDialog):
    """Lists backups; ``restore_requested(path)`` is what the window does on Restore."""

    def __init__(self, context: AppContext, restore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.context = context
        self._restore = restore
        self.setWindowTitle(tr("safety.restore.title"))
        layout = QVBoxLayout(self)
        self.intro = QLabel(tr("safety.restore.intro"))
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.model = RowsTableModel(COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setVisible(False)
        self.view.doubleClicked.connect(lambda _index: self.restore_selected())
        layout.addWidget(self.view, 1)
        self.empty_label = QLabel(tr("safety.restore.none"))
        layout.addWidget(self.empty_label)
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(tr("safety.restore.button"))
        self.restore_button.setObjectName("restoreButton")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(tr("safety.restore.close"))
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        layout.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.resize(860, 420)
        self.reload()

    def reload(self) -> None:
        programme = self.context.programme
        path = programme.path if programme is not None else None
        rows = [BackupRow(b, inspect_backup(b.path)) for b in list_backups(path)] if path else []
        self.model.set_rows(rows)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.empty_label.setVisible(not rows)
        first_good = next(
            (i for i in range(self.proxy.rowCount()) if self._row(i).report.good), None
        )
        if first_good is not None:
            self.view.selectRow(first_good)
        self._update_buttons()

    def _row(self, proxy_row: int) -> BackupRow:
        return self.model.row_at(self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row())

    def selected(self) -> BackupRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self._row(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        programme = self.context.programme
        writable = programme is not None and not programme.read_only
        self.restore_button.setEnabled(bool(chosen and chosen.report.good and writable))

    def confirm(self, row: BackupRow) -> bool:
        answer = QMessageBox.question(
            self,
            tr("safety.restore.title"),
            tr(
                "safety.restore.confirm", when=row.when, contents=describe_counts(row.report.counts)
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def restore_selected(self) -> Path | None:
        row = self.selected()
        if row is None or not row.report.good or not self.confirm(row):
            return None
        copy = self._restore(row.backup.path)
        if copy is not None:
            self.accept()
        return copy
