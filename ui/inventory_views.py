"""Shared pieces of the Inventory and Budget pages (the Print page and the File menu use them
too): a sortable table view over a ``RowsTableModel``, exporting a table and printing a report
through the save-file dialog of ``ui.file_dialogs``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from outreach.i18n import tr
from outreach.storage import Programme
from ui.file_dialogs import ask_save_path
from ui.table_models import ROW_ROLE, SORT_ROLE, Column, RowsTableModel


def row_key(row: Any) -> Any:
    """What a row is about (its id, or the id of the record it shows), so that the same row
    can be found again among freshly read rows; the row itself when nothing says."""
    candidates = [row]
    if is_dataclass(row):
        candidates += [getattr(row, f.name) for f in fields(row)]
    for candidate in candidates:
        for attribute in ("id", "code", "item_id", "event_id"):
            value = getattr(candidate, attribute, None)
            if isinstance(value, str | int) and value != "":
                return (type(candidate).__name__, attribute, value)
    return row


class RowsView(QTableView):
    """A read-only, sortable table of domain rows; ``selected_row()`` gives the row object."""

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows_model: RowsTableModel = RowsTableModel(columns, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.rows_model)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)

    def set_rows(self, rows: Sequence) -> None:
        # The selected row stays selected when the rows are read again (a language switch,
        # another page's change): an organiser about to reverse an entry keeps their place.
        chosen = self.selected_row()
        key = row_key(chosen) if chosen is not None else None
        self.rows_model.set_rows(rows)
        self.fit_columns()
        if key is not None:
            self.select_where(lambda row: row_key(row) == key)

    def retranslate(self) -> None:
        """New header and cell texts in the new language, and widths to fit them."""
        self.rows_model.retranslate()
        self.fit_columns()

    def fit_columns(self) -> None:
        self.resizeColumnsToContents()
        for column in range(self.rows_model.columnCount()):
            self.setColumnWidth(column, self._fitted_width(column))

    def _fitted_width(self, column: int) -> int:
        wanted = max(
            self.sizeHintForColumn(column), self.horizontalHeader().sectionSizeHint(column)
        )
        return max(72, min(wanted, 320))

    def content_width(self) -> int:
        """The width that shows every column whole (with room for a vertical scroll bar)."""
        columns = sum(self._fitted_width(c) for c in range(self.rows_model.columnCount()))
        return columns + 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()

    def selected_row(self):
        indexes = self.selectionModel().selectedRows() if self.selectionModel() else []
        if not indexes:
            return None
        return self.proxy.data(indexes[0], ROW_ROLE)

    def select_where(self, predicate) -> bool:
        for row in range(self.proxy.rowCount()):
            if predicate(self.proxy.data(self.proxy.index(row, 0), ROW_ROLE)):
                self.selectRow(row)
                return True
        return False


def export_with_dialog(
    parent: QWidget,
    context,
    exporter: Callable[[Programme, Path], int],
    suggested: str,
    tell: Callable[[str], None],
    path: str | None = None,
) -> int | None:
    """Ask where (unless ``path`` is given), export, and say how many rows went out."""
    if path is None:
        path = ask_save_path(
            parent, tr("inventory.ui.export"), suggested, "inventory.ui.table_filters"
        )
        if not path:
            return None
    try:
        rows = exporter(context.programme, Path(path))
    except (ValueError, OSError) as error:  # OSError: a folder that cannot be written
        from ui.errors import describe_error

        tell(describe_error(error))
        return None
    context.status.emit(tr("inventory.ui.exported", rows=rows, file=path))
    return rows


def print_report_with_dialog(
    parent: QWidget,
    context,
    title: str,
    suggested: str,
    write: Callable[[Path], Path],
    tell: Callable[[str], None],
    path: str | None = None,
):
    """Ask where (unless ``path`` is given) and write the PDF in the background task runner."""
    from ui.errors import describe_error
    from ui.tasks import run_task

    if path is None:
        path = ask_save_path(parent, title, suggested, "inventory.ui.pdf_filter")
        if not path:
            return None
    return run_task(
        parent,
        title,
        lambda _progress: write(Path(path)),
        on_done=lambda written: context.status.emit(tr("inventory.cli.printed", file=str(written))),
        on_error=lambda error, _text: tell(describe_error(error)),
    )
