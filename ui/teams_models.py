"""Table models for the Teams page: ``RowsTableModel`` with cells that edit in place.

An edited cell calls back into the page, which runs the domain edit (one transaction, undoable)
and refreshes the rows afterwards; the refresh is queued so that the model is not reset while
the view is still closing the cell editor.

Member rows can be dragged onto a team row (``MemberRowsModel`` → ``TeamRowsModel``): the drop
calls back into the page, which moves the member exactly as the Move menu does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt

from outreach.i18n import join_list
from ui.table_models import ROW_ROLE, SORT_ROLE, Column, Row, RowsTableModel

_Index = QModelIndex | QPersistentModelIndex
CellEditor = Callable[[Any, str], bool]
# Dragged member ids, one a line (a private type: other programs ignore it).
MEMBER_MIME = "application/x-outreach-member-ids"
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


def member_ids(data: QMimeData | None) -> list[str]:
    if data is None or not data.hasFormat(MEMBER_MIME):
        return []
    text = bytes(data.data(MEMBER_MIME).data()).decode("utf-8")
    return [line for line in text.splitlines() if line]


class MemberRowsModel(EditableRowsModel[Row]):
    """Member rows that can be dragged (while the programme is writable)."""

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.editable and index.isValid():
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return [MEMBER_MIME]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = list(dict.fromkeys(self.row_at(i.row()).id for i in indexes if i.isValid()))
        data = QMimeData()
        data.setData(MEMBER_MIME, "\n".join(ids).encode("utf-8"))
        data.setText(join_list(self.row_at(i.row()).name for i in indexes[:1] if i.isValid()))
        return data


class TeamRowsModel(EditableRowsModel[Row]):
    """Team rows that accept dropped members; ``drop(member_id, team) -> bool`` moves one (the
    page shows a refusal and returns False)."""

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        editors: dict[str, CellEditor],
        drop: Callable[[str, Any], bool],
        parent=None,
    ) -> None:
        super().__init__(columns, editors, parent)
        self._drop = drop

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.editable and index.isValid():
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return [MEMBER_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def _target(self, row: int, parent: _Index):
        # on a row: ``parent`` is that row; between rows: ``row`` is the one below the line
        number = parent.row() if parent.isValid() else row
        return self.row_at(number) if 0 <= number < self.rowCount() else None

    def canDropMimeData(self, data, action, row: int, column: int, parent: _Index) -> bool:
        return self.editable and bool(member_ids(data)) and self._target(row, parent) is not None

    def dropMimeData(self, data, action, row: int, column: int, parent: _Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        team = self._target(row, parent)
        moved = False
        for member_id in member_ids(data):
            moved = self._drop(member_id, team) or moved
        return moved
