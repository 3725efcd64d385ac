"""Table models for the Teams page: ``RowsTableModel`` with cells that edit in place.

An edited cell calls back into the page, which runs the domain edit (one transaction, undoable)
and refreshes the rows afterwards; the refresh is queued so that the model is not reset while
the view is still closing the cell editor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ui.table_models import ROW_ROLE, SORT_ROLE, Column, Row, RowsTableModel

_Index = QModelIndex | QPersistentModelIndex
CellEditor = Callable[[Any, str], bool]
_ROLES_ANSWERED = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        SORT_ROLE,
        ROW_ROLE,
    }
)


class EditableRowsModel(RowsTableModel[Row]):
    """Rows whose columns listed in ``editors`` (by title key) can be edited in place."""

    def __init__(
        self, columns: Sequence[Column[Row]], editors: dict[str, CellEditor], parent=None
    ) -> None:
        super().__init__(columns, parent)
        self._editors = {
            index: editors[column.title_key]
            for index, column in enumerate(columns)
            if column.title_key in editors
        }
        self.editable = True
        self._row_by_id: dict[str, int] = {}

    def set_rows(self, rows: Sequence[Row]) -> None:
        super().set_rows(rows)
        # finding a row by id must not call back into Python for every row (10k members)
        self._row_by_id = {row.id: number for number, row in enumerate(rows)}

    def row_of(self, row_id: str) -> int | None:
        return self._row_by_id.get(row_id)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.editable and index.isValid() and index.column() in self._editors:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks ~10 roles per painted cell; answer the unused ones without work.
        if role not in _ROLES_ANSWERED:
            return None
        if role == Qt.ItemDataRole.EditRole:
            role = Qt.ItemDataRole.DisplayRole
        return super().data(index, role)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        editor = self._editors.get(index.column())
        if editor is None:
            return False
        row = self.row_at(index.row())
        text = "" if value is None else str(value)
        if text == (self.data(index) or ""):
            return False
        return editor(row, text)
