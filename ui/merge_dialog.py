"""File ▸ Merge bundle…: what a bundle from another laptop would add, the conflicting edits for
the organiser to decide one by one (keep mine / take theirs), and rows that cannot be merged."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from outreach.exchange import labels
from outreach.exchange.bundle import Bundle
from outreach.exchange.merge import Choice, Conflict, MergeResult, merge_bundle
from outreach.i18n import join_list, tr
from ui.context import AppContext
from ui.table_models import SORT_ROLE, Column, RowsTableModel


def table_label(name: str) -> str:
    """A table as the organiser knows it ("参赛队伍", not "teams"); an unknown one as named."""
    return str(labels.table_label(name))


@dataclass
class ConflictRow:
    conflict: Conflict
    choice: Choice = "mine"

    @property
    def label(self) -> str:
        return labels.conflict_row(self.conflict)

    def changes(self) -> str:
        return labels.conflict_changes(self.conflict)


COLUMNS = [
    Column("exchange.ui.col_table", lambda r: table_label(r.conflict.table)),
    Column("exchange.ui.col_row", lambda r: r.label),
    Column("exchange.ui.col_changes", lambda r: r.changes(), tooltip=lambda r: r.changes()),
    Column(
        "exchange.ui.col_choice",
        lambda r: tr("exchange.ui.mine") if r.choice == "mine" else tr("exchange.ui.theirs"),
        colour=lambda r: "#3b6ea5" if r.choice == "theirs" else None,
    ),
]


class MergeDialog(QDialog):
    def __init__(
        self, context: AppContext, bundle: Bundle, source: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.context = context
        self.bundle = bundle
        self.result: MergeResult | None = None
        self.setWindowTitle(tr("exchange.ui.title", file=source.name))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.conflicts_label = QLabel()
        layout.addWidget(self.conflicts_label)
        self.model = RowsTableModel(COLUMNS, self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(SORT_ROLE)
        self.proxy = proxy
        self.view = QTableView()
        self.view.setModel(proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setVisible(False)
        layout.addWidget(self.view, 1)
        choices = QHBoxLayout()
        self.mine_button = QPushButton(tr("exchange.ui.keep_mine"))
        self.theirs_button = QPushButton(tr("exchange.ui.take_theirs"))
        self.mine_button.clicked.connect(lambda: self.choose_selected("mine"))
        self.theirs_button.clicked.connect(lambda: self.choose_selected("theirs"))
        choices.addWidget(self.mine_button)
        choices.addWidget(self.theirs_button)
        choices.addStretch(1)
        layout.addLayout(choices)
        self.problems_label = QLabel(tr("exchange.ui.problems"))
        self.problems = QListWidget()
        self.problems.setMaximumHeight(110)
        self.skip_problems = QCheckBox(tr("exchange.ui.skip_problems"))
        self.skip_problems.toggled.connect(lambda _on: self._update_buttons())
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems)
        layout.addWidget(self.skip_problems)
        buttons = QDialogButtonBox()
        self.merge_button = QPushButton(tr("exchange.ui.merge"))
        self.merge_button.setObjectName("mergeButton")
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(tr("common.cancel"))
        self.merge_button.clicked.connect(self.merge)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 560)
        self.preview()

    def preview(self) -> None:
        """A dry run: what would be added, and every conflict (undecided) and problem."""
        result = merge_bundle(self.context.db, self.bundle, dry_run=True, skip_problems=True)
        added = sum(result.added.values())
        self.summary.setText(
            tr(
                "exchange.ui.summary",
                programme=self.bundle.programme or "?",
                # "2026-12-04 16:59", not "2026-12-04T16:59:09"
                created=str(self.bundle.created_at or "?").replace("T", " ")[:16],
                added=added,
                unchanged=result.unchanged,
                conflicts=len(result.conflicts),
            )
        )
        if result.deleted:
            self.summary.setText(
                self.summary.text()
                + "\n"
                + tr(
                    "exchange.ui.deletions",
                    tables=join_list(
                        tr("exchange.ui.deletion_count", table=table_label(t), count=n)
                        for t, n in result.deleted.items()
                    ),
                )
            )
        self.model.set_rows([ConflictRow(c) for c in result.conflicts])
        self.conflicts_label.setText(tr("exchange.ui.conflicts", count=len(result.conflicts)))
        has_conflicts = bool(result.conflicts)
        for widget in (self.view, self.mine_button, self.theirs_button):
            widget.setVisible(has_conflicts)
        self.problems.clear()
        for problem in result.problems:
            self.problems.addItem(problem.render())
        for widget in (self.problems_label, self.problems, self.skip_problems):
            widget.setVisible(bool(result.problems))
        self._has_problems = bool(result.problems)
        self._update_buttons()

    def _update_buttons(self) -> None:
        blocked = self._has_problems and not self.skip_problems.isChecked()
        self.merge_button.setEnabled(not blocked)

    def selected_rows(self) -> list[ConflictRow]:
        return [
            self.model.row_at(self.proxy.mapToSource(index).row())
            for index in self.view.selectionModel().selectedRows()
        ]

    def choose_selected(self, choice: Choice) -> None:
        rows = self.selected_rows() or self.model.rows()
        for row in rows:
            row.choice = choice
        self.model.retranslate()  # repaint the choice column

    def choices(self) -> dict:
        return {row.conflict.ident: row.choice for row in self.model.rows()}

    def merge(self) -> MergeResult | None:
        programme = self.context.programme
        if programme is None or programme.read_only:
            return None
        programme.backup("before-merge")
        result = merge_bundle(
            programme.db,
            self.bundle,
            choices=self.choices(),
            prefer="mine",
            skip_problems=self.skip_problems.isChecked(),
        )
        self.result = result
        if result.applied:
            self.context.status.emit(
                tr(
                    "exchange.ui.done",
                    changed=result.changed,
                    deleted=sum(result.deleted.values()),
                    unchanged=result.unchanged,
                )
            )
            self.accept()
        return result
